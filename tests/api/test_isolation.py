"""No object of another workspace can be read or changed by id, and viewers change nothing."""

import pytest

from earnest.ledger.services.commitments import commitment_ask
from earnest.ledger.services.prospects import contact_add
from earnest.ledger.services.steps import next_step_add


@pytest.fixture
def objects(prospect, days):
    contact = contact_add(prospect=prospect, name="Priya")
    commitment = commitment_ask(prospect=prospect, on=days(-1), rung="intro_colleague")
    step = next_step_add(prospect=prospect, description="Call", on=days(-1), due=days(3))
    from earnest.ledger.services.conversations import conversation_log

    conversation, _ = conversation_log(prospect=prospect, on=days(-1))
    return {
        "prospect": prospect,
        "contact": contact,
        "commitment": commitment,
        "step": step,
        "conversation": conversation,
    }


def _urls(o):
    p = o["prospect"].pk
    return [
        ("get", f"/api/v1/prospects/{p}", None),
        ("patch", f"/api/v1/prospects/{p}", {"version": 1, "name": "Hacked"}),
        ("get", f"/api/v1/prospects/{p}/verdict", None),
        ("get", f"/api/v1/prospects/{p}/coach", None),
        ("get", f"/api/v1/prospects/{p}/audit", None),
        ("post", f"/api/v1/prospects/{p}/close", {"reason": "other", "note": "x"}),
        ("get", f"/api/v1/contacts/{o['contact'].pk}", None),
        ("patch", f"/api/v1/contacts/{o['contact'].pk}", {"version": 1, "name": "X"}),
        ("get", f"/api/v1/commitments/{o['commitment'].pk}", None),
        ("post", f"/api/v1/commitments/{o['commitment'].pk}/status", {"status": "agreed"}),
        ("get", f"/api/v1/next-steps/{o['step'].pk}", None),
        ("post", f"/api/v1/next-steps/{o['step'].pk}/end", {"result": "yes"}),
        ("get", f"/api/v1/conversations/{o['conversation'].pk}", None),
        ("patch", f"/api/v1/conversations/{o['conversation'].pk}", {"version": 1, "hedged": True}),
        ("post", "/api/v1/contacts", {"prospect_id": p, "name": "Intruder"}),
        ("post", "/api/v1/conversations", {"prospect_id": p}),
    ]


def _call(client, method, url, body):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type="application/json")


def test_an_outsider_gets_404_for_every_object_of_another_workspace(client_for, objects):
    client = client_for("outsider")
    for method, url, body in _urls(objects):
        response = _call(client, method, url, body)
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.json()["error"]["code"] == "not_found"
    objects["prospect"].refresh_from_db()
    assert objects["prospect"].name == "Northwind" and not objects["prospect"].close_reason


def test_an_outsider_lists_nothing_of_another_workspace(client_for, objects):
    client = client_for("outsider")
    for url in [
        "/api/v1/prospects",
        "/api/v1/contacts",
        "/api/v1/conversations",
        "/api/v1/commitments",
        "/api/v1/next-steps",
        "/api/v1/leads",
    ]:
        assert client.get(url).json()["count"] == 0, url


def test_a_viewer_reads_but_cannot_change_anything(client_for, objects):
    client = client_for("viewer")
    for method, url, body in _urls(objects):
        response = _call(client, method, url, body)
        if method == "get":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, (method, url)
            assert response.json()["error"]["code"] == "forbidden"
