"""Ladders (playbooks): the built-in three and the user's own, written in TOML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Column, Table

from earnest.domain.errors import DomainError
from earnest.ledger.reads.records import ladder_data, ladder_detail_data

from .context import command, workspace
from .output import FORMAT_HELP, Format, console, e, print_json

ladder_app = typer.Typer(help="View the built-in ladders and manage your own.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]


@command(ladder_app, "list")
def ladder_list_cmd(fmt: FormatOpt = Format.table) -> None:
    """List the ladders available in this workspace.

    Example: earnest ladder list
    """
    from earnest.ledger.reads.selectors import workspace_ladders

    ladders = list(workspace_ladders(workspace()).values())
    if fmt is Format.json:
        print_json([ladder_data(lad) for lad in ladders])
        return
    table = Table(
        Column("key", no_wrap=True, min_width=max((len(lad.key) for lad in ladders), default=3)),
        "name",
        "rungs",
        "kind",
    )
    for lad in ladders:
        table.add_row(lad.key, e(lad.name), str(len(lad.rungs)), "built in" if lad.builtin else "custom")
    console.print(table)


@command(ladder_app, "show")
def ladder_show_cmd(key: Annotated[str, typer.Argument(help="Ladder key.")], fmt: FormatOpt = Format.table) -> None:
    """Show a ladder's rungs, currencies and weights.

    Example: earnest ladder show b2b
    """
    from earnest.ledger.reads.selectors import ladder_get

    ws = workspace()
    if fmt is Format.json:
        print_json(ladder_detail_data(ws, key))
        return
    lad = ladder_get(ws, key)
    # The rung key is what people type into other commands: it never wraps or shrinks; the rest wrap.
    key_column = Column("rung", no_wrap=True, min_width=max((len(r.key) for r in lad.rungs), default=4))
    table = Table(
        "#", key_column, "label", "currencies", "weight", "track", "stall days", title=f"{e(lad.name)} ({lad.key})"
    )
    for i, r in enumerate(lad.rungs, 1):
        label = e(r.label) + (" [cyan](customer line)[/]" if r.customer else "")
        table.add_row(
            str(i),
            e(r.key),
            label,
            ", ".join(sorted(c.label for c in r.currencies)),
            f"{r.weight:g}",
            r.track,
            str(lad.stall_days_for(r)),
        )
    console.print(table)


@command(ladder_app, "add")
def ladder_add_cmd(path: Annotated[Path, typer.Argument(help="A ladder TOML file.")]) -> None:
    """Add or replace a custom ladder from a TOML file (start from `earnest ladder export discovery`).

    Example: earnest ladder add my-playbook.toml
    """
    from earnest.domain.errors import LadderFileError
    from earnest.ledger.services.ladders import ladder_save

    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LadderFileError(str(path), None, "the file is not UTF-8 text") from None
    except OSError as exc:
        raise DomainError(f"{path}: {exc.strerror or exc}") from None
    lad = ladder_save(workspace=workspace(), source=source, origin=str(path))
    console.print(f"Saved ladder {lad.key} ({e(lad.name)}) with {len(lad.rungs)} rungs.")


@command(ladder_app, "export")
def ladder_export_cmd(key: Annotated[str, typer.Argument(help="Ladder key.")]) -> None:
    """Print a ladder as TOML, to copy and edit.

    Example: earnest ladder export discovery > my-playbook.toml
    """
    from earnest.domain.ladder_files import BUILTIN_KEYS, builtin_ladder_text
    from earnest.ledger.models import CustomLadder

    if key in BUILTIN_KEYS:
        print(builtin_ladder_text(key), end="")
        return
    row = CustomLadder.objects.filter(workspace=workspace(), key=key).first()
    if row is None:
        raise DomainError(f"no ladder {key!r}")
    print(row.source, end="")


@command(ladder_app, "delete")
def ladder_delete_cmd(key: Annotated[str, typer.Argument(help="Ladder key.")]) -> None:
    """Delete a custom ladder that no prospect uses.

    Example: earnest ladder delete my_playbook
    """
    from earnest.ledger.services.ladders import ladder_delete

    ladder_delete(workspace=workspace(), key=key)
    console.print(f"Deleted ladder {key}.")
