"""Conversations, the commitments asked for in them, and next steps."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from earnest.domain.errors import DomainError
from earnest.ledger.reads.records import commitment_data, conversation_data, step_data

from .context import command, err_console, parse_date, parse_id, today, workspace
from .output import FORMAT_HELP, Format, console, e, outcome_text, print_json
from .prospects import DateOpt, ProspectArg, _prospect

commitment_app = typer.Typer(help="Ask for commitments and record what became of them.", no_args_is_help=True)
step_app = typer.Typer(help="Next steps: who does what by when, ending in yes or no.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]
MAX_NOTES_FILE = 1_000_000


def _read_notes(notes: str, notes_file: Path | None) -> str:
    if notes and notes_file:
        raise DomainError("give notes as text or as a file, not both")
    if notes_file is None:
        return notes
    try:
        raw = (
            sys.stdin.buffer.read(MAX_NOTES_FILE + 1)
            if str(notes_file) == "-"
            else notes_file.open("rb").read(MAX_NOTES_FILE + 1)
        )
    except OSError as exc:
        raise DomainError(f"{notes_file}: {exc.strerror or exc}") from None
    if len(raw) > MAX_NOTES_FILE:
        raise DomainError(f"{notes_file}: notes are limited to {MAX_NOTES_FILE} bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DomainError(f"{notes_file}: the file is not UTF-8 text") from None


def _contacts(prospect, names: list[str]):
    from earnest.ledger.services.prospects import contact_find

    return [contact_find(prospect=prospect, ref=ref) for ref in names]


def _check_log_options(
    *,
    ask: str,
    ask_rung: str,
    answer: str,
    due: str,
    amount: str,
    currency: list[str],
    rejected: bool,
    next_step: str,
    next_step_due: str,
    next_step_owner: str,
) -> None:
    """Refuse option combinations that are incomplete, contradictory or would be ignored."""
    from earnest.domain.history import AskAnswer, StepOwner
    from earnest.ledger.services._validation import choice

    if answer and not (ask or ask_rung):
        raise DomainError("--answer needs the ask it answers: add --ask TEXT or --ask-rung RUNG")
    if (ask or ask_rung) and not answer:
        given = "--ask" if ask else "--ask-rung"
        raise DomainError(f"{given} needs how they answered: add --answer agreed|declined|hedged|unanswered")
    if not answer:
        ignored = [name for name, value in (("--due", due), ("--amount", amount), ("--currency", currency)) if value]
        if ignored:
            raise DomainError(f"{', '.join(ignored)} describe an ask: add --ask or --ask-rung and --answer")
    else:
        chosen = choice(AskAnswer, answer, "answer")
        if due and chosen is not AskAnswer.AGREED:
            raise DomainError(f"--due is when an agreed ask is due; the answer was {chosen.value}")
        if rejected and chosen is AskAnswer.AGREED:
            raise DomainError("--answer agreed and --rejected contradict each other: they agreed or they said no")
    if not next_step:
        missing = [
            name
            for name, value in (("--next-step-due", next_step_due), ("--next-step-owner", next_step_owner))
            if value
        ]
        if missing:
            raise DomainError(f"{' and '.join(missing)} need the step itself: add --next-step TEXT")
    elif next_step_owner:
        choice(StepOwner, next_step_owner, "next step owner")


FLAG_TEXT = {
    "complimented": "praise or hypothetical promises: they gave nothing",
    "hedged": "a hedge: a stall or a soft no",
    "rejected": "a clear no",
}


def _interactive(fmt: Format) -> bool:
    return fmt is Format.table and sys.stdin.isatty()


def _choose(reading, accept_all: bool, fmt: Format):
    """Which findings to record: all confident ones with --accept-suggestions, else asked one by one
    on a terminal, else none (and say so)."""
    if accept_all:
        return "ticked", True
    if not _interactive(fmt):
        if fmt is Format.table:
            err_console.print(
                "note: the analyzer's findings were not recorded (stdin is not a terminal); "
                "rerun with --accept-suggestions to record them",
                soft_wrap=True,
            )
        return None, False
    flags = [name for name, shown in reading.flags.items() if shown]
    use_flags = bool(flags) and typer.confirm(
        "Mark the conversation: " + "; ".join(FLAG_TEXT[f] for f in flags) + "?", default=True
    )
    keys = [o.key for o in reading.offers if typer.confirm(f"Record {o.describe()}?", default=o.ticked)]
    return keys, use_flags


def log_cmd(
    prospect: ProspectArg,
    date: DateOpt = "today",
    channel: Annotated[str, typer.Option(help="meeting, call, video, email, message, event or other.")] = "meeting",
    with_: Annotated[
        list[str], typer.Option("--with", help="Contact id, email, name or first name; repeat for several.")
    ] = [],  # noqa: B006
    notes: Annotated[str, typer.Option(help="What was said.")] = "",
    notes_file: Annotated[Path | None, typer.Option(help="Read notes from a file (- for stdin).")] = None,
    ask: Annotated[str, typer.Option(help="The concrete ask you made.")] = "",
    ask_rung: Annotated[str, typer.Option(help="The ladder rung the ask aims at.")] = "",
    currency: Annotated[list[str], typer.Option(help="Currency of the ask if it has no rung; repeat.")] = [],  # noqa: B006
    answer: Annotated[str, typer.Option(help="agreed, declined, hedged or unanswered.")] = "",
    due: Annotated[str, typer.Option(help="When an agreed commitment is due.")] = "",
    amount: Annotated[str, typer.Option(help="Money involved, if any.")] = "",
    complimented: Annotated[bool, typer.Option(help="They praised the idea or made hypothetical promises.")] = False,
    hedged: Annotated[bool, typer.Option(help="They stalled or gave a soft no.")] = False,
    rejected: Annotated[bool, typer.Option(help="They said a clear no.")] = False,
    no_reply: Annotated[bool, typer.Option(help="Our outreach that got no reply.")] = False,
    next_step: Annotated[str, typer.Option(help="The agreed next step.")] = "",
    next_step_due: Annotated[str, typer.Option(help="When the next step happens.")] = "",
    next_step_owner: Annotated[str, typer.Option(help="prospect, us or both (default: both).")] = "",
    accept_suggestions: Annotated[
        bool,
        typer.Option(
            "--accept-suggestions",
            help="Record what the notes analyzer found (the findings the web debrief ticks) without asking.",
        ),
    ] = False,
    suggest: Annotated[bool, typer.Option(help="Run the notes analyzer on the notes.")] = True,
    fmt: FormatOpt = Format.table,
) -> None:
    """Log a conversation: the ask, the answer and the next step. The outcome is computed.

    The notes analyzer reads the notes: commitments (on their rung, done or promised), dated next
    steps, objections, evidence and people with a title; on a terminal it asks about each.

    Example: earnest log Acme --with Priya --ask "Intro to the CFO" --ask-rung intro_decision_maker
    --answer agreed --next-step "Call with CFO" --next-step-due "next tuesday" --next-step-owner both
    """
    from earnest.ledger.services.conversations import AskInput, StepInput
    from earnest.ledger.services.findings import ConversationInput, conversation_record, notes_read

    # Every option is checked before the analyzer runs or anything is asked, so a typo never costs
    # the user an answered prompt, and no option is silently ignored.
    _check_log_options(
        ask=ask,
        ask_rung=ask_rung,
        answer=answer,
        due=due,
        amount=amount,
        currency=currency,
        rejected=rejected,
        next_step=next_step,
        next_step_due=next_step_due,
        next_step_owner=next_step_owner,
    )
    p = _prospect(prospect)
    on = parse_date(date, "date")
    ask_input = None
    if answer:
        from earnest.ledger.services.commitments import parse_amount

        ask_input = AskInput(
            answer=answer,
            text=ask,
            rung=ask_rung,
            currencies=tuple(currency),
            due=parse_date(due, "due", base=on) if due else None,
            amount=parse_amount(amount),
        )
    step_due = parse_date(next_step_due, "next step due", base=on) if next_step_due else None
    contacts = _contacts(p, with_)
    text = _read_notes(notes, notes_file)
    reading = notes_read(prospect=p, notes=text, on=on) if suggest and text.strip() else None
    accept, use_flags = None, False
    if reading is not None and (reading.offers or any(reading.flags.values())):
        if fmt is Format.table:
            console.print("[bold]The notes analyzer found:[/]")
            for name, shown in reading.flags.items():
                if shown:
                    console.print(f"  • {e(FLAG_TEXT[name])}")
            for offer in reading.offers:
                console.print(f"  • {e(offer.describe())}")
        accept, use_flags = _choose(reading, accept_suggestions, fmt)
    step = StepInput(next_step, next_step_owner or "both", step_due) if next_step else None
    recorded = conversation_record(
        prospect=p,
        reading=reading,
        accept=accept,
        data=ConversationInput(
            on=on,
            channel=channel,
            notes=text,
            contacts=contacts,
            ask=ask_input,
            complimented=complimented,
            hedged=hedged,
            rejected=rejected,
            outreach_unanswered=no_reply,
            next_step=step,
            flags_from_notes=use_flags,
        ),
    )
    conversation, result, applied = recorded.conversation, recorded.outcome, recorded.applied
    if fmt is Format.json:
        print_json(
            {
                "conversation_id": conversation.pk,
                "outcome": result.outcome,
                "reasons": result.reasons,
                "applied_suggestions": applied.flags,
                "created": applied.as_json(),
                "conversation": conversation_data(conversation),
            }
        )
        return
    console.print(f"Logged conversation {conversation.pk} with {e(p.name)}: {outcome_text(result.outcome)}")
    for reason in result.reasons:
        console.print(f"  - {e(reason.text)}")
    made = applied.as_json()
    counts = [f"{len(ids)} {what.replace('_', ' ')}" for what, ids in made.items() if ids and what != "flags"]
    if counts:
        console.print("Recorded from the notes: " + ", ".join(counts) + ".")
    if result.outcome.value != "advanced":
        console.print(f"Run [bold]earnest debrief {conversation.pk}[/] for a salvage ask.")


def _commitment(ref: str):
    from earnest.ledger.models import Commitment

    found = Commitment.objects.filter(workspace=workspace(), pk=parse_id(ref, "commitment")).first()
    if found is None:
        raise DomainError(f"no commitment {ref} in this workspace")
    return found


@command(commitment_app, "ask")
def commitment_ask_cmd(
    prospect: ProspectArg,
    rung: Annotated[str, typer.Option(help="The ladder rung this commitment climbs to.")] = "",
    description: Annotated[str, typer.Option(help="What you asked for, in words.")] = "",
    currency: Annotated[list[str], typer.Option(help="time, reputation or money; repeat.")] = [],  # noqa: B006
    due: Annotated[str, typer.Option(help="When it should happen.")] = "",
    amount: Annotated[str, typer.Option(help="Money involved, if any.")] = "",
    date: DateOpt = "today",
    fmt: FormatOpt = Format.table,
) -> None:
    """Record an ask that awaits an answer (for example one sent by email).

    Example: earnest commitment ask Acme --rung trial_real_data --due +14d
    """
    from earnest.ledger.services.commitments import commitment_ask

    on = parse_date(date, "date")
    c = commitment_ask(
        prospect=_prospect(prospect),
        on=on,
        rung=rung,
        description=description,
        currencies=currency or None,
        amount=amount or None,
        due=parse_date(due, "due", base=on) if due else None,
    )
    if fmt is Format.json:
        print_json(commitment_data(c, today()))
        return
    console.print(f"Asked {e(c.prospect.name)} for: {e(c.description)} (commitment {c.pk}).")


def _status_command(name: str, to: str, doc: str) -> None:
    def run(
        commitment: Annotated[str, typer.Argument(help="Commitment id.")],
        date: DateOpt = "today",
        due: Annotated[str, typer.Option(help="Due date, when agreeing.")] = "",
        fmt: FormatOpt = Format.table,
    ) -> None:
        from earnest.ledger.services.commitments import commitment_set_status

        on = parse_date(date, "date")
        c = commitment_set_status(
            commitment=_commitment(commitment), to=to, on=on, due=parse_date(due, "due", base=on) if due else None
        )
        if fmt is Format.json:
            print_json(commitment_data(c, today()))
            return
        console.print(f"Commitment {c.pk} ({e(c.description)}) is now {c.status}.")

    run.__doc__ = doc
    run.__name__ = f"commitment_{name}"
    command(commitment_app, name)(run)


_status_command("agree", "agreed", "They said yes.\n\nExample: earnest commitment agree 12 --due +7d")
_status_command("decline", "declined", "They said no: a clear answer.\n\nExample: earnest commitment decline 12")
_status_command("fulfil", "fulfilled", "They did what they agreed to.\n\nExample: earnest commitment fulfil 12")
_status_command("break", "broken", "They did not do what they agreed to.\n\nExample: earnest commitment break 12")


@command(commitment_app, "list")
def commitment_list_cmd(
    prospect: Annotated[str, typer.Argument(help="Prospect id or name (default: all).")] = "",
    fmt: FormatOpt = Format.table,
) -> None:
    """List commitments with their current status (agreed past due shows as broken).

    Example: earnest commitment list Acme
    """
    from earnest.ledger.models import Commitment

    qs = Commitment.objects.filter(workspace=workspace()).select_related("prospect").order_by("asked_on", "pk")
    if prospect:
        qs = qs.filter(prospect=_prospect(prospect))
    now = today()
    rows = [commitment_data(c, now) for c in qs]
    if fmt is Format.json:
        print_json(rows)
        return
    from earnest.domain.describe import money

    currency = workspace().money_currency
    table = Table("id", "prospect", "commitment", "rung", "currencies", "amount", "status", "asked", "due")
    for r in rows:
        amount = money(f"{r['amount']:,.0f}", currency) if r["amount"] is not None else ""
        table.add_row(
            str(r["id"]),
            e(r["prospect"]),
            e(r["description"]),
            e(r["rung"] or ""),
            ", ".join(r["currencies"]),
            amount,
            r["effective_status"],
            str(r["asked_on"]),
            str(r["due"] or ""),
        )
    console.print(table)


@command(step_app, "add")
def step_add_cmd(
    prospect: ProspectArg,
    description: Annotated[str, typer.Argument(help="What happens next.")],
    due: Annotated[str, typer.Option(help="When.")] = "",
    owner: Annotated[str, typer.Option(help="prospect, us or both.")] = "both",
    date: DateOpt = "today",
    fmt: FormatOpt = Format.table,
) -> None:
    """Add a next step.

    Example: earnest step add Acme "Pilot kickoff with their ops team" --due 2026-12-02 --owner both
    """
    from earnest.ledger.services.steps import next_step_add

    on = parse_date(date, "date")
    s = next_step_add(
        prospect=_prospect(prospect),
        description=description,
        owner=owner,
        on=on,
        due=parse_date(due, "due", base=on) if due else None,
    )
    if fmt is Format.json:
        print_json(step_data(s))
        return
    console.print(f"Next step {s.pk}: {e(s.description)}" + (f", due {s.due}" if s.due else ""))


@command(step_app, "done")
def step_done_cmd(
    step: Annotated[str, typer.Argument(help="Next step id.")],
    result: Annotated[str, typer.Option(help="yes (it happened) or no (it did not).")] = "yes",
    date: DateOpt = "today",
    fmt: FormatOpt = Format.table,
) -> None:
    """End a next step with a yes or a no.

    Example: earnest step done 7 --result no
    """
    from earnest.ledger.models import NextStep
    from earnest.ledger.services.steps import next_step_complete

    row = NextStep.objects.filter(workspace=workspace(), pk=parse_id(step, "next step")).first()
    if row is None:
        raise DomainError(f"no next step {step} in this workspace")
    s = next_step_complete(step=row, result=result, on=parse_date(date, "date"))
    if fmt is Format.json:
        print_json(step_data(s))
        return
    console.print(f"Next step {s.pk} ended: {s.result}.")


@command(step_app, "list")
def step_list_cmd(
    open_only: Annotated[bool, typer.Option("--open/--all", help="Only steps still open.")] = True,
    fmt: FormatOpt = Format.table,
) -> None:
    """List next steps, soonest first.

    Example: earnest step list --all --format json
    """
    from earnest.ledger.models import NextStep

    qs = NextStep.objects.filter(workspace=workspace()).select_related("prospect").order_by("due", "pk")
    if open_only:
        qs = qs.filter(result="")
    rows = [step_data(s) for s in qs]
    if fmt is Format.json:
        print_json(rows)
        return
    table = Table("id", "prospect", "next step", "owner", "due", "result")
    for r in rows:
        table.add_row(
            str(r["id"]), e(r["prospect"]), e(r["description"]), r["owner"], str(r["due"] or "-"), r["result"] or "open"
        )
    console.print(table)
