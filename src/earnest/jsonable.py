"""Turning domain values (dataclasses, enums, dates, decimals) into plain JSON data."""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any


@cache
def _public_fields(cls: type) -> tuple[str, ...]:
    # Asked once per class: `dataclasses.fields` per value dominated refreshing 100,000 verdicts.
    return tuple(f.name for f in dataclasses.fields(cls) if not f.name.startswith("_") and f.name != "extra")


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: jsonable(getattr(value, name)) for name in _public_fields(type(value))}
    if isinstance(value, enum.Enum):
        return value.name.lower() if isinstance(value.value, int) else value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, frozenset | set):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
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
