"""The workspace's own settings: its name, the currency of its amounts, how typed dates are read."""

from __future__ import annotations

from typing import Annotated

import typer

from .context import command, workspace
from .output import FORMAT_HELP, Format, console, e, print_json

workspace_app = typer.Typer(help="The workspace's settings: name, currency, date order.", no_args_is_help=True)


def _show(ws, fmt: Format) -> None:
    values = {"slug": ws.slug, "name": ws.name, "currency": ws.money_currency, "date_order": ws.date_order}
    if fmt is Format.json:
        print_json(values)
        return
    order = "day first (04/12/2026)" if ws.date_order == "dmy" else "month first (12/04/2026)"
    console.print(f"Workspace {e(ws.slug)}: {e(ws.name)}; amounts in {e(ws.money_currency)}; typed dates read {order}.")


@command(workspace_app, "show")
def workspace_show_cmd(
    fmt: Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)] = Format.table,
) -> None:
    """Show the workspace's name, currency and date order.

    Example: earnest workspace show
    """
    _show(workspace(), fmt)


@command(workspace_app, "currency")
def workspace_currency_cmd(code: Annotated[str, typer.Argument(help="A three-letter code: USD, EUR, GBP…")]) -> None:
    """Set the currency every amount in the workspace is in (shown beside each amount).

    Example: earnest workspace currency EUR
    """
    from earnest.ledger.services.workspaces import workspace_settings_update

    _show(workspace_settings_update(workspace=workspace(), money_currency=code), Format.table)


@command(workspace_app, "date-order")
def workspace_date_order_cmd(
    order: Annotated[str, typer.Argument(help="mdy (12/04/2026 is 4 Dec) or dmy (04/12/2026 is 4 Dec).")],
) -> None:
    """Set how dates typed with slashes are read in the web forms.

    Example: earnest workspace date-order dmy
    """
    from earnest.ledger.services.workspaces import workspace_settings_update

    _show(workspace_settings_update(workspace=workspace(), date_order=order), Format.table)


@command(workspace_app, "rename")
def workspace_rename_cmd(name: Annotated[str, typer.Argument(help="The name shown in the top bar.")]) -> None:
    """Give the workspace a display name (its slug, in addresses and --workspace, stays).

    Example: earnest workspace rename "Acme sales"
    """
    from earnest.ledger.services.workspaces import workspace_settings_update

    _show(workspace_settings_update(workspace=workspace(), name=name), Format.table)
