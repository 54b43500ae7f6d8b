"""How the pages sit on a laptop and a phone: nothing wider than the window, a compact header,
errors that take the focus. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _overflow(page) -> int:
    """How far the page reaches past the window, in CSS pixels (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _board_overflow(page) -> int:
    return page.evaluate(
        "(() => { const b = document.querySelector('.board'); return b ? b.scrollWidth - b.clientWidth : 0; })()"
    )


def test_the_pipeline_fits_a_1280_pixel_window(server, page, shoot):
    base, _ = server
    page.goto(base + "/w/demo/pipeline/")
    assert page.viewport_size["width"] == 1280
    assert _overflow(page) <= 0 and _board_overflow(page) <= 0
    assert page.locator(".column").count() <= 7  # empty columns left out, closed verdicts in one
    assert page.get_by_role("heading", name="Closed").is_visible()
    assert page.locator(".column-empty").count() == 0 and "None" not in page.locator(".board").inner_text()
    # Every column's top edge on one line: no grid raises its first card.
    tops = page.evaluate("[...document.querySelectorAll('.board > .column')].map(c => c.getBoundingClientRect().top)")
    assert len(set(round(t) for t in tops[:5])) == 1, tops
    spilled = page.evaluate("""[...document.querySelectorAll('.column')].flatMap(col => {
        const edge = col.getBoundingClientRect().right;
        return [...col.querySelectorAll('.pcard')].filter(c => c.getBoundingClientRect().right > edge + 0.5)
            .map(c => c.querySelector('.title').textContent);
    })""")
    assert spilled == []  # every card inside its column
    shoot(page, "layout-pipeline-1280", full_page=False)


def test_amounts_carry_the_currency_and_cards_in_a_grid_line_up(server, page, shoot):
    base, _ = server
    page.goto(base + "/w/demo/dashboard/")
    money = page.locator(".kpi", has_text="money committed").locator("b").inner_text()
    assert re.fullmatch(r"\$[\d,]+", money), money
    # Side by side in a grid, two cards start at the same height (a margin once set the first one higher).
    rows = page.evaluate("""[...document.querySelectorAll('.grid')].flatMap(g => {
        const boxes = [...g.children].map(c => c.getBoundingClientRect());
        return boxes.slice(1).map((b, i) => [boxes[i].left < b.left, Math.round(boxes[i].top), Math.round(b.top)]);
    })""")
    side_by_side = [(a, b) for beside, a, b in rows if beside]
    assert side_by_side and all(a == b for a, b in side_by_side), rows
    shoot(page, "layout-dashboard-1280")


@pytest.mark.parametrize("path", ["pipeline/", "prospects/1/", "ladders/b2b/", ""])
def test_on_a_phone_the_header_is_compact_and_nothing_overflows(server, page, shoot, path):
    base, _ = server
    page.set_viewport_size(PHONE)
    page.goto(base + "/w/demo/" + path)
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= 100, header  # two short rows, not a third of the screen
    assert _overflow(page) <= 0
    shoot(page, "layout-phone-" + (path.strip("/").replace("/", "-") or "today"))


_PAST_THE_EDGE = """[...document.querySelectorAll('header a, header button, header summary, header select')]
    .filter(el => { const r = el.getBoundingClientRect();
                    return r.width > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5); })
    .map(el => el.textContent.trim())"""


@pytest.mark.parametrize("width", [375, 1280])
def test_every_page_of_the_navigation_is_on_screen_on_a_phone_and_a_laptop(server, page, shoot, width):
    """The trial, at 375 px: Experiments, Ladders and Import & export sat past the edge of a nav that
    scrolled sideways with nothing to say so. The links now wrap onto a second row."""
    base, _ = server
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base + "/w/demo/pipeline/")
    assert _overflow(page) <= 0
    assert page.evaluate(_PAST_THE_EDGE) == []
    nav = page.get_by_role("navigation", name="Main")
    assert nav.evaluate("n => n.scrollWidth - n.clientWidth") <= 0
    for name in ("Today", "Pipeline", "Dashboard", "Experiments", "Ladders", "Import & export"):
        assert nav.get_by_role("link", name=name).is_visible()
    assert page.locator("header.topbar").bounding_box()["height"] <= 100
    shoot(page, f"layout-nav-{width}", full_page=False)


def test_a_refused_form_moves_the_focus_to_its_first_error(server, page, shoot):
    base, _ = server
    page.goto(base + "/w/demo/prospects/new/")
    page.get_by_label("Name").fill("x" * 5000)
    page.get_by_role("button", name="Add prospect").click()
    assert page.get_by_text("At most 200 characters, please: this has 5000.").is_visible()
    assert page.evaluate("document.activeElement.id") == page.get_by_label("Name").get_attribute("id")
    assert len(page.get_by_label("Name").input_value()) == 5000  # kept, never cut
    shoot(page, "forms-too-long", full_page=False)


def test_a_date_is_typed_in_words_or_refused_in_place_with_an_example(server, page, shoot):
    base, _ = server
    page.goto(base + "/w/demo/prospects/1/")
    form = page.locator("form[action$='/steps/']")
    form.get_by_label("Next step").fill("Call about the pilot")
    form.get_by_label("Due").fill("31/02/2026")
    form.get_by_role("button", name="Add step").click()
    error = page.get_by_text("Cannot read '31/02/2026' as a date")
    error.wait_for()
    assert "next friday" in error.inner_text()
    shoot(page, "forms-bad-date", full_page=False)
    form = page.locator("form[action$='/steps/']")
    form.get_by_label("Due").fill("next friday")
    form.get_by_role("button", name="Add step").click()
    page.get_by_text("Call about the pilot").first.wait_for()
