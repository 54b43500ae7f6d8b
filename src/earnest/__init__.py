"""earnest: which leads are real, judged by what customers give up (time, reputation, money)."""

from __future__ import annotations

from typing import Any

__all__ = ["analyze"]


def __getattr__(name: str) -> Any:
    # Lazy, so `import earnest` (and `earnest --help`) never pays for the analyzer.
    if name == "analyze":
        from .analyzer import analyze

        return analyze
    raise AttributeError(f"module 'earnest' has no attribute {name!r}")
