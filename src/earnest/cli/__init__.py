"""The `earnest` command: a thin shell over the ledger services and the domain rules."""

from __future__ import annotations

from typing import Annotated

import typer

from .analyze import analyze_command
from .context import state, user_errors
from .conversations import commitment_app, log_cmd, step_app
from .edits import conversation_app
from .experiments import experiment_app
from .ladders import ladder_app
from .leads import leads_app
from .prospects import contact_app, evidence_app, prospect_app
from .setup import setup_app
from .team import team_app, token_app
from .transfer import register_transfer
from .web import digest_command, serve_command
from .workspace import workspace_app

app = typer.Typer(
    name="earnest",
    help="Which of your leads are real? earnest judges interest by what customers give up: time, reputation, money.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    workspace: Annotated[
        str, typer.Option("--workspace", "-w", envvar="EARNEST_WORKSPACE", help="Workspace to work in.")
    ] = "default",
    today: Annotated[
        str | None,
        typer.Option(
            "--today", envvar="EARNEST_TODAY", help="Judge as if today were this date (for reviews and tests)."
        ),
    ] = None,
) -> None:
    from earnest.ledger import clock

    state.workspace_slug = workspace
    state.today_override = today
    clock.pin(None)  # resolved on first use, relative to the clock's own date


app.add_typer(setup_app)
app.add_typer(leads_app)
app.command("log")(user_errors(log_cmd))
app.add_typer(prospect_app, name="prospect")
app.add_typer(contact_app, name="contact")
app.add_typer(commitment_app, name="commitment")
app.add_typer(step_app, name="step")
app.add_typer(conversation_app, name="conversation")
app.add_typer(evidence_app, name="evidence")
app.add_typer(ladder_app, name="ladder")
app.add_typer(experiment_app, name="experiment")
app.add_typer(team_app)
app.add_typer(token_app, name="token")
app.add_typer(workspace_app, name="workspace")
register_transfer(app)
app.command("serve")(serve_command)
app.command("digest")(digest_command)


app.command("analyze")(analyze_command)


def main() -> None:
    app()
