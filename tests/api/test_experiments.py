"""Segments, experiments and the asks table over the API."""

import pytest

JSON = "application/json"


@pytest.fixture(autouse=True)
def _today(monkeypatch, today):
    monkeypatch.setenv("EARNEST_TODAY", today.isoformat())  # the API judges as of the tests' day


def test_it_tags_prospects_and_lists_tags(client_for, prospect):
    client = client_for("owner")
    url = f"/api/v1/prospects/{prospect.pk}/tags"
    assert client.put(url, {"tags": ["Logistics", "eu"]}, content_type=JSON).json()["tags"] == ["eu", "logistics"]
    assert client.post(url, {"tags": ["series-a"]}, content_type=JSON).json()["tags"] == ["eu", "logistics", "series-a"]
    assert client.delete(f"{url}/eu").json()["tags"] == ["logistics", "series-a"]
    assert client.get(url).json()["tags"] == ["logistics", "series-a"]
    assert client.get(f"/api/v1/prospects/{prospect.pk}").json()["tags"] == ["logistics", "series-a"]
    listed = client.get("/api/v1/prospects").json()
    assert next(p for p in listed["items"] if p["id"] == prospect.pk)["tags"] == ["logistics", "series-a"]
    assert client.get("/api/v1/tags").json() == [
        {"name": "logistics", "prospects": 1},
        {"name": "series-a", "prospects": 1},
    ]
    bad = client.post(url, {"tags": ["no good!"]}, content_type=JSON)
    assert bad.status_code == 400 and "tag" in bad.json()["error"]["message"]
    assert client.delete(f"{url}/nothing").status_code == 400


def test_it_adds_judges_and_revises_an_experiment(client_for, prospect, days):
    client = client_for("owner")
    client.put(f"/api/v1/prospects/{prospect.pk}/tags", {"tags": ["logistics"]}, content_type=JSON)
    client.post(
        "/api/v1/conversations",
        {
            "prospect_id": prospect.pk,
            "on": days(-1).isoformat(),
            "ask": {"answer": "agreed", "rung": "intro_colleague"},
        },
        content_type=JSON,
    )
    body = {
        "name": "intros",
        "hypothesis": "Ops leads introduce us to a colleague",
        "segment": "logistics",
        "rung": "intro_colleague",
        "at_least": 1,
        "deadline": days(20).isoformat(),
    }
    created = client.post("/api/v1/experiments", body, content_type=JSON)
    assert created.status_code == 201, created.json()
    assert (created.json()["status"], created.json()["count"], created.json()["target"]) == ("validated", 1, 1)
    (listed,) = client.get("/api/v1/experiments").json()
    assert listed["name"] == "intros" and listed["counted"][0]["prospect_id"] == prospect.pk
    revised = client.post(f"/api/v1/experiments/{listed['id']}/revise", {"at_least": 2}, content_type=JSON)
    assert revised.status_code == 201
    assert (revised.json()["version"], revised.json()["status"]) == (2, "running")
    assert revised.json()["versions"][0]["status"] == "validated"
    assert client.get(f"/api/v1/experiments/{listed['id']}").json()["status"] == "validated"
    again = client.post(f"/api/v1/experiments/{listed['id']}/revise", {"at_least": 3}, content_type=JSON)
    assert again.status_code == 400 and "revise the latest version" in again.json()["error"]["message"]
    asks = client.get("/api/v1/asks?segment=logistics").json()
    assert asks["rungs"][0]["rung"] == "intro_colleague" and asks["rungs"][0]["agreed"] == 1


def test_a_bad_experiment_is_a_400_and_nothing_is_saved(client_for, days):
    client = client_for("owner")
    r = client.post(
        "/api/v1/experiments",
        {"name": "x", "hypothesis": "h", "segment": "s", "money": True, "deadline": days(60).isoformat()},
        content_type=JSON,
    )
    assert r.status_code == 400 and "--at-least" in r.json()["error"]["message"]
    assert client.get("/api/v1/experiments").json() == []


def test_viewers_read_outsiders_see_nothing(client_for, prospect, days):
    owner = client_for("owner")
    body = {
        "name": "x",
        "hypothesis": "h",
        "segment": "s",
        "money": True,
        "at_least": 1,
        "deadline": days(60).isoformat(),
    }
    made = owner.post("/api/v1/experiments", body, content_type=JSON).json()
    viewer = client_for("viewer")
    assert viewer.get("/api/v1/experiments").status_code == 200
    assert viewer.post("/api/v1/experiments", {**body, "name": "y"}, content_type=JSON).status_code == 403
    outsider = client_for("outsider")
    assert outsider.get(f"/api/v1/experiments/{made['id']}").status_code == 404
    assert outsider.get(f"/api/v1/prospects/{prospect.pk}/tags").status_code == 404
    assert outsider.get("/api/v1/experiments").json() == []
