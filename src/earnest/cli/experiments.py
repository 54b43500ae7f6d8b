"""Experiments: hypotheses about a segment that the ledger proves or disproves, and which asks work."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from .context import command, parse_date, today, workspace
from .output import FORMAT_HELP, Format, console, e, print_json

experiment_app = typer.Typer(
    help="Hypotheses about a segment, judged by what its prospects gave.", no_args_is_help=True
)

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]
NameArg = Annotated[str, typer.Argument(help="The experiment's name (or id).")]
RungOpt = Annotated[
    str,
    typer.Option("--rung", help="Success: prospects reach this rung or higher (with --rate: the asks for this rung)."),
]
AtLeastOpt = Annotated[int | None, typer.Option("--at-least", help="How many prospects it takes.")]
MoneyOpt = Annotated[bool, typer.Option("--money", help="Success: at least N prospects give money.")]
AmountOpt = Annotated[str | None, typer.Option("--amount", help="Success: the money committed reaches X.")]
RateOpt = Annotated[int | None, typer.Option("--rate", help="Success: at least P% of asks agreed.")]
MinAsksOpt = Annotated[int | None, typer.Option("--min-asks", help="With --rate: judged over at least M asks.")]
STATUS_STYLES = {"validated": "bold green", "invalidated": "bold red", "running": "yellow", "revised": "bright_black"}


def _status(status: str) -> str:
    return f"[{STATUS_STYLES.get(status, 'white')}]{status}[/]"


def _criterion_input(
    rung: str, at_least: int | None, money: bool, amount: str | None, rate: int | None, min_asks: int | None
):
    from earnest.ledger.services.experiments import CriterionInput

    return CriterionInput(rung=rung, at_least=at_least, money=money, amount=amount, rate=rate, min_asks=min_asks)


def _show(view: Any, fmt: Format) -> None:
    from earnest.ledger.reads.experiments import experiment_data

    if fmt is Format.json:
        print_json(experiment_data(view))
        return
    plan, result = view.plan, view.result
    console.print(f"[bold]{e(plan.name)}[/] v{plan.number}: {_status(result.status.value)}")
    console.print(f"  Hypothesis: {e(plan.hypothesis)}")
    console.print(
        f"  Segment: {e(plan.segment)} ({result.segment_size} prospects)   "
        f"deadline {plan.deadline}   started {plan.started_on}"
    )
    console.print(f"  Success: {e(view.criterion_text)}")
    console.print(f"  Progress: {e(result.distance)}")
    for r in result.reasons:
        console.print(f"  [bright_black]- {e(r.text)}[/]")
    if result.counted:
        console.print("\n[bold]Counting toward it[/]")
        for c in result.counted:
            console.print(f"  {c.on}  [bold]{e(c.prospect)}[/] (id {c.prospect_id}): {e(c.text)}")
    if result.open_asks:
        console.print("\n[bold]Asks still open[/]")
        for a in result.open_asks:
            console.print(
                f"  {a.asked_on}  [bold]{e(a.prospect)}[/]: {e(a.wording)}"
                + (
                    f"  [bright_black]→ earnest commitment agree|decline {a.commitment_id}[/]"
                    if a.commitment_id
                    else ""
                )
            )
    if view.versions:
        console.print("\n[bold]Other versions[/]")
        for v in view.versions:
            console.print(
                f"  v{v.plan.number}: {_status(v.result.status.value)} — {e(v.criterion_text)} "
                f"in {e(v.plan.segment)}" + (f", revised {v.plan.revised_on}" if v.plan.revised_on else "")
            )


@command(experiment_app, "add")
def experiment_add_cmd(
    name: Annotated[str, typer.Argument(help="A short name for the experiment.")],
    hypothesis: Annotated[str, typer.Option(help="In your words: the customer, the problem, the ask that tests it.")],
    segment: Annotated[str, typer.Option(help="The tag of the prospects it is about.")],
    by: Annotated[str, typer.Option("--by", help="The deadline.")],
    rung: RungOpt = "",
    at_least: AtLeastOpt = None,
    money: MoneyOpt = False,
    amount: AmountOpt = None,
    rate: RateOpt = None,
    min_asks: MinAsksOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Add an experiment: a hypothesis about a segment and the criterion that proves it.

    Example: earnest experiment add "Dispatchers trial" --hypothesis "Dispatchers will try it on real data"
    --segment logistics --rung trial_real_data --at-least 2 --by 2027-01-31
    """
    from earnest.ledger.reads.experiments import experiment_data, experiment_judged
    from earnest.ledger.services.experiments import experiment_add

    ws, now = workspace(), today()
    row = experiment_add(
        workspace=ws,
        name=name,
        hypothesis=hypothesis,
        segment=segment,
        criterion=_criterion_input(rung, at_least, money, amount, rate, min_asks),
        deadline=parse_date(by, "by"),
        started_on=now,
    )
    view = experiment_judged(ws, row, now)
    if fmt is Format.json:
        print_json(experiment_data(view))
        return
    console.print(
        f"Added experiment [bold]{e(row.name)}[/]: {e(view.criterion_text)} in "
        f"{e(row.segment)} by {row.deadline}. Now {_status(view.result.status.value)}: "
        f"{e(view.result.distance)}."
    )


@command(experiment_app, "list")
def experiment_list_cmd(fmt: FormatOpt = Format.table) -> None:
    """List experiments (their latest versions) with their computed status.

    Example: earnest experiment list --format json
    """
    from earnest.ledger.reads.experiments import experiment_data, experiments_judged

    views = experiments_judged(workspace(), today())
    if fmt is Format.json:
        print_json([experiment_data(v) for v in views])
        return
    if not views:
        console.print(
            'No experiments yet. Add one with: earnest experiment add NAME --hypothesis "…" '
            "--segment TAG --rung RUNG --at-least N --by DATE"
        )
        return
    table = Table("name", "version", "status", "segment", "progress", "deadline")
    for v in views:
        table.add_row(
            e(v.plan.name),
            str(v.plan.number),
            _status(v.result.status.value),
            e(v.plan.segment),
            e(v.result.distance),
            str(v.plan.deadline),
        )
    console.print(table)


@command(experiment_app, "show")
def experiment_show_cmd(
    name: NameArg,
    version: Annotated[int | None, typer.Option(help="An older version (default: the latest).")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """An experiment's status with its evidence: who counts, which asks are open, the distance to the target.

    Example: earnest experiment show "Dispatchers trial"
    """
    from earnest.ledger.reads.experiments import experiment_get, experiment_judged

    ws = workspace()
    _show(experiment_judged(ws, experiment_get(ws, name, version), today()), fmt)


@command(experiment_app, "revise")
def experiment_revise_cmd(
    name: NameArg,
    hypothesis: Annotated[str | None, typer.Option(help="The new hypothesis.")] = None,
    segment: Annotated[str | None, typer.Option(help="The new segment (tag).")] = None,
    by: Annotated[str | None, typer.Option("--by", help="The new deadline.")] = None,
    rung: RungOpt = "",
    at_least: AtLeastOpt = None,
    money: MoneyOpt = False,
    amount: AmountOpt = None,
    rate: RateOpt = None,
    min_asks: MinAsksOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Revise an experiment into a new version (a pivot); the old one keeps its result.

    Example: earnest experiment revise "Dispatchers trial" --segment 3pl --at-least 3 --by 2027-03-31
    """
    from earnest.ledger.reads.experiments import experiment_data, experiment_get, experiment_judged
    from earnest.ledger.services.experiments import criterion_revised, experiment_revise

    ws, now = workspace(), today()
    parent = experiment_get(ws, name)
    criterion = criterion_revised(
        parent, rung=rung, at_least=at_least, money=money, amount=amount, rate=rate, min_asks=min_asks
    )
    row = experiment_revise(
        experiment=parent,
        on=now,
        hypothesis=hypothesis,
        segment=segment,
        criterion=criterion,
        deadline=parse_date(by, "by") if by else None,
    )
    view = experiment_judged(ws, row, now)
    if fmt is Format.json:
        print_json(experiment_data(view))
        return
    old = next((v for v in view.versions if v.plan.number == parent.number), None)
    kept = f" Version {parent.number} stays {old.result.status.value}." if old else ""
    console.print(
        f"Revised [bold]{e(row.name)}[/] into version {row.number}: {e(view.criterion_text)} in "
        f"{e(row.segment)} by {row.deadline}.{kept}"
    )


@command(experiment_app, "asks")
def experiment_asks_cmd(
    segment: Annotated[str | None, typer.Option(help="Only the prospects with this tag.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Which asks work: per rung and wording, how often each was agreed, declined, hedged or left unanswered.

    Example: earnest experiment asks --segment logistics
    """
    from earnest.ledger.reads.experiments import ask_table_data, segment_ask_table

    table_data = segment_ask_table(workspace(), today(), segment)
    if fmt is Format.json:
        print_json(ask_table_data(table_data))
        return
    if not table_data.rungs:
        console.print("No asks on record" + (f" in the segment {e(segment)}." if segment else "."))
        return
    table = Table(
        "rung / wording",
        "asked",
        "agreed",
        "declined",
        "hedged",
        "unanswered",
        "days to answer",
        title=f"Asks in {e(table_data.segment)}" if table_data.segment else "Asks, every prospect",
    )
    for rung in table_data.rungs:
        table.add_row(f"[bold]{e(rung.label)}[/]", *_count_cells(rung.counts))
        for w in rung.wordings:
            table.add_row(f"  “{e(w.wording)}”", *_count_cells(w.counts))
    console.print(table)


def _count_cells(c: Any) -> list[str]:
    waiting = f" ({c.waiting} waiting)" if c.waiting else ""
    days = "-" if c.median_days is None else f"{c.median_days:g}"
    return [str(c.asked), str(c.agreed), str(c.declined), str(c.hedged), f"{c.unanswered}{waiting}", days]
