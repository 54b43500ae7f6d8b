def test_it_creates_lists_and_paginates_prospects(client_for):
    client = client_for("owner")
    for i in range(3):
        r = client.post("/api/v1/prospects", {"name": f"P{i}", "ladder": "b2b"}, content_type="application/json")
        assert r.status_code == 201 and r.json()["version"] == 1
    page = client.get("/api/v1/prospects?limit=2&offset=0").json()
    assert page["count"] == 3 and [p["name"] for p in page["items"]] == ["P0", "P1"]
    assert client.get("/api/v1/prospects?q=P2").json()["count"] == 1


def test_a_domain_error_is_a_400_with_a_message(client_for):
    r = client_for("owner").post(
        "/api/v1/prospects", {"name": "Acme", "ladder": "nope"}, content_type="application/json"
    )
    assert r.status_code == 400
    assert r.json()["error"] == {"code": "invalid", "message": r.json()["error"]["message"]}
    assert "no ladder 'nope'" in r.json()["error"]["message"]


def test_a_domain_that_is_no_domain_name_is_a_400_and_a_web_address_is_shortened(client_for):
    client = client_for("owner")
    refused = client.post(
        "/api/v1/prospects", {"name": "Acme", "domain": "not a domain"}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid"
    assert "domain 'not a domain' is not a domain name" in refused.json()["error"]["message"]
    made = client.post(
        "/api/v1/prospects", {"name": "Acme", "domain": "https://www.acme.com/"}, content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["domain"] == "acme.com"
    edit = client.patch(
        f"/api/v1/prospects/{made.json()['id']}", {"version": 1, "domain": "http://x"}, content_type="application/json"
    )
    assert edit.status_code == 400 and "'http://x' is not a domain name" in edit.json()["error"]["message"]


def test_a_malformed_body_is_a_422_listing_the_fields(client_for):
    r = client_for("owner").post("/api/v1/prospects", {"name": ""}, content_type="application/json")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "validation" and r.json()["error"]["details"]


def test_an_over_long_name_is_refused_with_the_limit_and_nothing_is_saved(client_for):
    from earnest.ledger.models import Prospect

    r = client_for("owner").post("/api/v1/prospects", {"name": "x" * 5000}, content_type="application/json")
    assert r.status_code == 422
    assert "200" in str(r.json()["error"]["details"])
    assert not Prospect.objects.filter(name__startswith="xxx").exists()


def test_an_edit_on_a_stale_version_is_refused_with_409(client_for, prospect):
    client = client_for("owner")
    first = client.patch(
        f"/api/v1/prospects/{prospect.pk}", {"version": 1, "owner": "Ana"}, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch(
        f"/api/v1/prospects/{prospect.pk}", {"version": 1, "owner": "Ben"}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    prospect.refresh_from_db()
    assert prospect.owner == "Ana"


def test_logging_a_conversation_returns_the_computed_outcome_and_the_verdict_follows(client_for, prospect, days):
    client = client_for("owner")
    body = {
        "prospect_id": prospect.pk,
        "on": days(-1).isoformat(),
        "ask": {"answer": "agreed", "rung": "intro_colleague"},
        "next_step": {"description": "Intro call", "owner": "both", "due": days(4).isoformat()},
    }
    r = client.post("/api/v1/conversations", body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["outcome"] == "advanced"
    verdict = client.get(f"/api/v1/prospects/{prospect.pk}/verdict").json()
    assert verdict["verdict"] == "real" and verdict["reasons"]
    leads = client.get("/api/v1/leads?verdict=real").json()
    assert leads["count"] == 1
    assert client.get("/api/v1/leads?verdict=warm").status_code == 400


def test_the_audit_trail_names_who_changed_what(client_for, prospect, team):
    client = client_for("owner")
    client.patch(f"/api/v1/prospects/{prospect.pk}", {"version": 1, "owner": "Ana"}, content_type="application/json")
    events = client.get(f"/api/v1/prospects/{prospect.pk}/audit").json()["items"]
    assert events[0]["action"] == "updated" and events[0]["actor"] == "owner"
    assert events[0]["changes"] == {"owner": ["", "Ana"]}


def test_commitment_status_moves_along_the_lifecycle(client_for, prospect, days):
    client = client_for("owner")
    c = client.post(
        "/api/v1/commitments", {"prospect_id": prospect.pk, "rung": "pre_order"}, content_type="application/json"
    ).json()
    assert c["status"] == "asked" and c["currencies"] == ["money"]
    r = client.post(f"/api/v1/commitments/{c['id']}/status", {"status": "fulfilled"}, content_type="application/json")
    assert r.status_code == 400
    r = client.post(f"/api/v1/commitments/{c['id']}/status", {"status": "agreed"}, content_type="application/json")
    assert r.json()["status"] == "agreed"


def test_custom_ladders_can_be_put_and_deleted(client_for):
    client = client_for("owner")
    source = (
        'key = "agency"\nname = "Agency"\n[[rungs]]\nkey = "call"\nlabel = "Call"\ncurrencies = ["time"]\nweight = 1\n'
    )
    r = client.put("/api/v1/ladders/agency", {"source": source}, content_type="application/json")
    assert r.status_code == 200 and r.json()["key"] == "agency"
    bad = client.put(
        "/api/v1/ladders/agency", {"source": source.replace('"time"', '"fame"')}, content_type="application/json"
    )
    assert bad.status_code == 400 and ":6" in bad.json()["error"]["message"]
    assert client.delete("/api/v1/ladders/agency").status_code == 204
    assert client.get("/api/v1/ladders/agency").status_code == 404


def test_the_coach_brief_and_debrief_answer_for_a_logged_conversation(client_for, prospect, days):
    client = client_for("owner")
    logged = client.post(
        "/api/v1/conversations",
        {"prospect_id": prospect.pk, "on": days(-1).isoformat(), "complimented": True},
        content_type="application/json",
    ).json()
    assert logged["outcome"] == "complimented"
    assert client.get(f"/api/v1/prospects/{prospect.pk}/coach").json()["kind"] in {"ask", "salvage"}
    brief = client.get(f"/api/v1/prospects/{prospect.pk}/brief").json()
    assert brief["questions"] and brief["ask"]["text"]
    debrief = client.get(f"/api/v1/conversations/{logged['conversation']['id']}/debrief").json()
    assert debrief["outcome"] == "complimented" and debrief["failure"] and debrief["salvage"]


def test_an_absurd_page_size_is_refused_not_a_crash(client_for):
    client = client_for("owner")
    for url in ["/api/v1/prospects?limit=3101517183722814099520422412288", "/api/v1/leads?offset=99999999999999999999"]:
        response = client.get(url)
        assert response.status_code == 422, url


def _list_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # let snapshots and caches settle
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_endpoints_take_the_same_queries_for_3_or_12_prospects(client_for, workspace, days):
    from earnest.ledger.services.conversations import AskInput, StepInput, conversation_log
    from earnest.ledger.services.prospects import contact_add, prospect_create

    def add(n):
        for i in range(n):
            p = prospect_create(workspace=workspace, name=f"P{i}-{n}", created_on=days(-20))
            c = contact_add(prospect=p, name="Kim")
            conversation_log(
                prospect=p,
                on=days(-3),
                contacts=[c],
                ask=AskInput(answer="agreed", rung="intro_colleague"),
                next_step=StepInput("Call", "both", days(3)),
            )

    client = client_for("owner")
    urls = [
        "/api/v1/prospects",
        "/api/v1/contacts",
        "/api/v1/conversations",
        "/api/v1/commitments",
        "/api/v1/next-steps",
        "/api/v1/leads",
    ]
    add(3)
    few = {url: _list_queries(client, url) for url in urls}
    add(9)
    assert {url: _list_queries(client, url) for url in urls} == few


def test_a_ladder_edit_on_a_stale_version_is_refused_with_409(client_for):
    client = client_for("owner")
    source = (
        'key = "agency"\nname = "Agency"\n[[rungs]]\nkey = "call"\nlabel = "Call"\ncurrencies = ["time"]\nweight = 1\n'
    )
    created = client.put("/api/v1/ladders/agency", {"source": source}, content_type="application/json")
    assert created.json()["version"] == 1
    first = client.put(
        "/api/v1/ladders/agency",
        {"source": source.replace("Agency", "A2"), "version": 1},
        content_type="application/json",
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.put(
        "/api/v1/ladders/agency",
        {"source": source.replace("Agency", "A3"), "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert client.get("/api/v1/ladders/agency").json()["name"] == "A2"


def test_records_can_be_deleted_and_the_verdict_follows(client_for, prospect, days):
    from earnest.ledger.models import AuditEvent, Commitment, Prospect

    client = client_for("owner")
    c = client.post(
        "/api/v1/commitments", {"prospect_id": prospect.pk, "rung": "intro_colleague"}, content_type="application/json"
    ).json()
    client.post(f"/api/v1/commitments/{c['id']}/status", {"status": "agreed"}, content_type="application/json")
    assert client.get(f"/api/v1/prospects/{prospect.pk}/verdict").json()["verdict"] == "real"
    assert client.delete(f"/api/v1/commitments/{c['id']}?version=1").status_code == 409
    assert client.delete(f"/api/v1/commitments/{c['id']}").status_code == 204
    assert not Commitment.objects.exists()
    assert client.get(f"/api/v1/prospects/{prospect.pk}/verdict").json()["verdict"] == "unasked"
    assert client.delete(f"/api/v1/prospects/{prospect.pk}").status_code == 204
    assert not Prospect.objects.exists()
    assert AuditEvent.objects.filter(entity="prospect", action="deleted", prospect=None).exists()


def test_a_viewer_and_an_outsider_cannot_delete(client_for, prospect):
    assert client_for("viewer").delete(f"/api/v1/prospects/{prospect.pk}").status_code == 403
    assert client_for("outsider").delete(f"/api/v1/prospects/{prospect.pk}").status_code == 404
    prospect.refresh_from_db()


def test_ids_beyond_what_a_database_can_hold_find_nothing_instead_of_crashing(client_for):
    client = client_for("owner")
    huge = "108886239449708625920"
    assert client.get(f"/api/v1/contacts?prospect_id=-{huge}").json()["count"] == 0
    assert client.get(f"/api/v1/conversations?prospect_id={huge}").json()["count"] == 0
    assert client.get(f"/api/v1/prospects/{huge}").status_code == 404
    r = client.post("/api/v1/contacts", {"prospect_id": int(huge), "name": "X"}, content_type="application/json")
    assert r.status_code == 404


def test_a_list_total_is_counted_once_per_change_and_follows_writes(client_for, workspace, days):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from earnest.ledger.services.prospects import prospect_create

    client = client_for("owner")
    for i in range(3):
        prospect_create(workspace=workspace, name=f"Count {i}", created_on=days(-2))
    assert client.get("/api/v1/prospects?limit=1").json()["count"] == 3
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/prospects?limit=1&offset=1").json()["count"] == 3
    assert not any("COUNT(" in q["sql"] for q in ctx.captured_queries)
    # A filter is a different list with its own total.
    assert client.get("/api/v1/prospects?q=count 1").json()["count"] == 1
    prospect_create(workspace=workspace, name="Count 3", created_on=days(-1))
    assert client.get("/api/v1/prospects?limit=1").json()["count"] == 4
