"""Reading ladders from TOML, the format users write their own playbooks in."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .currencies import parse_currencies
from .errors import DomainError, LadderFileError
from .history import Role
from .ladders import DEFAULT_STALL_DAYS, TRACKS, Ladder, Rung
from .rung_match import MONEY_MARK

# The line a field is on in the file, when it can be found.
_LineOf = Callable[[str], int | None]

BUILTIN_KEYS = ("discovery", "b2b", "micro")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_LADDER_FIELDS = {"key", "name", "description", "stall_days", "rungs"}
_RUNG_FIELDS = {
    "key",
    "label",
    "currencies",
    "weight",
    "customer",
    "track",
    "stall_days",
    "ask",
    "description",
    "cues",
    "not_cues",
    "shown_by",
    "cues_only",
    "for_roles",
}
# Finding kinds a rung may be shown by (Rung.shown_by).
SHOWN_BY_KINDS = ("problem",)
MAX_CUES = 60
MAX_CUE_CHARS = 500
_TOML_LINE_RE = re.compile(r"line (\d+)")
# A ladder is a few dozen lines; the limits keep a hostile or broken file from costing more than that.
MAX_LADDER_CHARS = 100_000
MAX_NESTING = 8  # a ladder needs 3 ([[rungs]] -> currencies = [...]); tomllib recurses per level


def ladder_from_toml(text: str, source: str = "<ladder>", *, builtin: bool = False) -> Ladder:
    """Parse one ladder; every problem names the source, the line and what is wrong."""
    data = _load_toml(text, source)
    locate = _Locator(text)
    _reject_unknown(data, _LADDER_FIELDS, source, locate.top_level, "ladder")
    key = _required_str(data, "key", source, locate.top_level("key"))
    if not _KEY_RE.match(key):
        raise LadderFileError(
            source,
            locate.top_level("key"),
            f"ladder key {key!r} must be lower-case letters, digits and underscores",
        )
    name = _required_str(data, "name", source, locate.top_level("name"))
    stall_days = _positive_int(
        data.get("stall_days", DEFAULT_STALL_DAYS), "stall_days", source, locate.top_level("stall_days")
    )
    raw_rungs = data.get("rungs")
    if not isinstance(raw_rungs, list) or not raw_rungs:
        raise LadderFileError(source, None, "a ladder needs at least one [[rungs]] table")

    rungs = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_rungs):
        rung = _rung_from_table(raw, index, source, locate.rung(index), seen)
        seen.add(rung.key)
        rungs.append(rung)
    main = [r for r in rungs if r.track == "main"]
    if not main:
        raise LadderFileError(source, None, "a ladder needs at least one rung on the main track")
    return Ladder(
        key=key,
        name=name,
        rungs=tuple(rungs),
        description=_optional_str(data, "description", source, locate.top_level("description")),
        stall_days=stall_days,
        builtin=builtin,
    )


def _load_toml(text: str, source: str) -> dict[str, Any]:
    """The TOML tables of a ladder file, refused before parsing when too large or too deeply nested."""
    if len(text) > MAX_LADDER_CHARS:
        raise LadderFileError(
            source, None, f"a ladder file is at most {MAX_LADDER_CHARS:,} characters, this one has {len(text):,}"
        )
    if _nesting(text) > MAX_NESTING:
        raise LadderFileError(source, None, f"values are nested more than {MAX_NESTING} levels deep")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE_RE.search(str(exc))
        raise LadderFileError(source, int(match.group(1)) if match else None, str(exc)) from None


def _rung_from_table(raw: Any, index: int, source: str, line_of: _LineOf, seen: set[str]) -> Rung:
    """One [[rungs]] table as a Rung; `seen` holds the keys of the rungs before it."""
    _reject_unknown(raw, _RUNG_FIELDS, source, line_of, f"rung {index + 1}")
    rung_key = _required_str(raw, "key", source, line_of("key"))
    if not _KEY_RE.match(rung_key):
        raise LadderFileError(
            source, line_of("key"), f"rung key {rung_key!r} must be lower-case letters, digits and underscores"
        )
    if rung_key in seen:
        raise LadderFileError(source, line_of("key"), f"rung key {rung_key!r} is used twice")
    currencies_raw = raw.get("currencies")
    if not isinstance(currencies_raw, list) or not currencies_raw:
        raise LadderFileError(
            source, line_of("currencies"), f"rung {rung_key!r} needs currencies, a list of time, reputation, money"
        )
    try:
        currencies = parse_currencies(str(c) for c in currencies_raw)
    except DomainError as exc:
        raise LadderFileError(source, line_of("currencies"), str(exc)) from None
    weight = raw.get("weight")
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        raise LadderFileError(source, line_of("weight"), f"rung {rung_key!r} needs a positive number as weight")
    track = raw.get("track", "main")
    if track not in TRACKS:
        raise LadderFileError(source, line_of("track"), f"track {track!r} is unknown; use one of: {', '.join(TRACKS)}")
    customer = raw.get("customer", False)
    if not isinstance(customer, bool):
        raise LadderFileError(source, line_of("customer"), "customer must be true or false")
    cues_only = raw.get("cues_only", False)
    if not isinstance(cues_only, bool):
        raise LadderFileError(source, line_of("cues_only"), "cues_only must be true or false")
    rung_stall = raw.get("stall_days")
    if rung_stall is not None:
        rung_stall = _positive_int(rung_stall, "stall_days", source, line_of("stall_days"))
    return Rung(
        key=rung_key,
        label=_required_str(raw, "label", source, line_of("label")),
        currencies=currencies,
        weight=float(weight),
        customer=customer,
        track=track,
        stall_days=rung_stall,
        ask=_optional_str(raw, "ask", source, line_of("ask")),
        description=_optional_str(raw, "description", source, line_of("description")),
        cues=_cues(raw, rung_key, source, line_of("cues")),
        not_cues=_cues(raw, rung_key, source, line_of("not_cues"), field="not_cues"),
        shown_by=_shown_by(raw, rung_key, source, line_of("shown_by")),
        cues_only=cues_only,
        for_roles=_for_roles(raw, rung_key, source, line_of("for_roles")),
    )


def _for_roles(raw: dict[str, Any], rung_key: str, source: str, line: int | None) -> tuple[str, ...]:
    roles = raw.get("for_roles", [])
    known = [r.value for r in Role]
    if not isinstance(roles, list) or not all(r in known for r in roles):
        raise LadderFileError(source, line, f"for_roles of rung {rung_key!r} must be a list of: {', '.join(known)}")
    return tuple(roles)


def _shown_by(raw: dict[str, Any], rung_key: str, source: str, line: int | None) -> tuple[str, ...]:
    kinds = raw.get("shown_by", [])
    if not isinstance(kinds, list) or not all(k in SHOWN_BY_KINDS for k in kinds):
        raise LadderFileError(
            source, line, f"shown_by of rung {rung_key!r} must be a list of: {', '.join(SHOWN_BY_KINDS)}"
        )
    return tuple(kinds)


def _cues(raw: dict[str, Any], rung_key: str, source: str, line: int | None, field: str = "cues") -> tuple[str, ...]:
    cues = raw.get(field, [])
    if not isinstance(cues, list) or not all(isinstance(c, str) and c.strip() for c in cues):
        raise LadderFileError(source, line, f"{field} of rung {rung_key!r} must be a list of phrases")
    if len(cues) > MAX_CUES or any(len(c) > MAX_CUE_CHARS for c in cues):
        raise LadderFileError(
            source,
            line,
            f"rung {rung_key!r} may have at most {MAX_CUES} {field} of at most {MAX_CUE_CHARS} characters each",
        )
    if any(not c.lstrip(MONEY_MARK).strip() for c in cues):
        # a cue of nothing but "$" would fit every text
        raise LadderFileError(source, line, f"{field} of rung {rung_key!r} must each name a word")
    return tuple(" ".join(c.lower().split()) for c in cues)


def ladder_from_file(path: str | Path) -> Ladder:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LadderFileError(str(path), None, "the file is not UTF-8 text") from None
    except OSError as exc:
        raise LadderFileError(str(path), None, exc.strerror or str(exc)) from None
    return ladder_from_toml(text, str(path))


@cache
def builtin_ladders() -> dict[str, Ladder]:
    folder = resources.files(__package__) / "ladders"
    return {
        key: ladder_from_toml((folder / f"{key}.toml").read_text(encoding="utf-8"), f"{key}.toml", builtin=True)
        for key in BUILTIN_KEYS
    }


def builtin_ladder_text(key: str) -> str:
    """The shipped TOML of a built-in ladder: the starting point for a user's own."""
    if key not in BUILTIN_KEYS:
        known = ", ".join(BUILTIN_KEYS)
        raise DomainError(f"no built-in ladder {key!r}; built-in ladders: {known}")
    return (resources.files(__package__) / "ladders" / f"{key}.toml").read_text(encoding="utf-8")


def _nesting(text: str) -> int:
    """The deepest run of [ and { outside quoted strings and comments: an upper bound on the parsed depth,
    found before tomllib would recurse once per level (and overflow the stack at a few hundred)."""
    depth = deepest = 0
    quote = ""
    chars = iter(text)
    for ch in chars:
        if quote:
            if ch == "\\" and quote == '"':
                next(chars, None)
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            for rest in chars:
                if rest == "\n":
                    break
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return deepest


class _Locator:
    """Finds the line of a field, since tomllib reports positions only for syntax errors."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.rung_starts = [i for i, line in enumerate(self.lines) if line.strip().startswith("[[rungs]]")]
        first_table = next((i for i, line in enumerate(self.lines) if line.strip().startswith("[")), len(self.lines))
        self.top_end = first_table

    def _find(self, start: int, end: int, field: str) -> int | None:
        pattern = re.compile(rf"^\s*{re.escape(field)}\s*=")
        for i in range(start, end):
            if pattern.match(self.lines[i]):
                return i + 1
        return None

    def top_level(self, field: str) -> int | None:
        return self._find(0, self.top_end, field)

    def rung(self, index: int) -> _LineOf:
        if index < len(self.rung_starts):
            start = self.rung_starts[index]
            following = index + 1
            end = self.rung_starts[following] if following < len(self.rung_starts) else len(self.lines)
        else:
            start, end = 0, 0

        def line_of(field: str) -> int | None:
            return self._find(start, end, field) or (start + 1 if end else None)

        return line_of


def _reject_unknown(
    data: dict[str, Any],
    allowed: set[str],
    source: str,
    line_of: _LineOf,
    what: str,
) -> None:
    for name in data:
        if name not in allowed:
            raise LadderFileError(
                source, line_of(name), f"{what} has an unknown field {name!r}; allowed: {', '.join(sorted(allowed))}"
            )


def _required_str(data: dict[str, Any], field: str, source: str, line: int | None) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise LadderFileError(source, line, f"{field} is required and must be non-empty text")
    return value.strip()


def _optional_str(data: dict[str, Any], field: str, source: str, line: int | None) -> str:
    value = data.get(field, "")
    if not isinstance(value, str):
        raise LadderFileError(source, line, f"{field} must be text")
    return value.strip()


def _positive_int(value: Any, field: str, source: str, line: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise LadderFileError(source, line, f"{field} must be a positive whole number of days")
    return value
