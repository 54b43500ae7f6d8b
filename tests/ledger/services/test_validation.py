"""Typed dates are read as people write them, or refused with an example; long text is refused, not cut."""

from datetime import date

import pytest

from earnest.domain.errors import DomainError
from earnest.ledger.services._validation import clean_text, parse_day

TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("typed", "order", "expected"),
    [
        ("2026-12-04", "mdy", date(2026, 12, 4)),
        ("4 Dec 2026", "mdy", date(2026, 12, 4)),
        ("4 December 2026", "dmy", date(2026, 12, 4)),
        ("12/04/2026", "mdy", date(2026, 12, 4)),
        ("04/12/2026", "dmy", date(2026, 12, 4)),
        ("4.12.2026", "dmy", date(2026, 12, 4)),
        ("next friday", "mdy", date(2026, 12, 4)),
        ("Tomorrow", "dmy", date(2026, 12, 2)),
        ("+3d", "mdy", date(2026, 12, 4)),
        ("-2w", "mdy", date(2026, 11, 17)),
    ],
)
def test_common_forms_are_understood(typed, order, expected):
    assert parse_day(typed, "due", today=TODAY, order=order) == expected


@pytest.mark.parametrize("typed", ["31/02/2026", "03/10/22026", "2026-02-30", "banana", "13/13/2026", "", "12345"])
def test_a_day_that_does_not_exist_is_refused_with_an_example_never_bent(typed):
    with pytest.raises(DomainError) as caught:
        parse_day(typed, "due", today=TODAY, order="dmy")
    message = str(caught.value)
    assert message.startswith(f"due: cannot read {typed!r} as a date; write it like ")
    assert "04/12/2026" in message and "next friday" in message  # the example follows the workspace's order


def test_the_example_follows_the_month_first_order():
    with pytest.raises(DomainError, match="12/04/2026"):
        parse_day("31/02/2026", "due", today=TODAY, order="mdy")


def test_over_long_text_is_refused_with_the_limit_not_cut():
    with pytest.raises(DomainError, match=r"name is too long \(5000 characters; at most 200\)"):
        clean_text("x" * 5000, "name", max_length=200)
