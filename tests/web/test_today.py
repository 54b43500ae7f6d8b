import pytest

from earnest.ledger.models import Commitment, NextStep

pytestmark = pytest.mark.django_db


def test_it_lists_what_needs_attention_with_one_click_fixes(owner_client, demo, ws_url):
    html = owner_client.get(ws_url()).content.decode()
    assert "Overdue next steps" in html and "It happened" in html
    assert "Promises past their date" in html and "They did it" in html
    assert "See why, and the salvage ask" in html


def test_it_ends_an_overdue_step_in_place(owner_client, demo, ws_url, today):
    step = NextStep.objects.filter(workspace=demo, result="", due__lt=today).first()
    response = owner_client.post(ws_url(f"steps/{step.pk}/done/"), {"result": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "as happened" in response.content.decode()
    step.refresh_from_db()
    assert step.result == "yes"


def test_it_marks_a_commitment_broken_and_redirects_without_htmx(owner_client, demo, ws_url):
    c = Commitment.objects.filter(workspace=demo, status="agreed").first()
    response = owner_client.post(ws_url(f"commitments/{c.pk}/status/"), {"to": "broken", "next": ws_url()})
    assert response.status_code == 302 and response.url == ws_url()
    c.refresh_from_db()
    assert c.status == "broken"


def test_it_reports_an_impossible_move_instead_of_failing(owner_client, demo, ws_url):
    c = Commitment.objects.filter(workspace=demo, status="fulfilled").first()
    response = owner_client.post(ws_url(f"commitments/{c.pk}/status/"), {"to": "agreed"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "alert-error" in response.content.decode()


def test_it_says_what_to_do_when_nothing_needs_attention(owner_client, workspace, ws_url):
    assert "Nothing needs you today" in owner_client.get(ws_url()).content.decode()
