"""Bringing data in and out: CSV from a CRM, calendars, email, backups and a calendar feed."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from earnest.domain.errors import DomainError

from .context import DEFAULT_BASE_URL, BaseUrlOpt, command, parse_date, parse_id, today, workspace
from .output import FORMAT_HELP, Format, console, e, outcome_text, print_json
from .prospects import ProspectArg, _prospect

import_app = typer.Typer(help="Import CRM exports (CSV), calendars (.ics), email and backups.", no_args_is_help=True)
export_app = typer.Typer(help="Export a whole workspace as JSON, or the leads as CSV.", no_args_is_help=True)
mapping_app = typer.Typer(help="CSV column mappings: the CRM presets and your own.", no_args_is_help=True)
feed_app = typer.Typer(help="Calendar feeds of next steps and due dates, to subscribe to.", no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="The file to import.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Show what would change; save nothing.")]
AcceptOpt = Annotated[
    bool,
    typer.Option(
        "--accept-suggestions",
        help="Also record what the notes analyzer finds: commitments on their rung, dated next steps, "
        "new contacts, to-dos and evidence (as `earnest log --accept-suggestions`).",
    ),
]
OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]


def register_transfer(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")
    app.add_typer(mapping_app, name="mapping")
    app.add_typer(feed_app, name="feed")


@contextlib.contextmanager
def _progress(label: str) -> Iterator:
    """A Rich progress bar on stderr for people at a terminal; nothing for scripts."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _read(path: Path) -> bytes:
    from earnest.transfer.files import read_file

    return read_file(path)


def _show(report, fmt: Format) -> None:
    if fmt is Format.json:
        print_json(
            {
                "source": report.source,
                "dry_run": report.dry_run,
                "read_as": report.read_as,
                "counts": report.counts(),
                "actions": report.actions,
                "problems": [str(p) for p in report.problems],
                "analyzer_findings": report.findings,
            }
        )
    else:
        table = Table("line", "kind", "action", "what", "why")
        for a in report.actions:
            if a.action != "unchanged":
                table.add_row(str(a.line or ""), a.kind, a.action, e(a.label), e(a.reason))
        if table.row_count:
            console.print(table)
        console.print(e(report.summary()))
        if report.findings:
            console.print(f"The notes analyzer read something in {report.findings} conversation(s).")
        if any(a.action == "unmatched" for a in report.actions):
            console.print("Assign unmatched meetings with: earnest import pending, then earnest import assign")
    if report.problems:
        for p in report.problems:
            print(f"error: {p}", file=sys.stderr)
        raise typer.Exit(2)


@command(import_app, "csv")
def import_csv_cmd(
    file: FileArg,
    preset: Annotated[str, typer.Option(help="hubspot, pipedrive, salesforce or generic.")] = "generic",
    kind: Annotated[
        str | None,
        typer.Option(help="prospects, contacts, deals or notes (read from the columns when left out)."),
    ] = None,
    mapping: Annotated[str | None, typer.Option(help="A saved mapping to use instead of the preset.")] = None,
    encoding: Annotated[str, typer.Option(help="The file's text encoding.")] = "utf-8",
    ladder: Annotated[str, typer.Option(help="Ladder for new prospects.")] = "discovery",
    dry_run: DryRunOpt = False,
    accept_suggestions: AcceptOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Import prospects, contacts, deals or notes from a CRM's CSV export; all or nothing.

    Example: earnest import csv hubspot-contacts.csv --preset hubspot --dry-run
    """
    from earnest.transfer.csv_import import import_csv
    from earnest.transfer.services import mapping_get

    ws = workspace()
    saved = mapping_get(workspace=ws, name=mapping) if mapping else None
    with _progress("importing rows") as progress:
        report = import_csv(
            workspace=ws,
            data=_read(file),
            name=file.name,
            today=today(),
            preset=preset,
            kind=kind,
            mapping=saved,
            encoding=encoding,
            ladder=ladder,
            dry_run=dry_run,
            accept_suggestions=accept_suggestions,
            progress=progress,
        )
    _show(report, fmt)


@command(import_app, "ics")
def import_ics_cmd(
    file: FileArg,
    dry_run: DryRunOpt = False,
    accept_suggestions: AcceptOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Import a calendar export: past meetings become conversations, matched by attendees' domains.

    Example: earnest import ics calendar.ics --dry-run
    """
    from earnest.transfer.calendar_import import import_ics

    with _progress("importing meetings") as progress:
        report = import_ics(
            workspace=workspace(),
            data=_read(file),
            name=file.name,
            today=today(),
            dry_run=dry_run,
            accept_suggestions=accept_suggestions,
            progress=progress,
        )
    _show(report, fmt)


@command(import_app, "email")
def import_email_cmd(
    file: FileArg,
    dry_run: DryRunOpt = False,
    accept_suggestions: AcceptOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Import an .eml message or an .mbox archive: each thread becomes a conversation.

    Example: earnest import email sales.mbox
    """
    from earnest.transfer.email_import import import_email

    with _progress("importing threads") as progress:
        report = import_email(
            workspace=workspace(),
            data=_read(file),
            name=file.name,
            today=today(),
            dry_run=dry_run,
            accept_suggestions=accept_suggestions,
            progress=progress,
        )
    _show(report, fmt)


@command(import_app, "transcript")
def import_transcript_cmd(
    file: FileArg,
    prospect: Annotated[str, typer.Option("--prospect", help="The prospect the meeting was with (id or name).")],
    me: Annotated[
        list[str],
        typer.Option(
            "--me",
            help="Your name as the transcript labels you (repeat for colleagues); our own promises are "
            "never read as theirs. Default: the first speaker.",
        ),
    ] = [],  # noqa: B006
    date: Annotated[str, typer.Option("--date", "-d", help="When the meeting was (default: today).")] = "today",
    accept_suggestions: AcceptOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Import a meeting transcript (WebVTT or SRT from Zoom, Teams or Meet, or "Speaker: text" lines) as a
    conversation, its findings read as in a debrief.

    Example: earnest import transcript call.vtt --prospect Acme --me "Sam Lee" --accept-suggestions
    """
    from earnest.ledger.reads.selectors import prospect_get
    from earnest.ledger.services.outcomes import conversation_outcome_of
    from earnest.transfer.transcripts import transcript_import

    row, created = transcript_import(
        prospect=prospect_get(workspace(), prospect),
        raw=_read(file),
        name=file.name,
        on=parse_date(date, "date"),
        me=me,
        accept_suggestions=accept_suggestions,
    )
    outcome = conversation_outcome_of(row)
    if fmt is Format.json:
        print_json(
            {
                "conversation_id": row.pk,
                "created": created,
                "outcome": outcome.outcome.value,
                "reasons": outcome.reasons,
            }
        )
        return
    if not created:
        console.print(f"Already imported as conversation {row.pk}; nothing changed.")
        return
    console.print(f"Logged conversation {row.pk} with {e(row.prospect.name)}: {outcome_text(outcome.outcome)}")
    for reason in outcome.reasons:
        console.print(f"  - {e(reason.text)}")


@command(import_app, "json")
def import_json_cmd(file: FileArg, fmt: FormatOpt = Format.table) -> None:
    """Restore a backup made by `earnest export json` into an empty workspace.

    Example: earnest --workspace restored import json backup.json
    """
    from earnest.transfer.backup import workspace_import

    counts = workspace_import(workspace=workspace(), data=_read(file), name=file.name)
    if fmt is Format.json:
        print_json(counts)
    else:
        console.print("Restored " + ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in counts.items()))


@command(import_app, "pending")
def import_pending_cmd(fmt: FormatOpt = Format.table) -> None:
    """Imported meetings and email threads that matched no prospect, waiting to be assigned.

    Example: earnest import pending
    """
    from earnest.transfer.selectors import pending_meetings

    rows = list(pending_meetings(workspace()))
    if fmt is Format.json:
        print_json(
            [
                {
                    "id": p.pk,
                    "on": p.on,
                    "title": p.title,
                    "channel": p.channel,
                    "emails": p.emails,
                    "source": p.source,
                }
                for p in rows
            ]
        )
        return
    table = Table("id", "on", "what", "who")
    for p in rows:
        table.add_row(str(p.pk), p.on.isoformat(), e(p.title), e(", ".join(p.emails)))
    console.print(table if rows else "Nothing is waiting to be assigned.")


@command(import_app, "assign")
def import_assign_cmd(
    pending: Annotated[str, typer.Argument(help="Pending meeting id.")],
    prospect: ProspectArg,
    accept_suggestions: AcceptOpt = False,
) -> None:
    """Log a pending meeting or thread as a conversation with a prospect.

    Example: earnest import assign 3 "Acme Logistics"
    """
    from earnest.transfer.services import pending_assign

    conversation = pending_assign(
        workspace=workspace(),
        pending_id=parse_id(pending, "pending meeting"),
        prospect=_prospect(prospect),
        accept_suggestions=accept_suggestions,
    )
    console.print(f"Logged conversation {conversation.pk} on {conversation.on}.")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DomainError(f"{output}: {exc.strerror or exc}") from None
    if sys.stderr.isatty():
        console.print(f"Wrote {e(output)}")


@command(export_app, "json")
def export_json_cmd(output: OutOpt = None) -> None:
    """The whole workspace as one JSON document, for backups and moves.

    Example: earnest export json -o backup.json
    """
    from earnest.transfer.backup import workspace_export_json

    _write(workspace_export_json(workspace()) + "\n", output)


@command(export_app, "leads-csv")
def export_leads_cmd(output: OutOpt = None) -> None:
    """Every lead with its verdict, strength, warnings and reasons, as CSV.

    Example: earnest export leads-csv -o leads.csv
    """
    from earnest.transfer.lead_export import leads_csv

    _write(leads_csv(workspace(), today()), output)


@command(mapping_app, "list")
def mapping_list_cmd(fmt: FormatOpt = Format.table) -> None:
    """The CRM presets and your saved mappings.

    Example: earnest mapping list
    """
    from earnest.transfer.crm_presets import PRESETS
    from earnest.transfer.selectors import saved_mappings

    saved = [(s.name, s.kind) for s in saved_mappings(workspace())]
    if fmt is Format.json:
        print_json({"presets": list(PRESETS), "saved": [{"name": n, "kind": k} for n, k in saved]})
        return
    console.print("presets: " + ", ".join(PRESETS))
    for name, kind in saved:
        console.print(f"saved: {e(name)} ({kind})")


@command(mapping_app, "show")
def mapping_show_cmd(
    name: Annotated[str, typer.Argument(help="A preset or a saved mapping.")],
    kind: Annotated[str, typer.Option(help="prospects, contacts, deals or notes.")] = "contacts",
) -> None:
    """A mapping as JSON, to copy, edit and save as your own.

    Example: earnest mapping show hubspot --kind contacts > mine.json
    """
    from earnest.transfer.crm_presets import PRESETS, preset_mapping
    from earnest.transfer.services import mapping_get

    found = preset_mapping(name, kind, []) if name in PRESETS else mapping_get(workspace=workspace(), name=name)
    print(json.dumps(found.as_data(), indent=2))


@command(mapping_app, "save")
def mapping_save_cmd(
    name: Annotated[str, typer.Argument(help="Name for the mapping.")],
    file: Annotated[Path, typer.Argument(help="JSON: {kind, columns}.")],
) -> None:
    """Save (or replace) your own CSV mapping from a JSON file.

    Example: earnest mapping save mycrm mine.json
    """
    from earnest.transfer.services import mapping_save

    try:
        data = json.loads(_read(file).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError(f"{file}: not a JSON mapping ({exc})") from None
    row = mapping_save(workspace=workspace(), name=name, data=data)
    console.print(f"Saved mapping {e(row.name)} for {row.kind}.")


@command(mapping_app, "delete")
def mapping_delete_cmd(name: Annotated[str, typer.Argument(help="A saved mapping.")]) -> None:
    """Delete a saved mapping.

    Example: earnest mapping delete mycrm
    """
    from earnest.transfer.services import mapping_delete

    mapping_delete(workspace=workspace(), name=name)
    console.print(f"Deleted mapping {e(name)}.")


@command(feed_app, "create")
def feed_create_cmd(
    name: Annotated[str, typer.Argument(help="What the feed is for, e.g. 'my phone'.")],
    base_url: BaseUrlOpt = DEFAULT_BASE_URL,
) -> None:
    """A secret calendar-feed address of next steps and due dates; it is shown once.

    Example: earnest feed create "Google Calendar" --base-url https://earnest.example.com
    """
    from earnest.transfer.services import feed_create

    token, secret = feed_create(workspace=workspace(), name=name)
    console.print(f"Feed {token.pk} ({e(token.name)}). Subscribe to this address; it is shown only once:")
    print(f"{base_url.rstrip('/')}/feeds/{secret}.ics")


@command(feed_app, "list")
def feed_list_cmd(fmt: FormatOpt = Format.table) -> None:
    """The workspace's calendar feeds, with who made each and when each was last read.

    Example: earnest feed list
    """
    from earnest.transfer.selectors import feeds

    rows = list(feeds(workspace()))
    if fmt is Format.json:
        print_json(
            [
                {
                    "id": f.pk,
                    "name": f.name,
                    "prefix": f.prefix,
                    "made_by": f.created_by.get_username() if f.created_by else None,
                    "created_at": f.created_at,
                    "last_used_at": f.last_used_at,
                    "revoked_at": f.revoked_at,
                }
                for f in rows
            ]
        )
        return
    table = Table("id", "name", "starts", "made by", "last read", "revoked")
    for f in rows:
        table.add_row(
            str(f.pk),
            e(f.name),
            f.prefix + "…",
            e(f.created_by.get_username()) if f.created_by else "command line",
            str(f.last_used_at or "-"),
            str(f.revoked_at or ""),
        )
    console.print(table)


@command(feed_app, "revoke")
def feed_revoke_cmd(
    feed: Annotated[str, typer.Argument(help="Feed id (see earnest feed list).")],
) -> None:
    """Revoke a calendar feed; its address stops working at once.

    Example: earnest feed revoke 2
    """
    from earnest.transfer.services import feed_revoke

    token = feed_revoke(workspace=workspace(), feed_id=parse_id(feed, "feed"))
    console.print(f"Feed {token.pk} ({e(token.name)}) is revoked.")
