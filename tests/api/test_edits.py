"""Duplicates, merges and corrections through the API."""

J = "application/json"


def test_a_duplicate_prospect_is_a_409_naming_it_unless_allowed(client_for, prospect):
    client = client_for("owner")
    r = client.post("/api/v1/prospects", {"name": "northwind inc"}, content_type=J)
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert f"Northwind (id {prospect.pk}, same name)" in r.json()["error"]["message"]
    assert (
        client.post("/api/v1/prospects?allow_duplicate=true", {"name": "northwind inc"}, content_type=J).status_code
        == 201
    )


def test_a_duplicate_contact_email_is_a_409(client_for, prospect):
    client = client_for("owner")
    body = {"prospect_id": prospect.pk, "name": "Ana", "email": "ana@northwind.example"}
    assert client.post("/api/v1/contacts", body, content_type=J).status_code == 201
    assert client.post("/api/v1/contacts", {**body, "name": "Ana B."}, content_type=J).status_code == 409


def test_a_merge_moves_everything_and_deletes_the_duplicate(client_for, prospect, workspace, days):
    from earnest.ledger.models import Prospect
    from earnest.ledger.services.prospects import contact_add, prospect_create

    twin = prospect_create(workspace=workspace, name="Northwind AG", created_on=days(-5))
    contact_add(prospect=twin, name="Ana")
    r = client_for("owner").post(f"/api/v1/prospects/{prospect.pk}/merge?absorb_id={twin.pk}")
    assert r.status_code == 200 and r.json()["moved"]["contacts"] == 1
    assert not Prospect.objects.filter(pk=twin.pk).exists() and prospect.contacts.count() == 1
    assert client_for("viewer").post(f"/api/v1/prospects/{prospect.pk}/merge?absorb_id=1").status_code == 403


def test_a_commitment_and_a_conversation_can_be_corrected(client_for, prospect, days):
    from earnest.ledger.services.commitments import commitment_ask
    from earnest.ledger.services.conversations import conversation_log

    client = client_for("owner")
    c = commitment_ask(prospect=prospect, on=days(-2), description="Share data", currencies=["time"])
    r = client.patch(
        f"/api/v1/commitments/{c.pk}", {"version": 1, "due": days(7).isoformat(), "amount": "5k"}, content_type=J
    )
    assert r.status_code == 200 and r.json()["due"] == days(7).isoformat() and float(r.json()["amount"]) == 5000
    stale = client.patch(f"/api/v1/commitments/{c.pk}", {"version": 1, "description": "x"}, content_type=J)
    assert stale.status_code == 409
    talk, _ = conversation_log(prospect=prospect, on=days(-1))
    r = client.patch(
        f"/api/v1/conversations/{talk.pk}",
        {"version": 1, "on": days(-2).isoformat(), "channel": "call"},
        content_type=J,
    )
    assert r.status_code == 200 and (r.json()["on"], r.json()["channel"]) == (days(-2).isoformat(), "call")
