"""The snapshot row's JSON columns are spelt by hand for speed; they must be `json.dumps`'s spelling,
since an unchanged lead's counts must compare equal to what was stored (`verdict_rows.counts_json`)."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from earnest.ledger.derived.verdict_rows import _reached_json, _strings_json, counts_json

keys = st.text(max_size=30)
days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@given(st.dictionaries(keys, st.integers(min_value=-(10**15), max_value=10**15), max_size=12))
def test_counts_are_spelt_as_json_spells_them(counts: dict[str, int]) -> None:
    assert counts_json(counts) == json.dumps(counts, sort_keys=True, separators=(",", ":"))


def test_counts_of_other_numbers_fall_back_to_json() -> None:
    counts = {"t|promises": 1, "x": True, "y": 2.5}
    assert counts_json(counts) == json.dumps(counts, sort_keys=True, separators=(",", ":"))


@given(st.lists(st.tuples(keys, days), max_size=8))
def test_reached_rungs_are_spelt_as_json_spells_them(reached: list[tuple[str, date]]) -> None:
    assert _reached_json(reached) == json.dumps([[rung, on.isoformat()] for rung, on in reached])


@given(st.lists(keys, max_size=6))
def test_warnings_are_spelt_as_json_spells_them(kinds: list[str]) -> None:
    assert _strings_json(tuple(kinds)) == json.dumps(kinds)
    assert _strings_json(tuple(kinds)) == json.dumps(kinds)  # the second time from what was kept


def test_quotes_backslashes_and_other_scripts_are_escaped() -> None:
    for text in ['a"b', "a\\b", "caf\u00e9", "tab\there", "\x7f", "\u2028", "plain|key|12"]:
        assert counts_json({text: 1}) == json.dumps({text: 1}, sort_keys=True, separators=(",", ":"))
        assert _reached_json([(text, date(2026, 1, 2))]) == json.dumps([[text, "2026-01-02"]])
