from datetime import date
from decimal import Decimal

from earnest.webui.templatetags.webui import cap, day, label, money


def test_every_amount_carries_the_workspaces_currency():
    assert money(Decimal("28800.00"), "USD") == "$28,800"
    assert money(Decimal("28800.00"), "EUR") == "EUR 28,800"
    assert money(None, "GBP") == "GBP 0"


def test_labels_never_show_a_raw_key_or_a_python_boolean():
    assert label("trial_real_data") == "trial real data"
    assert cap(True) == "Yes" and cap(False) == "No"
    assert label(None) == ""


def test_one_date_format_for_dates_and_stored_iso_strings():
    assert day(date(2026, 12, 4)) == "4 Dec 2026" == day("2026-12-04") == label(date(2026, 12, 4))
    assert day(None) == ""


def test_the_audit_trail_shows_values_as_people_read_them():
    from earnest.webui.templatetags.webui import shown

    assert [shown(v) for v in (True, False, None, "", "2026-12-04", "evaluation_effort", "Call Ana at 10")] == [
        "yes",
        "no",
        "—",
        "—",
        "4 Dec 2026",
        "evaluation effort",
        "Call Ana at 10",
    ]


def test_list_addresses_are_the_addresses_reverse_gives():
    from django.urls import NoReverseMatch, reverse

    from earnest.webui.templatetags.paths import path_of

    for name in ("webui:prospect", "webui:debrief", "webui:prep", "webui:conversation"):
        for slug in ("acme", "w-918273645546372819", "a_b-9"):
            for pk in (1, 42, 918_273_645_546_372_819, 10**12):
                assert path_of(name, slug, pk) == reverse(name, args=[slug, pk])
    assert path_of("webui:prospect", "acme", "7") == reverse("webui:prospect", args=["acme", "7"])
    try:
        path_of("webui:prospect", "acme", -1)
    except NoReverseMatch:
        pass
    else:
        raise AssertionError("a negative number has no address, as with reverse")
