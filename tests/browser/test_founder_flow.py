"""One founder's morning in a real browser: sign in, add a lead, prepare, debrief, see the verdict move."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date, timedelta

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.browser

NOTES = (
    "Met Priya and Marcus. Priya said it looks great. Priya agreed to share last month's invoices by Friday. "
    "We will do a working session next Tuesday at 10:00 with her and Marcus. "
    "They worry it is too expensive for this year."
)


def _kpi(page, label: str) -> int:
    return int(page.locator(".kpi", has_text=label).locator("b").inner_text().replace(",", ""))


def test_the_login_link_works_only_once(server, browser, signed_in):
    base, link = server
    context = browser.new_context()
    page = context.new_page()
    page.goto(link)  # already used by the signed-in session
    assert page.get_by_text("expired or was already used").is_visible()
    context.close()


def test_a_founder_signs_in_adds_a_lead_prepares_and_debriefs_it(server, page, shoot):
    base, link = server
    page.goto(base + "/")
    page.wait_for_url(re.compile(r"/w/demo/$"))
    assert page.get_by_role("heading", name="Today", exact=True).is_visible()
    shoot(page, "01-today")

    page.get_by_role("link", name="Dashboard").click()
    real_before = _kpi(page, "real leads")
    shoot(page, "02-dashboard-before")
    page.get_by_role("link", name="Pipeline").click()
    shoot(page, "03-pipeline")
    readme = shoot(page, "readme", full_page=False)
    if os.environ.get("EARNEST_UPDATE_README_SCREENSHOT") == "1":
        shutil.copy(readme, ROOT / "docs" / "screenshot.png")
    page.get_by_label("Columns by").select_option("rung")
    page.wait_for_selector("text=Not on the ladder yet")
    shoot(page, "04-pipeline-by-rung")

    # Add a prospect; a first try without a name keeps what was typed.
    page.get_by_role("link", name="+ Add a prospect").click()
    page.get_by_label("Domain").fill("acme.example")
    page.get_by_role("button", name="Add prospect").click()
    assert page.get_by_text("This field is required").is_visible()
    assert page.get_by_label("Domain").input_value() == "acme.example"
    shoot(page, "05-add-prospect-error")
    page.get_by_label("Name").fill("Acme Logistics")
    page.get_by_label("Ladder").select_option("b2b")
    page.get_by_role("button", name="Add prospect").click()
    page.wait_for_url(re.compile(r"/prospects/\d+/$"))
    assert page.get_by_test_id("verdict").inner_text() == "Unasked"

    for name, role in (("Priya Raman", "champion"), ("Marcus Lee", "decision_maker")):
        page.get_by_text("Add a person").click()
        form = page.locator("#contacts form")
        form.get_by_label("Name").fill(name)
        form.get_by_label("Role").select_option(role)
        form.get_by_role("button", name="Add person").click()
        page.wait_for_selector(f"#contacts >> text={name}")
    shoot(page, "06-prospect-new")

    # Prepare: the coach's ask, edited and saved; the debrief carries it in and wants its answer.
    page.get_by_role("link", name="Prepare a meeting").click()
    ask = page.get_by_label("Your ask, in your words")
    ask.fill("Could you share one real month of invoices so the demo runs on your data?")
    page.get_by_label("Rung it aims at").select_option("shares_project_data")
    shoot(page, "07-prep")
    page.get_by_role("button", name="Save this ask for the meeting").click()
    page.wait_for_url(re.compile(r"/prospects/\d+/$"))
    page.get_by_role("link", name="Debrief a meeting").click()
    assert "one real month of invoices" in page.get_by_label("What you asked for").input_value()
    assert page.get_by_test_id("planned-ask").is_visible()

    # Debrief from pasted notes; accept the analyzer's offers.
    page.get_by_label("Priya Raman (Champion)").check()
    page.get_by_label("Notes").fill(NOTES)
    page.get_by_role("button", name="Analyze notes").click()
    page.wait_for_selector("[data-testid=highlighted-notes] mark")
    for offer in page.locator("label.offer").all():
        kind = offer.locator(".kind").inner_text().lower()
        if kind in ("commitment", "next step", "objection"):
            offer.locator("input").check()
    page.get_by_label("Their answer").select_option("agreed")
    page.get_by_label("They will do it by").fill((date.today() + timedelta(days=4)).isoformat())
    page.wait_for_selector("[data-testid=outcome]:text('Advanced')")
    shoot(page, "08-debrief")
    page.get_by_role("button", name="Save the conversation").click()
    page.wait_for_url(re.compile(r"/conversations/\d+/$"))
    assert page.get_by_test_id("outcome").inner_text() == "Advanced"
    shoot(page, "09-conversation")

    page.get_by_role("link", name="Back to Acme Logistics").click()
    assert page.get_by_test_id("verdict").inner_text() == "Real"
    assert page.get_by_text("Answer their objection").first.is_visible()
    shoot(page, "10-prospect-after")

    page.get_by_role("link", name="Dashboard").click()
    assert _kpi(page, "real leads") == real_before + 1
    shoot(page, "11-dashboard-after")


def test_a_weak_meeting_shows_why_it_failed_and_a_salvage_ask(server, page, shoot):
    base, _ = server
    page.goto(base + "/w/demo/pipeline/")
    page.get_by_role("link", name="Dunmore Dental").first.click()
    page.get_by_role("link", name="Debrief a meeting").click()
    page.get_by_label("Notes").fill("Dr. Shah loved it. Great idea, she would definitely use it. Send me an email.")
    page.get_by_role("button", name="Analyze notes").click()
    page.wait_for_selector("text=Why this is not a good meeting")
    assert page.get_by_text("Salvage it").is_visible()
    shoot(page, "12-debrief-weak")


def test_ladders_show_errors_in_place_and_pages_fit_a_phone(server, page, shoot):
    base, _ = server
    page.goto(base + "/w/demo/ladders/")
    shoot(page, "13-ladders")
    page.get_by_role("link", name="Copy to edit").first.click()
    source = page.get_by_label("Ladder (TOML)")
    source.fill(source.input_value().replace("weight = 1\n", "weight = -1\n", 1))
    page.get_by_role("button", name="Save ladder").click()
    assert page.get_by_text(re.compile(r"Line \d+: rung .* positive number")).is_visible()
    shoot(page, "14-ladder-error")
    page.set_viewport_size({"width": 390, "height": 844})
    for name, path in (("15-phone-today", "/w/demo/"), ("16-phone-pipeline", "/w/demo/pipeline/")):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        shoot(page, name, full_page=False)


def test_on_a_phone_the_debrief_outcome_is_visible_without_scrolling(server, page, shoot):
    base, _ = server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/w/demo/pipeline/")
    page.get_by_role("link", name="Dunmore Dental").first.click()
    page.get_by_role("link", name="Debrief a meeting").click()
    box = page.locator("#outcome-preview").bounding_box()
    assert box is not None and box["y"] < 844, box
    shoot(page, "13-debrief-phone", full_page=False)
