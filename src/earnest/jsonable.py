"""Turning domain values (dataclasses, enums, dates, decimals) into plain JSON data.

Refreshing the stored verdicts of 100,000 leads turns millions of values into JSON, so the
conversion is chosen once per type (a dict lookup on `type(value)`) rather than by a chain of
`isinstance` tests per value, and plain strings, numbers and None are copied without a call.
A value's conversion depends only on its type, so the result is the same as testing each one.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

# Values that are already JSON: copied as they are (bool is its own type, not int's).
_PLAIN = frozenset({str, int, float, bool, type(None)})
_CONVERT: dict[type, Callable[[Any], Any]] = {}


def jsonable(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    convert = _CONVERT.get(kind)
    if convert is None:
        convert = _CONVERT[kind] = _conversion(kind)
    return convert(value)


def _item(value: Any) -> Any:
    return value if type(value) in _PLAIN else jsonable(value)


def _conversion(kind: type) -> Callable[[Any], Any]:
    """How every value of this type becomes JSON; asked once per type."""
    if dataclasses.is_dataclass(kind):
        fields = tuple(
            (f.name, attrgetter(f.name))
            for f in dataclasses.fields(kind)
            if not f.name.startswith("_") and f.name != "extra"
        )
        return lambda value: {name: _item(get(value)) for name, get in fields}
    if issubclass(kind, enum.Enum):
        return _enum
    if issubclass(kind, date):  # datetime too
        return kind.isoformat
    if issubclass(kind, Decimal):
        return str
    if issubclass(kind, frozenset | set):
        return lambda value: sorted(_item(v) for v in value)
    if issubclass(kind, list | tuple):
        return lambda value: [_item(v) for v in value]
    if issubclass(kind, dict):
        return lambda value: {str(k): _item(v) for k, v in value.items()}
    return _same


def _enum(value: enum.Enum) -> Any:
    return value.name.lower() if isinstance(value.value, int) else value.value


def _same(value: Any) -> Any:
    return value


def assessment_data(history: Any, assessment: Any) -> dict[str, Any]:
    """One lead as the CLI and the API show it: who, the verdict, and everything behind it."""
    return {
        "prospect": {"id": history.id, "name": history.name, "ladder": history.ladder},
        **{
            k: jsonable(getattr(assessment, k))
            for k in ("verdict", "reasons", "warnings", "strength", "earlyvangelist", "stage", "advice")
        },
    }
