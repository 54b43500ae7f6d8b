"""Creating the database and loading the demo workspace."""

from __future__ import annotations

from typing import Annotated

import typer

from .context import command, state, today, workspace
from .output import console, e

setup_app = typer.Typer()


@command(setup_app, "init")
def init_cmd() -> None:
    """Create or upgrade the database (other commands do it too when needed).

    Example: earnest init
    """
    from django.conf import settings
    from django.db import connection

    from earnest.bootstrap import migrate_if_needed, setup

    setup(migrate=False)
    changed = migrate_if_needed()
    workspace()
    where = settings.DATABASES["default"]["NAME"]
    console.print(f"Database {'created or upgraded' if changed else 'up to date'}: {connection.vendor} {e(where)}")


@command(setup_app, "demo")
def demo_cmd(
    reset: Annotated[bool, typer.Option(help="Delete the demo workspace first and load it again.")] = False,
    keep: Annotated[
        bool, typer.Option("--keep", help="Load only into an empty workspace; keep one that already has prospects.")
    ] = False,
) -> None:
    """Load a realistic demo workspace, dated relative to today.

    Example: earnest --workspace demo demo --reset
    """
    from earnest.ledger.services.demo import demo_load

    count = demo_load(workspace=workspace(), today=today(), reset=reset, keep=keep)
    if not count:
        console.print(
            f"Workspace {e(state.workspace_slug)} already has prospects; kept them as they are "
            "(--reset reloads the demo)."
        )
        return
    console.print(
        f"Loaded {count} demo prospects into workspace {e(state.workspace_slug)}. "
        f"Try: earnest --workspace {e(state.workspace_slug)} leads"
    )
