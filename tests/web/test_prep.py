import pytest

from earnest.ledger.models import Prospect

pytestmark = pytest.mark.django_db


def test_it_gives_the_ask_editable_and_questions_about_their_past(owner_client, demo, ws_url):
    p = Prospect.objects.get(workspace=demo, name="Northwind Freight")
    html = owner_client.get(ws_url(f"prospects/{p.pk}/prep/")).content.decode()
    assert '<textarea id="ask" name="ask"' in html
    assert "The one commitment to ask for" in html and "Open with questions" in html
    assert "History at a glance" in html
    assert f'action="/w/{demo.slug}/prospects/{p.pk}/prep/"' in html  # saves the ask for the debrief
    assert f'href="/w/{demo.slug}/prospects/{p.pk}/debrief/"' in html


def test_it_prepares_a_first_meeting(owner_client, prospect, ws_url):
    html = owner_client.get(ws_url(f"prospects/{prospect.pk}/prep/")).content.decode()
    assert "this is the first meeting" in html
