"""Two tabs press the same one-click button on Today: the second is refused in place, and nothing changes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_second_click_on_the_same_step_says_someone_else_changed_it(server, signed_in):
    base, _link = server
    first, second = signed_in.new_page(), signed_in.new_page()
    for page in (first, second):
        page.set_default_timeout(15_000)
        page.goto(base + "/w/demo/")
    action = second.locator("#to_debrief form").first.get_attribute("action")
    button = f'form[action="{action}"]'

    second.locator(button).get_by_role("button", name="It didn't happen").click()
    assert "did not happen" in second.locator("#to_debrief li.alert-warn").first.inner_text()

    first.locator(button).get_by_role("button", name="It didn't happen").click()
    refused = first.locator("#to_debrief li.alert-error").first
    assert "someone else changed this record since you opened it" in refused.inner_text()
    refused.get_by_role("link", name="Reload the page").click()
    first.wait_for_url(re.compile(r"/w/demo/$"))
    first.get_by_role("heading", name="Today", exact=True).wait_for()
    assert first.locator(button).count() == 0  # the first click stands: the step no longer waits

    # The click that stood can still be taken back from its own answer; the demo is as it was.
    second.locator("#to_debrief li.alert-warn").first.get_by_role("button", name="Undo").click()
    expect(second.locator("#to_debrief [data-testid=click-answer]").first).to_contain_text("Undone")
    first.reload()
    assert first.locator(button).count() == 1
    for page in (first, second):
        page.close()
