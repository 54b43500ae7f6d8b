"""Fixing mistakes: edit or delete a conversation, contact, next step or commitment; delete or merge prospects.

Every change goes through the same audited, versioned services as the web app and the API, so
verdicts move at once. Deleting asks first (or takes --yes), since a deletion cannot be undone.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from earnest.domain.errors import DomainError
from earnest.ledger.reads.records import commitment_data, contact_data, conversation_data, step_data

from .context import command, parse_date, parse_id, today, workspace
from .conversations import commitment_app, step_app
from .output import FORMAT_HELP, Format, console, e, print_json
from .prospects import ProspectArg, _prospect, contact_app, prospect_app

conversation_app = typer.Typer(help="Correct or delete a logged conversation.", no_args_is_help=True)

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
IdArg = Annotated[str, typer.Argument(help="Its id (shown by the list commands and the web app).")]


def _row(model_name: str, ref: str):
    from earnest.ledger import models as m

    models: dict[str, type[m.Conversation] | type[m.Contact] | type[m.NextStep] | type[m.Commitment]] = {
        "conversation": m.Conversation,
        "contact": m.Contact,
        "step": m.NextStep,
        "commitment": m.Commitment,
    }
    row = models[model_name].objects.filter(workspace=workspace(), pk=parse_id(ref, model_name)).first()
    if row is None:
        raise DomainError(f"no {model_name} {ref} in this workspace")
    return row


def _date_or_clear(value: str | None, field: str) -> tuple[date | None, bool]:
    """(date, clear) from an option where 'none' clears the date."""
    if value is None:
        return None, False
    if value.strip().lower() in ("none", "-", ""):
        return None, True
    return parse_date(value, field), False


def _confirm(question: str, yes: bool) -> None:
    if not yes and not typer.confirm(question, default=False):
        raise DomainError("nothing deleted")


def _deleted(kind: str, ref: int, fmt: Format) -> None:
    if fmt is Format.json:
        print_json({"deleted": kind, "id": ref})
    else:
        console.print(f"Deleted {kind} {ref}.")


def _delete(kind: str, ref: str, yes: bool, fmt: Format, describe) -> None:
    from earnest.ledger.services.deletions import record_delete

    row = _row(kind, ref)
    _confirm(f"Delete {kind} {row.pk} ({describe(row)})? This cannot be undone", yes)
    record_delete(row=row, expected_version=row.version)
    _deleted(kind, row.pk, fmt)


@command(conversation_app, "edit")
def conversation_edit_cmd(
    conversation: IdArg,
    date: Annotated[str | None, typer.Option("--date", "-d", help="When it happened.")] = None,
    channel: Annotated[str | None, typer.Option(help="meeting, call, video, email, message, event, other.")] = None,
    notes: Annotated[str | None, typer.Option(help="Replace the notes.")] = None,
    complimented: Annotated[bool | None, typer.Option(help="They praised the idea, and gave nothing.")] = None,
    hedged: Annotated[bool | None, typer.Option(help="They stalled or gave a soft no.")] = None,
    rejected: Annotated[bool | None, typer.Option(help="They said a clear no.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Correct a conversation; its outcome and the lead's verdict are computed again.

    Example: earnest conversation edit 42 --date 2026-11-20 --no-complimented
    """
    from earnest.ledger.services.conversations import conversation_update

    row = _row("conversation", conversation)
    flags = {
        k: v for k, v in {"complimented": complimented, "hedged": hedged, "rejected": rejected}.items() if v is not None
    }
    row, result = conversation_update(
        conversation=row,
        expected_version=row.version,
        notes=notes,
        on=parse_date(date, "date") if date else None,
        channel=channel,
        **flags,
    )
    if fmt is Format.json:
        print_json(conversation_data(row))
        return
    console.print(f"Conversation {row.pk} of {row.on} saved; outcome {result.outcome.value.replace('_', ' ')}.")


@command(conversation_app, "delete")
def conversation_delete_cmd(conversation: IdArg, yes: YesOpt = False, fmt: FormatOpt = Format.table) -> None:
    """Delete a conversation (its commitments and steps stay, no longer tied to it).

    Example: earnest conversation delete 42 --yes
    """
    _delete("conversation", conversation, yes, fmt, lambda r: f"{r.on} with {r.prospect.name}")


@command(contact_app, "edit")
def contact_edit_cmd(
    contact: IdArg,
    name: Annotated[str | None, typer.Option(help="The person's name.")] = None,
    role: Annotated[str | None, typer.Option(help="champion, decision_maker, budget_owner, user or other.")] = None,
    email: Annotated[str | None, typer.Option(help="Email address.")] = None,
    title: Annotated[str | None, typer.Option(help="Job title.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Correct a contact's name, role, email or title.

    Example: earnest contact edit 7 --role budget_owner
    """
    from earnest.ledger.services.prospects import contact_update

    row = _row("contact", contact)
    changes = {k: v for k, v in {"name": name, "role": role, "email": email, "title": title}.items() if v is not None}
    row = contact_update(contact=row, expected_version=row.version, **changes)
    if fmt is Format.json:
        print_json(contact_data(row))
        return
    console.print(f"Contact {row.pk} saved: {e(row.name)} ({row.role.replace('_', ' ')}).")


@command(contact_app, "delete")
def contact_delete_cmd(contact: IdArg, yes: YesOpt = False, fmt: FormatOpt = Format.table) -> None:
    """Delete a contact.

    Example: earnest contact delete 7 --yes
    """
    _delete("contact", contact, yes, fmt, lambda r: f"{r.name} at {r.prospect.name}")


@command(step_app, "edit")
def step_edit_cmd(
    step: IdArg,
    description: Annotated[str | None, typer.Option(help="What happens next.")] = None,
    owner: Annotated[str | None, typer.Option(help="prospect, us or both.")] = None,
    due: Annotated[str | None, typer.Option(help="The new date, or 'none' to leave it undated.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Correct a next step's description, owner or date.

    Example: earnest step edit 12 --due "next friday"
    """
    from earnest.ledger.services.steps import next_step_update

    row = _row("step", step)
    day, clear = _date_or_clear(due, "due")
    row = next_step_update(
        step=row, expected_version=row.version, description=description, owner=owner, due=day, clear_due=clear
    )
    if fmt is Format.json:
        print_json(step_data(row))
        return
    console.print(f"Step {row.pk} saved: {e(row.description)}" + (f", due {row.due}." if row.due else ", no date."))


@command(step_app, "delete")
def step_delete_cmd(step: IdArg, yes: YesOpt = False, fmt: FormatOpt = Format.table) -> None:
    """Delete a next step.

    Example: earnest step delete 12 --yes
    """
    _delete("step", step, yes, fmt, lambda r: r.description[:60])


@command(commitment_app, "edit")
def commitment_edit_cmd(
    commitment: IdArg,
    description: Annotated[str | None, typer.Option(help="What they promised.")] = None,
    due: Annotated[str | None, typer.Option(help="The new date, or 'none'.")] = None,
    amount: Annotated[str | None, typer.Option(help="How much money, or 'none'.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Correct what was promised, by when or how much (its status moves with agree, fulfil, break).

    Example: earnest commitment edit 5 --due 2026-12-15 --amount 12k
    """
    from earnest.ledger.services.commitments import commitment_update

    row = _row("commitment", commitment)
    day, clear = _date_or_clear(due, "due")
    no_amount = amount is not None and amount.strip().lower() in ("none", "-", "")
    row = commitment_update(
        commitment=row,
        expected_version=row.version,
        description=description,
        due=day,
        clear_due=clear,
        amount=None if no_amount else amount,
        clear_amount=no_amount,
    )
    if fmt is Format.json:
        print_json(commitment_data(row, today()))
        return
    console.print(f"Commitment {row.pk} saved: {e(row.description)}.")


@command(commitment_app, "delete")
def commitment_delete_cmd(commitment: IdArg, yes: YesOpt = False, fmt: FormatOpt = Format.table) -> None:
    """Delete a commitment recorded by mistake.

    Example: earnest commitment delete 5 --yes
    """
    _delete("commitment", commitment, yes, fmt, lambda r: r.description[:60])


@command(prospect_app, "delete")
def prospect_delete_cmd(prospect: ProspectArg, yes: YesOpt = False, fmt: FormatOpt = Format.table) -> None:
    """Delete a prospect with everything recorded about it, after saying what that is.

    Example: earnest prospect delete "Orbit Freight" --yes
    """
    from earnest.ledger.services.deletions import counted, prospect_delete, prospect_delete_summary

    p = _prospect(prospect)
    goes = prospect_delete_summary(p)
    listed = counted(goes)
    _confirm(f"Delete {p.name} (id {p.pk}) and with it: {listed}? This cannot be undone", yes)
    prospect_delete(prospect=p, expected_version=p.version)
    if fmt is Format.json:
        print_json({"deleted": "prospect", "id": p.pk, "with": goes})
    else:
        console.print(f"Deleted {e(p.name)} and with it: {e(listed)}.")


@command(prospect_app, "merge")
def prospect_merge_cmd(
    keep: Annotated[str, typer.Argument(help="The prospect to keep (id or name).")],
    absorb: Annotated[str, typer.Argument(help="The duplicate to fold into it and delete (id or name).")],
    yes: YesOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Merge a duplicate into another prospect: people, conversations, commitments, steps, evidence
    and the audit trail move; the duplicate is deleted.

    Example: earnest prospect merge 3 17 --yes
    """
    from earnest.ledger.services.deletions import counted
    from earnest.ledger.services.merges import prospect_merge

    kept, gone = _prospect(keep), _prospect(absorb)
    _confirm(
        f"Move everything of {gone.name} (id {gone.pk}) to {kept.name} (id {kept.pk}) and delete {gone.name}?", yes
    )
    moved = prospect_merge(keep=kept, absorb=gone, keep_version=kept.version, absorb_version=gone.version)
    if fmt is Format.json:
        print_json({"kept": kept.pk, "absorbed": gone.pk, "moved": moved})
        return
    listed = counted(moved)
    console.print(f"Merged {e(gone.name)} into {e(kept.name)} (id {kept.pk}); moved {e(listed)}.")
