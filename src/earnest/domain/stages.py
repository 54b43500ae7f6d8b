"""Where a prospect stands on its ladder.

A rung is reached when the prospect gave the commitment that climbs to it (agreed and
kept, or fulfilled). A declined ask reaches nothing, and neither does a promise that
was broken: a rung that was only talked about is not a rung that was climbed.
"""

from __future__ import annotations

from datetime import date

from .history import ProspectHistory
from .ladders import Ladder
from .lead_facts import lead_facts
from .results import Stage


def stage(history: ProspectHistory, ladder: Ladder, today: date) -> Stage:
    """The rungs reached in date order, the highest by ladder position, and how long it has held."""
    return lead_facts(history, ladder, today).stage
