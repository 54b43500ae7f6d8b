"""Today as the hub of the day, and mistakes fixed in the browser: Prepare and Debrief from Today, a
one-click action undone with the counts following, records edited and deleted, duplicates offered.

Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_today_offers_prepare_and_debrief_and_they_open_their_pages(server, page, shoot):
    base, _link = server
    page.goto(base + "/w/demo/")
    prepare = page.locator("#to_prepare").get_by_role("link", name="Prepare", exact=True).first
    debrief = page.locator("#to_debrief").get_by_role("link", name="Debrief", exact=True).first
    expect(prepare).to_be_visible()
    expect(debrief).to_be_visible()
    expect(page.locator("#to_prepare").get_by_role("link", name="It happened").first).to_be_visible()
    shoot(page, "today-hub")
    prepare.click()
    page.wait_for_url(re.compile(r"/prospects/\d+/prep/\?step=\d+$"))
    shoot(page, "today-hub-prepare")
    page.go_back()
    page.locator("#to_debrief").get_by_role("link", name="Debrief", exact=True).first.click()
    page.wait_for_url(re.compile(r"/prospects/\d+/debrief/\?(step|conversation)=\d+$"))
    shoot(page, "today-hub-debrief")


def test_a_broken_promise_is_not_green_the_counts_follow_and_undo_puts_it_back(server, page, shoot):
    base, _link = server
    page.goto(base + "/w/demo/")
    badge = page.locator("#count-broken_commitments")
    before = int(badge.inner_text())
    page.locator("#broken_commitments li").first.get_by_role("button", name="Broken").click()
    answer = page.locator("#broken_commitments [data-testid=click-answer]").first
    expect(answer).to_contain_text("is now broken")
    assert "alert-warn" in answer.get_attribute("class") and "alert-ok" not in answer.get_attribute("class")
    expect(badge).to_have_text(str(before - 1))  # swapped in out of band, no reload
    shoot(page, "today-undo-offered")
    answer.get_by_role("button", name="Undo").click()
    expect(page.locator("#broken_commitments [data-testid=click-answer]").first).to_contain_text("Undone")
    expect(badge).to_have_text(str(before))
    shoot(page, "today-undone")
    page.reload()
    expect(page.locator("#count-broken_commitments")).to_have_text(str(before))


def test_records_are_edited_and_deleted_and_duplicates_are_offered_to_open(server, page, shoot):
    base, _link = server
    page.goto(base + "/w/demo/prospects/new/")
    page.get_by_label("Name").fill("Zephyr Browser Test")
    page.get_by_label("Domain").fill("zephyr.example")
    page.get_by_role("button", name="Add prospect").click()
    page.wait_for_url(re.compile(r"/prospects/\d+/$"))
    prospect_url = page.url

    page.get_by_text("Add a person").click()
    form = page.locator("#contacts form")
    form.get_by_label("Name").fill("Ola Nordmann")
    form.get_by_role("button", name="Add person").click()
    page.wait_for_selector("#contacts >> text=Ola Nordmann")
    step_form = page.locator("form[action$='/steps/']")
    step_form.get_by_label("Next step").fill("Send the pricng")
    step_form.get_by_role("button", name="Add step").click()
    page.wait_for_selector("text=Send the pricng")

    # Correct the typo in the step.
    page.locator(".timeline li", has_text="Send the pricng").get_by_role("link", name="Edit").click()
    page.wait_for_url(re.compile(r"/edit/step/\d+/$"))
    page.get_by_label("Next step").fill("Send the pricing")
    shoot(page, "edit-step")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(prospect_url)
    expect(page.locator(".timeline")).to_contain_text("Send the pricing")

    # A person added by mistake goes, after a question.
    page.locator("#contacts li", has_text="Ola Nordmann").get_by_role("link", name="Delete").click()
    shoot(page, "delete-contact-confirm")
    page.get_by_role("button", name="Delete").click()
    page.wait_for_url(prospect_url)
    expect(page.locator("#contacts")).not_to_contain_text("Ola Nordmann")

    # The same company again: the form says so and offers to open it.
    page.goto(base + "/w/demo/prospects/new/")
    page.get_by_label("Name").fill("zephyr browser test, inc.")
    page.get_by_role("button", name="Add prospect").click()
    duplicates = page.get_by_test_id("duplicates")
    expect(duplicates).to_contain_text("same name")
    shoot(page, "duplicate-offered")
    duplicates.get_by_role("link", name="Open Zephyr Browser Test").click()
    page.wait_for_url(prospect_url)

    # Deleting the prospect names what goes with it, and needs its name.
    page.get_by_role("link", name="Delete", exact=True).first.click()
    expect(page.get_by_test_id("goes-with-it")).to_have_text("1 next step")
    shoot(page, "delete-prospect-confirm")
    page.get_by_label("to confirm").fill("Zephyr Browser Test")
    page.get_by_role("button", name=re.compile("Delete Zephyr Browser Test")).click()
    page.wait_for_url(re.compile(r"/pipeline/$"))
    expect(page.get_by_text("Deleted Zephyr Browser Test")).to_be_visible()
