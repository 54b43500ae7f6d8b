"""Verdicts, the coach and today's agenda: what the ledger concludes."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table

from earnest.domain.errors import DomainError
from earnest.jsonable import assessment_data

from .context import command, parse_id, today, workspace
from .output import FORMAT_HELP, Format, console, e, outcome_text, print_json, verdict_text
from .prospects import ProspectArg, _prospect

leads_app = typer.Typer()
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]


@command(leads_app, "leads")
def leads_cmd(
    verdict: Annotated[list[str], typer.Option(help="Only these verdicts; repeat.")] = [],  # noqa: B006
    tag: Annotated[str | None, typer.Option(help="Only the prospects with this tag (segment).")] = None,
    reasons: Annotated[bool, typer.Option(help="Show the reasons under each lead.")] = True,
    fmt: FormatOpt = Format.table,
) -> None:
    """List leads with their verdicts and the reasons behind them.

    Example: earnest leads --verdict zombie --verdict stalled --tag logistics
    """
    from earnest.domain.results import Verdict
    from earnest.ledger.reads.experiments import tag_filter_ids
    from earnest.ledger.reads.selectors import lead_assessments

    wanted = set()
    for v in verdict:
        try:
            wanted.add(Verdict(v.strip().lower()))
        except ValueError:
            raise DomainError(f"unknown verdict {v!r}; use one of: {', '.join(Verdict.choices())}") from None
    ws = workspace()
    ids = list(tag_filter_ids(ws, tag).values_list("prospect_id", flat=True)) if tag else None
    # An empty list of ids would mean "none", which lead_assessments reads the same way.
    pairs = [(h, a) for h, a in lead_assessments(ws, today(), ids) if not wanted or a.verdict in wanted]
    pairs.sort(key=lambda p: (-p[1].strength.score, p[0].name.lower()))
    if fmt is Format.json:
        print_json([assessment_data(h, a) for h, a in pairs])
        return
    if not pairs:
        console.print('No leads to show. Add a prospect with: earnest prospect add "Acme"')
        return
    table = Table("id", "prospect", "verdict", "strength", "stage", "warnings", show_lines=reasons)
    for h, a in pairs:
        why = "\n".join(f"[bright_black]- {e(r.text)}[/]" for r in a.reasons) if reasons else ""
        table.add_row(
            str(h.id),
            f"[bold]{e(h.name)}[/]" + (f"\n{why}" if why else ""),
            verdict_text(a.verdict) + (" [yellow]★ earlyvangelist[/]" if a.earlyvangelist.flag else ""),
            f"{a.strength.score:.0f}",
            e(a.stage.current or "-"),
            "\n".join(e(w.kind.value.replace("_", " ")) for w in a.warnings),
        )
    console.print(table)


@command(leads_app, "lead")
def lead_cmd(prospect: ProspectArg, fmt: FormatOpt = Format.table) -> None:
    """Everything the ledger concludes about one lead, with the evidence.

    Example: earnest lead Acme
    """
    from earnest.ledger.reads.selectors import lead_assessment

    history, a = lead_assessment(workspace(), _prospect(prospect), today())
    if fmt is Format.json:
        print_json(assessment_data(history, a))
        return
    console.print(
        Panel(
            "\n".join(f"- {e(r.text)}" for r in a.reasons) or "-",
            title=f"{e(history.name)}: {verdict_text(a.verdict)}",
            title_align="left",
            expand=console.is_terminal,  # piped, the console is very wide: the box fits its reasons
        )
    )
    for w in a.warnings:
        console.print(f"[yellow]warning:[/] {e(w.text)}")
    console.print(f"\n[bold]Commitment strength {a.strength.score:.0f}/100[/]")
    for t in a.strength.terms:
        console.print(f"  {t.value:6.1f}  {e(t.explanation)}")
    ev = a.earlyvangelist
    console.print(f"\n[bold]Earlyvangelist {ev.score:.0%}[/]" + (" [yellow]★[/]" if ev.flag else ""))
    for c in ev.met:
        console.print(f"  [green]✓[/] {c.value.replace('_', ' ')}")
    for c in ev.missing:
        console.print(f"  [bright_black]✗ {c.value.replace('_', ' ')}[/]")
    console.print(
        f"\n[bold]Stage[/]: {e(a.stage.current or 'not on the ladder yet')}, "
        f"{a.stage.days_in_current} days since {a.stage.since}"
    )
    for s in a.stage.history:
        console.print(f"  {s.reached_on}  {e(s.label)}")
    _print_advice(a.advice)


def _print_advice(advice) -> None:
    console.print(f"\n[bold]Coach[/] ({advice.kind.value.replace('_', ' ')}): {e(advice.text)}")
    if advice.wording:
        console.print(f"  [italic]“{e(advice.wording)}”[/]")
    for r in advice.reasons:
        console.print(f"  [bright_black]- {e(r.text)}[/]")
    if advice.actions:
        console.print(
            "  If the answer is no: [bold]earnest prospect park NAME --until DATE --reason TEXT[/] "
            "or [bold]earnest prospect close NAME --reason REASON[/]"
        )


@command(leads_app, "coach")
def coach_cmd(prospect: ProspectArg, fmt: FormatOpt = Format.table) -> None:
    """The next right-sized ask for a prospect: one at a time.

    Example: earnest coach Acme
    """
    from earnest.ledger.reads.experiments import coached_advice

    history, a, advice = coached_advice(workspace(), _prospect(prospect), today())
    if fmt is Format.json:
        print_json({"prospect": history.name, "advice": advice})
        return
    console.print(f"[bold]{e(history.name)}[/] — {verdict_text(a.verdict)}")
    _print_advice(advice)


# What to type to act on each list's items.
TODAY_FIXES = {
    "to_debrief": "earnest log {prospect_id}  or  earnest step done {ref} --result no",
    "to_prepare": "earnest brief {prospect_id}",
    "todos": "earnest step done {ref} --result yes|no",
    "broken_commitments": "earnest commitment fulfil {ref}  or  earnest commitment break {ref}",
    "commitments_due": "earnest commitment fulfil {ref}",
    "unanswered_asks": "earnest commitment agree|decline {ref}",
    "no_next_step": "earnest debrief {ref}",
    "stalled": "earnest coach {prospect_id}",
    "zombies": "earnest coach {prospect_id}",
    "woke_up": "earnest prospect reopen {prospect_id}",
}


@command(leads_app, "today")
def today_cmd(fmt: FormatOpt = Format.table) -> None:
    """Today's agenda: meetings to debrief and prepare, to-dos, promises, weak meetings, stalled and zombie leads.

    Example: earnest today --format json
    """
    from earnest.domain.agenda import LISTS, TITLES
    from earnest.ledger.reads.today import workspace_agenda

    now = today()
    result = workspace_agenda(workspace(), today=now)
    if fmt is Format.json:
        print_json(result)
        return
    if result.empty:
        console.print(f"Nothing needs you today ({now}). Log a conversation or ask for a commitment.")
        return
    console.print(f"[bold]Today, {now}[/]")
    for key in LISTS:
        items = getattr(result, key)
        if not items:
            continue
        console.print(f"\n[bold underline]{TITLES[key]}[/] ({len(items)})")
        for i in items:
            when = f"{i.on} " if i.on else ""
            fix = TODAY_FIXES[key].format(ref=i.ref, prospect_id=i.prospect_id)
            if i.kind == "debrief_meeting":
                fix = f"earnest debrief {i.ref}"
            console.print(f"  {when}[bold]{e(i.prospect)}[/]: {e(i.text)}  [bright_black]→ {e(fix)}[/]")


def conversation_outcome_line(conversation) -> str:
    return outcome_text(conversation.outcome)


@command(leads_app, "brief")
def brief_cmd(prospect: ProspectArg, fmt: FormatOpt = Format.table) -> None:
    """Before a meeting: the history at a glance, the one commitment to ask for, and questions to open with.

    Example: earnest brief Acme
    """
    from earnest.ledger.reads.selectors import prospect_brief

    b = prospect_brief(workspace(), _prospect(prospect), today())
    if fmt is Format.json:
        print_json(b)
        return
    console.print(f"[bold]Brief: {e(b.prospect)}[/] — {verdict_text(b.verdict)}, on {e(b.rung or 'no rung yet')}")
    if b.recent:
        console.print("\n[bold]Recent conversations[/]")
        for g in b.recent:
            console.print(f"  {g.on}  {outcome_text(g.outcome)}" + (f" — {e(g.reasons[0].text)}" if g.reasons else ""))
    for c in b.open_commitments:
        console.print(f"  open commitment: {e(c.description)} ({c.status})")
    for s in b.open_steps:
        console.print(f"  open step: {e(s.description)}" + (f", due {s.due}" if s.due else ""))
    console.print("\n[bold]Open with questions about their past and present, not about your idea[/]")
    for q in b.questions:
        console.print(f"  • {e(q)}")
    _print_advice(b.ask)


@command(leads_app, "debrief")
def debrief_cmd(
    conversation: Annotated[str, typer.Argument(help="Conversation id (printed by `earnest log`).")],
    fmt: FormatOpt = Format.table,
) -> None:
    """After a meeting: what it amounted to and, if it was weak, why, and the salvage ask.

    Example: earnest debrief 42
    """
    from earnest.ledger.models import Conversation
    from earnest.ledger.services.debrief import conversation_debrief

    row = (
        Conversation.objects.filter(workspace=workspace(), pk=parse_id(conversation, "conversation"))
        .select_related("prospect")
        .first()
    )
    if row is None:
        raise DomainError(f"no conversation {conversation} in this workspace")
    d = conversation_debrief(workspace(), row, today())
    if fmt is Format.json:
        print_json(d)
        return
    console.print(f"[bold]{e(row.prospect.name)}, {d.on}[/]: {outcome_text(d.outcome)}")
    for r in d.reasons:
        console.print(f"  - {e(r.text)}")
    if d.failure:
        console.print(f"\n[bold red]Why this was not a good meeting:[/] {e(d.failure)}")
    if d.salvage:
        _print_advice(d.salvage)


@command(leads_app, "refresh")
def refresh_cmd(
    every: Annotated[bool, typer.Option("--all", help="Every lead, not only those the day can change.")] = False,
) -> None:
    """Recompute the stored verdicts that no longer hold today, so the first page view of the day is fast (for cron).

    A new day changes the verdicts of the leads whose dates came (a promise due, a stall clock run
    out, a parking ended); the others hold. --all recomputes every lead.

    Example: earnest refresh
    """
    from earnest.ledger.derived.snapshots import snapshots_refresh, stale_prospect_ids

    now, ws = today(), workspace()
    count = snapshots_refresh(ws, now, None if every else stale_prospect_ids(ws, now))
    console.print(f"Recomputed {count} leads as of {now}.")
