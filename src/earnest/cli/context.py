"""What every command shares: the workspace, the injected today, and user-error handling."""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from earnest.domain.errors import DomainError

F = TypeVar("F", bound=Callable[..., Any])

err_console = Console(stderr=True, highlight=False)


class State:
    workspace_slug: str = "default"
    today_override: str | None = None


state = State()


def today() -> date:
    """The one clock (`earnest.ledger.clock`), pinned to --today or EARNEST_TODAY when given.

    The CLI reads those in any form `parse_date` knows ('+3d', 'next friday'), relative to the
    clock's own date, and pins the result so that services and after-commit work agree with it.
    """
    # The clock reads the time zone from the settings; naming them is enough (no database needed).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earnest.web.settings")
    from earnest.ledger import clock

    raw = state.today_override or os.environ.get("EARNEST_TODAY")
    if raw and clock.pinned() is None:
        clock.pin(parse_date(raw, "today", base=clock.system_today()))
    return clock.today()


def parse_date(value: str, field: str, *, base: date | None = None) -> date:
    """ISO dates, '4 Dec 2026', 'today', '+3d' / '-2w', plain English like 'next friday', and 12/04/2026
    in the workspace's date order: the same reading as the web forms (`parse_day`)."""
    from earnest.ledger.services._validation import parse_day

    # Only 12/04/2026-style input depends on the order; anything else is read without the database.
    numeric = re.fullmatch(r"\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\s*", value or "")
    return parse_day(value, field, today=base or today(), order=_date_order() if numeric else "mdy")


def _date_order() -> str:
    """How the workspace reads 12/04/2026; month first when it does not exist yet."""
    from earnest.ledger.models import Workspace

    try:
        found = Workspace.objects.filter(slug=state.workspace_slug).values_list("date_order", flat=True).first()
    except Exception:  # noqa: BLE001 - no database yet (e.g. --today read before setup): the default order
        found = None
    return found or "mdy"


MAX_ID = 2**63 - 1


def parse_id(value: str, what: str) -> int:
    """An id typed on the command line; anything else is one clear user error, not Click's usage text."""
    text = value.strip()
    if not (text.isascii() and text.isdigit()):
        raise DomainError(f"{what} id must be a number, not {value!r}")
    number = int(text)
    if not 0 < number <= MAX_ID:
        raise DomainError(f"{what} id {value!r} is out of range")
    return number


def workspace():
    from earnest.bootstrap import setup

    setup()
    import getpass

    from earnest.ledger.derived.audit import set_actor
    from earnest.ledger.services.prospects import workspace_ensure

    set_actor(label=f"cli:{getpass.getuser()}")
    return workspace_ensure(slug=state.workspace_slug)


def user_errors(fn: F) -> F:
    """Turn errors the user caused into one line on stderr and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from earnest.bootstrap import setup

        try:
            # Commands import the ledger lazily, so Django must be ready before they run.
            setup()
            today()  # pins --today before any service or after-commit work reads the clock
            return fn(*args, **kwargs)
        except DomainError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err_console.print("interrupted")
            raise typer.Exit(130) from None
        except Exception as exc:
            from django.db import DatabaseError

            if isinstance(exc, DatabaseError):
                err_console.print(f"[bold red]database error:[/] {exc}".strip())
                raise typer.Exit(2) from None
            raise
        finally:
            # A pin lasts one command: the next one (in the same process, as tests run them) reads
            # its own --today.
            from earnest.ledger import clock

            clock.pin(None)

    return wrapper  # type: ignore[return-value]


def command(group: typer.Typer, name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        group.command(name, **kwargs)(user_errors(fn))
        return fn

    return decorate


DEFAULT_BASE_URL = "http://127.0.0.1:8000"
# Links the CLI prints point at the web server: where `earnest serve` listens without --port, unless told.
BaseUrlOpt = Annotated[
    str,
    typer.Option(
        "--base-url",
        envvar="EARNEST_BASE_URL",
        help="The address people open earnest at, which the link points to: the server's host and port "
        "(e.g. http://127.0.0.1:8123 for `earnest serve --port 8123`, or https://earnest.example.com). "
        "Default: EARNEST_BASE_URL, else http://127.0.0.1:8000.",
    ),
]


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
