"""F9: per-token and per-person rate limits (429 with Retry-After) and bounded interactive analysis."""

import time

import pytest
from django.test import Client

from earnest.api import limits


@pytest.fixture
def low_limits(settings, monkeypatch):
    """Small allowances, counted in one window that does not turn while the test runs."""
    monkeypatch.setattr(limits, "_clock", lambda: 1_800_000_010.0)
    settings.API_RATE_PER_TOKEN = 3
    settings.API_RATE_PER_USER = 5
    settings.API_ANALYZE_RATE_PER_USER = 2


def test_a_token_gets_429_with_retry_after_once_its_minute_is_spent(client_for, low_limits):
    client = client_for("owner")
    assert [client.get("/api/v1/prospects").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/prospects")
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"
    assert refused["Retry-After"] == "51"  # the window ends 50 s after the frozen clock, plus one


def test_the_person_has_one_allowance_over_all_their_tokens(client_for, low_limits):
    first, second = client_for("owner"), client_for("owner")
    statuses = [c.get("/api/v1/prospects").status_code for c in (first, second, first, second, first, second)]
    assert statuses.count(200) == 5 and statuses[-1] == 429


def test_a_browser_session_counts_against_the_person_too(team, low_limits):
    client = Client()
    client.force_login(team["owner"])
    statuses = [client.get("/api/v1/prospects").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_one_callers_limit_leaves_others_alone(client_for, low_limits):
    owner, viewer = client_for("owner"), client_for("viewer")
    for _ in range(4):
        owner.get("/api/v1/prospects")
    assert owner.get("/api/v1/prospects").status_code == 429
    assert viewer.get("/api/v1/prospects").status_code == 200


def test_bad_tokens_do_not_spend_a_members_allowance(client_for, low_limits):
    stranger = Client(HTTP_AUTHORIZATION="Bearer ern_made-up")
    for _ in range(10):
        assert stranger.get("/api/v1/prospects").status_code == 401
    assert client_for("owner").get("/api/v1/prospects").status_code == 200


def test_interactive_analysis_is_limited_to_50000_characters(client_for):
    client = client_for("owner")
    too_long = client.post(
        "/api/v1/analyze", {"text": "x" * (limits.ANALYZE_MAX_CHARS + 1)}, content_type="application/json"
    )
    assert too_long.status_code == 422 and too_long.json()["error"]["code"] == "validation"
    fits = client.post(
        "/api/v1/analyze", {"text": "We will pay 5,000 for a pilot. " * 100}, content_type="application/json"
    )
    assert fits.status_code == 200


def test_interactive_analysis_has_its_own_smaller_rate(client_for, low_limits, settings):
    settings.API_RATE_PER_TOKEN = settings.API_RATE_PER_USER = 100
    client = client_for("owner")
    statuses = [
        client.post("/api/v1/analyze", {"text": "Sounds great."}, content_type="application/json").status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/prospects").status_code == 200


def test_an_analysis_over_its_time_budget_answers_503_and_frees_the_thread():
    started = time.monotonic()
    with pytest.raises(limits.OverBudget, match="earnest analyze --jsonl"):
        limits.within_budget(time.sleep, 1.0, budget=0.1)
    assert time.monotonic() - started < 0.5
    assert limits.within_budget(sum, [1, 2, 3], budget=5) == 6  # the worker is free again afterwards


def test_a_new_minute_brings_a_new_allowance(client_for, low_limits, monkeypatch):
    client = client_for("owner")
    for _ in range(3):
        client.get("/api/v1/prospects")
    assert client.get("/api/v1/prospects").status_code == 429
    monkeypatch.setattr(limits, "_clock", lambda: 1_800_000_070.0)
    assert client.get("/api/v1/prospects").status_code == 200
