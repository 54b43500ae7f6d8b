"""What the ledger needs beyond the kind of each finding: a status for every commitment (one per
clause) and the people the notes name. Runs once on the finished reading."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from .commitment_status import declined_ask, gives_nothing, split_commitment
from .people import find_people
from .result import AnalysisResult, Signal
from .speakers import regions

# A heading a note puts before a line ("Next step: call Tue 10am") is no part of the finding.
_LABEL = re.compile(
    r"^(?:next ?steps?|next|ns|action items?|actions?|follow-?ups?|outcome|result|status|todo|to-do)\s*[:\-–—]\s+",
    re.IGNORECASE,
)


def _without_label(signal: Signal) -> Signal:
    label = _LABEL.match(signal.text)
    if label is None or label.end() >= len(signal.text):
        return signal
    return replace(signal, text=signal.text[label.end() :], start=signal.start + label.end())


def _split(signals: Iterable[Signal], when: date) -> tuple[Signal, ...]:
    out: list[Signal] = []
    for signal in map(_without_label, signals):
        if signal.kind == "problem" and gives_nothing(signal.text):
            continue  # "no pain mentioned" is no problem
        out.extend(split_commitment(signal, when) if signal.kind == "commitment" else [signal])
        declined = declined_ask(signal) if signal.kind in ("rejection", "objection") else None
        if declined is not None and not any(s.kind == "commitment" and s.start == signal.start for s in out):
            out.append(declined)
    return tuple(out)


def with_details(
    result: AnalysisResult, text: str, when: date, voice: str = "auto", our_speakers: Iterable[str] = ()
) -> AnalysisResult:
    """The reading with statuses on commitments and the people named outside our own lines."""
    ours = [r for r in regions(text, voice, our_speakers) if r.voice == "us"]
    people = tuple(
        p
        for p in find_people(text, skip=our_speakers)
        if _labels_a_line(text, p.start) or not any(r.start <= p.start < r.end for r in ours)
    )
    return replace(result, signals=_split(result.signals, when), people=people)


def _labels_a_line(text: str, at: int) -> bool:
    """A name that opens a line ("Renee (dispatcher, Cobalt HVAC): ...") is a speaker's label, whoever
    spoke the line before it."""
    return at == 0 or text[text.rfind("\n", 0, at) + 1 : at].strip() == ""
