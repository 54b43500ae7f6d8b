import pytest

from earnest.ledger.models import Contact, NextStep, Prospect

pytestmark = pytest.mark.django_db


def test_it_shows_verdict_strength_earlyvangelist_people_and_coach(owner_client, demo, ws_url):
    p = Prospect.objects.get(workspace=demo, name="Northwind Freight")
    html = owner_client.get(ws_url(f"prospects/{p.pk}/")).content.decode()
    for text in (
        "Verdict",
        "Commitment strength",
        "Earlyvangelist",
        "People",
        "The coach",
        "Timeline",
        "Ana Silva",
        "Has problem",
    ):
        assert text in html, text


def test_it_warns_when_only_one_person_is_involved(owner_client, prospect, ws_url):
    Contact.objects.create(workspace=prospect.workspace, prospect=prospect, name="Solo", role="champion")
    assert "Only one person is involved" in owner_client.get(ws_url(f"prospects/{prospect.pk}/")).content.decode()


def test_it_adds_a_prospect(owner_client, workspace, ws_url):
    response = owner_client.post(ws_url("prospects/new/"), {"name": "Acme", "ladder": "b2b", "domain": "acme.example"})
    p = Prospect.objects.get(workspace=workspace, name="Acme")
    assert response.url == ws_url(f"prospects/{p.pk}/")


def test_it_keeps_what_was_typed_when_adding_a_prospect_fails(owner_client, workspace, ws_url):
    response = owner_client.post(
        ws_url("prospects/new/"), {"name": "", "ladder": "b2b", "domain": "kept.example", "notes": "Met at the fair"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required" in html and 'value="kept.example"' in html and "Met at the fair" in html


def test_a_domain_that_is_no_domain_name_is_refused_in_place(owner_client, workspace, ws_url):
    response = owner_client.post(ws_url("prospects/new/"), {"name": "Acme", "ladder": "b2b", "domain": "http://x"})
    html = response.content.decode()
    assert response.status_code == 400 and "is not a domain name: write it like acme.com" in html
    assert 'value="http://x"' in html and not Prospect.objects.filter(workspace=workspace).exists()
    owner_client.post(ws_url("prospects/new/"), {"name": "Acme", "ladder": "b2b", "domain": "https://www.acme.com/"})
    assert Prospect.objects.get(workspace=workspace).domain == "acme.com"


def test_it_adds_a_contact_in_place_and_keeps_input_on_error(owner_client, prospect, ws_url):
    url = ws_url(f"prospects/{prospect.pk}/contacts/")
    bad = owner_client.post(
        url, {"name": "Priya", "role": "champion", "email": "not-an-email"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Enter a valid email address" in bad and 'value="Priya"' in bad and "<html" not in bad
    owner_client.post(url, {"name": "Priya", "role": "champion", "email": "priya@x.example"}, HTTP_HX_REQUEST="true")
    assert Contact.objects.filter(prospect=prospect, name="Priya").exists()


def test_it_shows_a_rule_broken_by_the_input_as_a_form_error(owner_client, prospect, ws_url, days):
    html = owner_client.post(
        ws_url(f"prospects/{prospect.pk}/park/"), {"reason": "Budget in spring", "until": days(-5).isoformat()}
    ).content.decode()
    assert "is not after" in html and "Budget in spring" in html


def test_it_adds_a_next_step(owner_client, prospect, ws_url, days):
    owner_client.post(
        ws_url(f"prospects/{prospect.pk}/steps/"),
        {"description": "Call Priya", "owner": "us", "due": days(2).isoformat()},
    )
    assert NextStep.objects.filter(prospect=prospect, description="Call Priya").exists()


def test_it_closes_and_reopens(owner_client, prospect, ws_url):
    owner_client.post(ws_url(f"prospects/{prospect.pk}/close/"), {"reason": "no_budget", "note": "Frozen"})
    prospect.refresh_from_db()
    assert prospect.close_reason == "no_budget"
    owner_client.post(
        ws_url(f"prospects/{prospect.pk}/reopen/"),
        {"next": ws_url(f"prospects/{prospect.pk}/"), "version": prospect.version},
    )
    prospect.refresh_from_db()
    assert prospect.close_reason == ""


def test_it_escapes_what_users_type(owner_client, workspace, ws_url):
    owner_client.post(ws_url("prospects/new/"), {"name": "<script>alert(1)</script>", "ladder": "b2b"})
    p = Prospect.objects.get(workspace=workspace)
    html = owner_client.get(ws_url(f"prospects/{p.pk}/")).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_it_names_rungs_dates_and_yes_no_in_words_never_keys(owner_client, demo, ws_url):
    p = Prospect.objects.get(workspace=demo, name="Northwind Freight")
    html = owner_client.get(ws_url(f"prospects/{p.pk}/")).content.decode()
    assert "Asked: Shared project data for a tailored demo" in html
    for raw in ("shares_project_data", "evaluation_effort", ">True<", ">False<", "no_next_step"):
        assert raw not in html, raw
    import re

    # Dates read as text (attributes such as an input's example or <time datetime> are for machines).
    text = re.sub(r'\s(placeholder|value|datetime)="[^"]*"', "", html.split("<main", 1)[1])
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), "an ISO date is shown"


def test_no_demo_prospects_page_shows_a_rung_key_or_an_iso_date(owner_client, demo, ws_url):
    import re

    from earnest.ledger.reads.selectors import workspace_ladders

    keys = {r.key for ladder in workspace_ladders(demo).values() for r in ladder.rungs}
    for p in Prospect.objects.filter(workspace=demo):
        html = owner_client.get(ws_url(f"prospects/{p.pk}/")).content.decode()
        text = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1])
        shown = set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text)) & keys
        assert not shown, (p.name, shown)
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), p.name
