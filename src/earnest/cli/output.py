"""Rendering: Rich tables for people, JSON for scripts, from the same values."""

from __future__ import annotations

import enum
import json
import os
from typing import Any

from rich.console import Console, ConsoleDimensions
from rich.markup import escape

from earnest.jsonable import jsonable

# Output that goes to a pipe, a file or a CI log has no screen to fit: lines as long as their content.
PIPED_WIDTH = 400


class _Console(Console):
    """Rich's console, except that with stdout not a terminal (and COLUMNS unset) it is PIPED_WIDTH wide:
    Rich assumes 80 columns there, and wrapped or cut tables in `earnest leads | cat` and in CI logs."""

    @property
    def size(self) -> ConsoleDimensions:
        size = super().size
        if self._width is None and not self.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
            return ConsoleDimensions(PIPED_WIDTH, size.height)
        return size

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


console = _Console(highlight=False)

FORMAT_HELP = "Output format: table (for people) or json (for scripts)."


class Format(str, enum.Enum):
    table = "table"
    json = "json"


def print_json(value: Any) -> None:
    # print() rather than Rich: scripts need the bytes exactly, without wrapping.
    print(json.dumps(jsonable(value), indent=2, ensure_ascii=False))


def e(text: object) -> str:
    """Escape user text before it goes into Rich markup."""
    return escape(str(text))


VERDICT_STYLES = {
    "real": "bold green",
    "customer": "bold cyan",
    "zombie": "bold magenta",
    "stalled": "yellow",
    "unasked": "bright_black",
    "rejected": "red",
    "not_a_prospect": "red",
    "nurture": "blue",
    "parked": "bright_black",
    "lost": "red",
}
OUTCOME_STYLES = {
    "advanced": "green",
    "rejected": "red",
    "hedged": "yellow",
    "complimented": "magenta",
    "no_next_step": "bright_black",
}


def verdict_text(verdict: object) -> str:
    v = str(verdict)
    return f"[{VERDICT_STYLES.get(v, 'white')}]{v.replace('_', ' ')}[/]"


def outcome_text(outcome: object) -> str:
    v = str(outcome)
    return f"[{OUTCOME_STYLES.get(v, 'white')}]{v.replace('_', ' ')}[/]" if v else "-"
