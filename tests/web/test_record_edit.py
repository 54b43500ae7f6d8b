"""Editing and deleting records, deleting and merging prospects, and duplicates refused, in the web app."""

import pytest

from earnest.ledger.models import AuditEvent, Commitment, Contact, Conversation, NextStep, Prospect

pytestmark = pytest.mark.django_db


@pytest.fixture
def orbit(workspace, days):
    from earnest.ledger.services.conversations import AskInput, StepInput, conversation_log
    from earnest.ledger.services.prospects import contact_add, prospect_create

    p = prospect_create(workspace=workspace, name="Orbit Freight", created_on=days(-30), domain="orbit.example")
    contact_add(prospect=p, name="Priya Raman", email="priya@orbit.example")
    conversation_log(
        prospect=p,
        on=days(-3),
        notes="Loved it",
        complimented=True,
        ask=AskInput(answer="agreed", text="Share one project", currencies=("time",), due=days(5)),
        next_step=StepInput("Demo on their data", "both", days(4)),
    )
    return p


def test_it_edits_a_conversation_and_the_outcome_follows(owner_client, orbit, ws_url, days):
    c = Conversation.objects.get(prospect=orbit)
    url = ws_url(f"edit/conversation/{c.pk}/")
    assert "Loved it" in owner_client.get(url).content.decode()
    response = owner_client.post(
        url, {"on": days(-4).isoformat(), "channel": "call", "notes": "Liked it", "version": c.version}
    )
    assert response.status_code == 302 and response.url == ws_url(f"prospects/{orbit.pk}/")
    c.refresh_from_db()
    assert (c.on, c.channel, c.notes, c.complimented) == (days(-4), "call", "Liked it", False)
    assert AuditEvent.objects.filter(entity="conversation", entity_id=c.pk, action="updated").exists()


def test_a_stale_edit_is_refused_with_the_typed_values_kept(owner_client, orbit, ws_url):
    from earnest.ledger.services.steps import next_step_update

    step = NextStep.objects.get(prospect=orbit)
    seen = step.version
    next_step_update(step=step, description="Changed by someone else")
    response = owner_client.post(
        ws_url(f"edit/step/{step.pk}/"), {"description": "Mine", "owner": "both", "due": "", "version": seen}
    )
    assert response.status_code == 409 and "someone else changed this record" in response.content.decode()
    assert 'value="Mine"' in response.content.decode()
    assert NextStep.objects.get(pk=step.pk).description == "Changed by someone else"


def test_it_edits_a_commitment_and_a_contact_and_refuses_bad_input_in_place(owner_client, orbit, ws_url, days):
    c = Commitment.objects.get(prospect=orbit)
    response = owner_client.post(
        ws_url(f"edit/commitment/{c.pk}/"),
        {"description": "Share two projects", "due": days(9).isoformat(), "amount": "12k", "version": c.version},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.description, c.due, int(c.amount)) == ("Share two projects", days(9), 12000)
    bad = owner_client.post(
        ws_url(f"edit/commitment/{c.pk}/"), {"description": "x", "due": "", "amount": "lots", "version": c.version}
    )
    assert bad.status_code == 400 and "is not a number" in bad.content.decode()

    person = Contact.objects.get(prospect=orbit)
    response = owner_client.post(
        ws_url(f"edit/contact/{person.pk}/"),
        {
            "name": "Priya Raman",
            "role": "budget_owner",
            "email": "priya@orbit.example",
            "title": "CFO",
            "version": person.version,
        },
    )
    assert response.status_code == 302 and Contact.objects.get(pk=person.pk).role == "budget_owner"


@pytest.mark.parametrize(
    "kind,model", [("conversation", Conversation), ("commitment", Commitment), ("step", NextStep), ("contact", Contact)]
)
def test_it_deletes_a_record_after_asking(owner_client, orbit, ws_url, kind, model):
    row = model.objects.filter(prospect=orbit).first()
    url = ws_url(f"delete/{kind}/{row.pk}/")
    assert "cannot be undone" in owner_client.get(url).content.decode()
    assert model.objects.filter(pk=row.pk).exists()  # asking changes nothing
    response = owner_client.post(url, {"version": row.version})
    assert response.status_code == 302 and not model.objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(entity=row._meta.model_name, entity_id=row.pk, action="deleted").exists()


def test_the_prospect_page_links_to_edit_and_delete_each_record(owner_client, orbit, ws_url):
    html = owner_client.get(ws_url(f"prospects/{orbit.pk}/")).content.decode()
    for kind, model in (
        ("conversation", Conversation),
        ("commitment", Commitment),
        ("step", NextStep),
        ("contact", Contact),
    ):
        pk = model.objects.get(prospect=orbit).pk
        assert ws_url(f"edit/{kind}/{pk}/") in html and ws_url(f"delete/{kind}/{pk}/") in html
    assert ws_url(f"prospects/{orbit.pk}/delete/") in html and ws_url(f"prospects/{orbit.pk}/merge/") in html


def test_deleting_a_prospect_names_what_goes_with_it(owner_client, orbit, ws_url):
    url = ws_url(f"prospects/{orbit.pk}/delete/")
    html = owner_client.get(url).content.decode()
    assert "1 contact, 1 conversation, 1 commitment and 1 next step" in html
    wrong = owner_client.post(url, {"version": orbit.version, "confirm_name": "Orbit"})
    assert wrong.status_code == 400 and Prospect.objects.filter(pk=orbit.pk).exists()
    response = owner_client.post(url, {"version": orbit.version, "confirm_name": "orbit freight"})
    assert response.status_code == 302 and response.url == ws_url("pipeline/")
    assert not Prospect.objects.filter(pk=orbit.pk).exists() and not Conversation.objects.exists()


def test_a_duplicate_prospect_is_offered_to_open_or_add_anyway(owner_client, orbit, ws_url):
    data = {"name": "Orbit Freight Ltd", "ladder": "discovery", "domain": "", "owner": "", "notes": ""}
    response = owner_client.post(ws_url("prospects/new/"), data)
    html = response.content.decode()
    assert response.status_code == 400 and "may already exist" in html
    assert ws_url(f"prospects/{orbit.pk}/") in html and "add it anyway" in html
    assert Prospect.objects.count() == 1
    response = owner_client.post(ws_url("prospects/new/"), {**data, "allow_duplicate": "1"})
    assert response.status_code == 302 and Prospect.objects.count() == 2


def test_a_duplicate_contact_is_refused_in_place(owner_client, orbit, ws_url):
    data = {"name": "P. Raman", "role": "other", "title": "", "email": "PRIYA@orbit.example"}
    html = owner_client.post(ws_url(f"prospects/{orbit.pk}/contacts/"), data, HTTP_HX_REQUEST="true").content.decode()
    assert "may already be recorded" in html and "Priya Raman at Orbit Freight" in html
    assert Contact.objects.count() == 1


def test_it_merges_a_duplicate_with_everything_moved(owner_client, orbit, workspace, ws_url, days):
    from earnest.ledger.services.prospects import contact_add, prospect_create

    twin = prospect_create(workspace=workspace, name="Orbit Freight GmbH", created_on=days(-50))
    contact_add(prospect=twin, name="Tom Berg")
    html = owner_client.get(ws_url(f"prospects/{orbit.pk}/merge/")).content.decode()
    assert "Orbit Freight GmbH" in html and "same name" in html
    response = owner_client.post(ws_url(f"prospects/{orbit.pk}/merge/"), {"absorb": twin.pk, "version": orbit.version})
    assert response.status_code == 302
    assert not Prospect.objects.filter(pk=twin.pk).exists()
    orbit.refresh_from_db()
    assert orbit.created_on == days(-50)
    assert set(orbit.contacts.values_list("name", flat=True)) == {"Priya Raman", "Tom Berg"}
    assert orbit.audit_events.filter(action="merged").exists()


def test_a_viewer_cannot_edit_or_delete(client, viewer, orbit, ws_url):
    client.force_login(viewer)
    step = NextStep.objects.get(prospect=orbit)
    assert client.post(ws_url(f"delete/step/{step.pk}/"), {"version": step.version}).status_code == 403
    assert client.post(ws_url(f"prospects/{orbit.pk}/delete/"), {"confirm_name": "Orbit Freight"}).status_code == 403
    assert NextStep.objects.filter(pk=step.pk).exists()


def test_an_outsider_sees_nothing(outsider_client, orbit, ws_url):
    step = NextStep.objects.get(prospect=orbit)
    assert outsider_client.get(ws_url(f"edit/step/{step.pk}/")).status_code == 404
