"""Prospects, their contacts and the evidence about them."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated

import typer
from django.db import transaction
from rich.table import Table

from earnest.ledger.reads.records import contact_data, evidence_data, prospect_data

from .context import command, parse_date, today, workspace
from .output import FORMAT_HELP, Format, console, e, print_json

prospect_app = typer.Typer(help="Add, list, classify, park and close prospects.", no_args_is_help=True)
contact_app = typer.Typer(help="The people at a prospect, and their roles.", no_args_is_help=True)
evidence_app = typer.Typer(help="Dated evidence for the earlyvangelist criteria.", no_args_is_help=True)

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]
ProspectArg = Annotated[str, typer.Argument(help="Prospect id or name.")]
DateOpt = Annotated[str, typer.Option("--date", "-d", help="When it happened (default: today).")]
AllowDuplicateOpt = Annotated[
    bool,
    typer.Option("--allow-duplicate", help="Add it even when an existing record has the same name, domain or email."),
]


@contextlib.contextmanager
def duplicate_hint() -> Iterator[None]:
    """A refused duplicate names what exists and how to open it, or to add it anyway."""
    from earnest.domain.duplicates import DuplicateFound
    from earnest.domain.errors import DomainError

    try:
        yield
    except DuplicateFound as exc:
        first = exc.matches[0]
        see = (
            f"open it with `earnest lead {first.id}` (or merge the two later with `earnest prospect merge`)"
            if exc.what == "prospect"
            else f"correct it with `earnest contact edit {first.id}`"
        )
        raise DomainError(f"{exc}. To use it, {see}; to add this one anyway, repeat with --allow-duplicate") from None


def _prospect(ref: str):
    from earnest.ledger.reads.selectors import prospect_get

    return prospect_get(workspace(), ref)


@command(prospect_app, "add")
def prospect_add(
    name: Annotated[str, typer.Argument(help="Organisation name.")],
    ladder: Annotated[
        str, typer.Option(help="Ladder (playbook) key: discovery, b2b, micro or your own.")
    ] = "discovery",
    domain: Annotated[str, typer.Option(help="Email domain, e.g. acme.com.")] = "",
    owner: Annotated[str, typer.Option(help="Who on our side owns the lead.")] = "",
    tag: Annotated[list[str], typer.Option(help="A segment it belongs to; repeat.")] = [],  # noqa: B006
    allow_duplicate: AllowDuplicateOpt = False,
    date: DateOpt = "today",
    fmt: FormatOpt = Format.table,
) -> None:
    """Add a prospect; one whose name or domain matches an existing one is refused (exit 2)
    unless --allow-duplicate.

    Example: earnest prospect add "Acme Logistics" --ladder b2b --domain acme.com --tag logistics
    """
    from earnest.ledger.services.prospects import prospect_create
    from earnest.ledger.services.tags import prospect_tag

    with transaction.atomic():  # a bad tag adds no prospect
        with duplicate_hint():
            p = prospect_create(
                workspace=workspace(),
                name=name,
                ladder=ladder,
                domain=domain,
                owner=owner,
                created_on=parse_date(date, "date"),
                allow_duplicate=allow_duplicate,
            )
        if tag:
            prospect_tag(prospect=p, tags=tag)
    if fmt is Format.json:
        print_json(prospect_data(p))
    else:
        console.print(f"Added prospect [bold]{e(p.name)}[/] (id {p.pk}) on the {e(p.ladder)} ladder.")


@command(prospect_app, "tag")
def prospect_tag_cmd(
    prospect: ProspectArg,
    tags: Annotated[list[str], typer.Argument(help="Tags (segments) to add.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Put a prospect into segments (tags).

    Example: earnest prospect tag Acme logistics series-a
    """
    from earnest.ledger.services.tags import prospect_tag

    p = _prospect(prospect)
    _print_tags(p, prospect_tag(prospect=p, tags=tags), fmt)


@command(prospect_app, "untag")
def prospect_untag_cmd(
    prospect: ProspectArg,
    tags: Annotated[list[str], typer.Argument(help="Tags (segments) to remove.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Take a prospect out of segments (tags).

    Example: earnest prospect untag Acme series-a
    """
    from earnest.ledger.services.tags import prospect_untag

    p = _prospect(prospect)
    _print_tags(p, prospect_untag(prospect=p, tags=tags), fmt)


def _print_tags(p, tags: list[str], fmt: Format) -> None:
    if fmt is Format.json:
        print_json({"id": p.pk, "name": p.name, "tags": tags})
    else:
        console.print(f"{e(p.name)} is tagged: {e(', '.join(tags)) or 'no tags'}.")


@command(prospect_app, "list")
def prospect_list(fmt: FormatOpt = Format.table) -> None:
    """List prospects.

    Example: earnest prospect list --format json
    """
    from earnest.ledger.models import Prospect

    rows = [
        prospect_data(p)
        for p in Prospect.objects.filter(workspace=workspace()).order_by("name").prefetch_related("tags")
    ]
    if fmt is Format.json:
        print_json(rows)
        return
    if not rows:
        console.print('No prospects yet. Add one with: earnest prospect add "Acme"')
        return
    table = Table("id", "name", "domain", "ladder", "owner", "since")
    for r in rows:
        table.add_row(str(r["id"]), e(r["name"]), e(r["domain"]), e(r["ladder"]), e(r["owner"]), str(r["created_on"]))
    console.print(table)


@command(prospect_app, "classify")
def prospect_classify_cmd(
    prospect: ProspectArg,
    classification: Annotated[
        str, typer.Argument(help="current_opportunity, no_current_opportunity or not_a_prospect.")
    ],
    date: DateOpt = "today",
    fmt: FormatOpt = Format.table,
) -> None:
    """Classify a prospect after a qualifying conversation; it picks the track of the next ask.

    Example: earnest prospect classify Acme no_current_opportunity
    """
    from earnest.ledger.services.prospects import prospect_classify

    p = prospect_classify(prospect=_prospect(prospect), classification=classification, on=parse_date(date, "date"))
    if fmt is Format.json:
        print_json(prospect_data(p))
        return
    console.print(f"{e(p.name)} is now classified as {p.classification.replace('_', ' ')}.")


@command(prospect_app, "close")
def prospect_close_cmd(
    prospect: ProspectArg,
    reason: Annotated[str, typer.Option(help="not_a_fit, no_budget, no_decision, competitor, bad_timing or other.")],
    note: Annotated[str, typer.Option(help="What happened, in a sentence.")],
    date: DateOpt = "today",
    fmt: FormatOpt = Format.table,
) -> None:
    """Close a lost lead with a reason and a note.

    Example: earnest prospect close Acme --reason competitor --note "Chose a bigger vendor"
    """
    from earnest.ledger.services.prospects import prospect_close

    p = prospect_close(
        prospect=_prospect(prospect), reason=reason, note=note, on=parse_date(date, "date"), today=today()
    )
    if fmt is Format.json:
        print_json(prospect_data(p))
        return
    console.print(f"Closed {e(p.name)}: {p.close_reason.replace('_', ' ')}.")


@command(prospect_app, "park")
def prospect_park_cmd(
    prospect: ProspectArg,
    until: Annotated[str, typer.Option(help="The date it should wake up.")],
    reason: Annotated[str, typer.Option(help="The known reason to wait.")],
    date: DateOpt = "today",
    fmt: FormatOpt = Format.table,
) -> None:
    """Park a lead for a known reason until a date; it is neither lost nor stalled.

    Example: earnest prospect park Acme --until 2027-01-15 --reason "Budget opens in January"
    """
    from earnest.ledger.services.prospects import prospect_park

    on = parse_date(date, "date")
    p = prospect_park(
        prospect=_prospect(prospect), reason=reason, until=parse_date(until, "until", base=on), on=on, today=today()
    )
    if fmt is Format.json:
        print_json(prospect_data(p))
        return
    console.print(f"Parked {e(p.name)} until {p.parked_until}.")


@command(prospect_app, "reopen")
def prospect_reopen_cmd(prospect: ProspectArg, fmt: FormatOpt = Format.table) -> None:
    """Undo a close or a parking.

    Example: earnest prospect reopen Acme
    """
    from earnest.ledger.services.prospects import prospect_reopen

    p = prospect_reopen(prospect=_prospect(prospect))
    if fmt is Format.json:
        print_json(prospect_data(p))
        return
    console.print(f"Reopened {e(p.name)}.")


@command(contact_app, "add")
def contact_add_cmd(
    prospect: ProspectArg,
    name: Annotated[str, typer.Argument(help="The person's name.")],
    role: Annotated[str, typer.Option(help="champion, decision_maker, budget_owner, user or other.")] = "other",
    email: Annotated[str, typer.Option(help="Email address.")] = "",
    title: Annotated[str, typer.Option(help="Job title.")] = "",
    allow_duplicate: AllowDuplicateOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Add a contact to a prospect; a known email, or a name the prospect already has, is refused
    (exit 2) unless --allow-duplicate.

    Example: earnest contact add Acme "Priya Raman" --role decision_maker --email priya@acme.com
    """
    from earnest.ledger.services.prospects import contact_add

    with duplicate_hint():
        c = contact_add(
            prospect=_prospect(prospect),
            name=name,
            role=role,
            email=email,
            title=title,
            allow_duplicate=allow_duplicate,
        )
    if fmt is Format.json:
        print_json(contact_data(c))
    else:
        console.print(f"Added {e(c.name)} ({c.role.replace('_', ' ')}) as contact {c.pk}.")


@command(contact_app, "list")
def contact_list_cmd(prospect: ProspectArg, fmt: FormatOpt = Format.table) -> None:
    """List a prospect's contacts.

    Example: earnest contact list Acme
    """
    p = _prospect(prospect)
    rows = [contact_data(c) for c in p.contacts.order_by("pk")]
    if fmt is Format.json:
        print_json(rows)
        return
    table = Table("id", "name", "role", "email", "title", title=e(p.name))
    for r in rows:
        table.add_row(str(r["id"]), e(r["name"]), r["role"].replace("_", " "), e(r["email"]), e(r["title"]))
    console.print(table)


@command(evidence_app, "add")
def evidence_add_cmd(
    prospect: ProspectArg,
    criterion: Annotated[
        str, typer.Argument(help="has_problem, knows_problem, has_budget, makeshift_solution or urgency.")
    ],
    note: Annotated[str, typer.Option(help="What you saw or heard.")] = "",
    date: DateOpt = "today",
    fmt: FormatOpt = Format.table,
) -> None:
    """Record evidence for an earlyvangelist criterion.

    Example: earnest evidence add Acme makeshift_solution --note "Runs a 40-tab spreadsheet"
    """
    from earnest.ledger.services.prospects import evidence_add

    ev = evidence_add(prospect=_prospect(prospect), criterion=criterion, note=note, on=parse_date(date, "date"))
    if fmt is Format.json:
        print_json(evidence_data(ev))
        return
    console.print(f"Recorded {ev.criterion.replace('_', ' ')} for {e(ev.prospect.name)}.")
