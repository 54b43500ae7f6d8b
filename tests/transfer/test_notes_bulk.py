"""A notes file is written in bulk, in one short transaction, with the rows, the audit trail and the verdicts
that the conversation use case gives when the same notes go through it one at a time (ADR 0018): the rows
are decided by the use case's own code (`conversation_record_rows`) in both cases."""

import csv
import io
from datetime import timedelta

import pytest

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.derived.audit import acting_as
from earnest.ledger.derived.snapshots import snapshots_refresh
from earnest.ledger.services.findings import ConversationInput, conversation_record
from earnest.ledger.services.prospects import contact_add, prospect_create, workspace_ensure
from earnest.transfer.conversation_import import imported_conversation_log
from earnest.transfer.csv_import import import_csv
from earnest.transfer.matching import ProspectIndex
from earnest.transfer.meetings_import import meetings_import
from earnest.transfer.report import ImportFailed, ImportReport

from .test_deals_bulk import VERDICT

DANA = (
    "Dana introduced me by email to Raj, their CFO, and booked a 45-min call with him for next Tuesday "
    "10am. She also agreed to share last quarter's shipment data so we can run a pilot on it. "
    "Today they re-key every order by hand into a spreadsheet."
)
# Raj is a contact once the note above is recorded: this one is read again and does not offer him twice.
RAJ = (
    "Raj, their CFO, agreed to pay $12,000 for a three-month pilot starting next month. "
    "He worried that the price is too high compared to doing it by hand."
)
PRAISE = "They loved the demo, great idea, really impressive. But they would need to think about it."
NO = "Priya said no, they are not interested and will not pursue this. There is no budget for it this year."
PAT = (
    "Pat said the team re-keys every invoice by hand into a spreadsheet and loses a day a week to it. "
    "She agreed to send last month's invoices so we can run a pilot, and to introduce us to the CFO."
)
SAM = "Call with Sam. Sam declined to introduce us to their head of operations. We will send the proposal by Friday."
PRIYA = "Priya liked it. Priya Raman, head of ops, agreed to a follow-up call next Thursday with Raj, the CFO."
LENA = "Met Lena Ortiz, VP of Finance, who owns the budget. She signed the order form and paid the invoice already."

# external id, company, date (days from today), the contact's address, body
NOTES = [
    ("n-1", "Alder", -10, "dana@alder.example", DANA),  # one contact in it: its commitments name Dana
    ("n-2", "Alder", -8, "", RAJ),  # a money commitment with its amount and due date, an objection to answer
    ("n-3", "Birch", -40, "", PRAISE),  # before Birch's first date, which moves back; praise and a hedge
    ("n-4", "Birch", -2, "", NO),  # a clear no, and a to-do to find who would fund it
    ("n-5", "Cedar", -5, "", PAT),  # on the b2b ladder; evidence
    ("n-6", "Birch", -1, "", SAM),  # a declined commitment and a dated step
    ("n-7", "Dune", -6, "priya@dune.example", PRIYA),  # Priya is known already, Raj is new here
    ("n-8", "Dune", -1, "", LENA),  # a new contact and a fulfilled commitment
    ("n-1", "Alder", -10, "dana@alder.example", DANA),  # the same note again: unchanged
    ("n-9", "Elm", -1, "", ""),  # empty: skipped
]


def _file(today, notes=NOTES) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["external_id", "company", "date", "contact_email", "body"])
    for ext, company, day, email, body in notes:
        writer.writerow([ext, company, (today + timedelta(days=day)).isoformat(), email, body])
    return out.getvalue().encode()


def _companies(workspace, today):
    made = {
        name: prospect_create(
            workspace=workspace,
            name=name,
            ladder=ladder,
            created_on=today - timedelta(days=age),
            domain=f"{name.lower()}.example",
        )
        for name, ladder, age in (
            ("Alder", "discovery", 60),
            ("Birch", "discovery", 30),
            ("Cedar", "b2b", 60),
            ("Dune", "discovery", 60),
            ("Elm", "discovery", 60),
        )
    }
    contact_add(prospect=made["Alder"], name="Dana Lee", email="dana@alder.example")
    contact_add(prospect=made["Dune"], name="Priya Raman", email="priya@dune.example")
    return made


def _one_at_a_time(workspace, today, notes=NOTES) -> None:
    """The notes file as the importer wrote it before: each note through the conversation use case in turn."""
    prospects = {p.name: p for p in m.Prospect.objects.filter(workspace=workspace)}
    seen = set()
    for ext, company, day, email, body in notes:
        if ext in seen or not body.strip():
            continue
        seen.add(ext)
        prospect = prospects[company]
        imported_conversation_log(
            prospect=prospect,
            on=today + timedelta(days=day),
            channel="other",
            notes=body.strip(),
            external_id=ext,
            report=ImportReport("notes.csv"),
            contacts=list(m.Contact.objects.filter(prospect=prospect, email=email)) if email else [],
            accept_suggestions=True,
        )


def _ledger(workspace, today) -> dict:
    """Everything the notes wrote, with ids replaced by what they name (the two workspaces number rows apart)."""
    snapshots_refresh(workspace, today)
    ws = {"workspace": workspace}
    names = dict(m.Prospect.objects.filter(**ws).values_list("pk", "name"))
    contacts = dict(m.Contact.objects.filter(**ws).values_list("pk", "name"))
    conversations = dict(m.Conversation.objects.filter(**ws).values_list("pk", "external_id"))
    commitments = {
        pk: (conversations.get(c), text)
        for pk, c, text in m.Commitment.objects.filter(**ws).values_list("pk", "conversation", "description")
    }
    steps = dict(m.NextStep.objects.filter(**ws).values_list("pk", "description"))
    evidence = {pk: (c, note) for pk, c, note in m.Evidence.objects.filter(**ws).values_list("pk", "criterion", "note")}
    named = {"prospect": names, "contact": contacts, "conversation": conversations, "commitment": commitments}
    named |= {"nextstep": steps, "evidence": evidence}

    def rows(model, *skip):
        out = []
        for row in model.objects.filter(**ws).order_by("pk").values():
            row = {k: v for k, v in row.items() if k not in {"id", "workspace_id", *skip}}
            for column, table in (("prospect_id", names), ("contact_id", contacts), ("conversation_id", conversations)):
                if column in row:
                    row[column] = table.get(row[column])
            out.append(row)
        return out

    trail = m.AuditEvent.objects.filter(**ws).order_by("pk")
    return {
        "prospects": sorted(rows(m.Prospect, "updated_at", "revision"), key=lambda p: p["name"]),
        "contacts": rows(m.Contact),
        "conversations": rows(m.Conversation, "created_at"),
        "people": sorted(
            (conversations[c], contacts[p])
            for c, p in m.Conversation.contacts.through.objects.filter(conversation__workspace=workspace).values_list(
                "conversation_id", "contact_id"
            )
        ),
        "commitments": rows(m.Commitment),
        "changes": list(
            m.CommitmentChange.objects.filter(commitment__workspace=workspace)
            .order_by("pk")
            .values_list("commitment__description", "from_status", "to_status", "on")
        ),
        "steps": rows(m.NextStep),
        "evidence": rows(m.Evidence),
        "audit": [
            (names.get(p), actor, entity, named[entity].get(entity_id), action, changes)
            for p, actor, entity, entity_id, action, changes in trail.values_list(
                "prospect_id", "actor_label", "entity", "entity_id", "action", "changes"
            )
        ],
        "verdicts": {
            names[prospect_id]: row
            for prospect_id, *row in m.LeadSnapshot.objects.filter(**ws).values_list("prospect_id", *VERDICT)
        },
    }


def test_a_notes_file_in_bulk_leaves_the_ledger_the_use_case_leaves_one_note_at_a_time(workspace, today, counts):
    by_hand = workspace_ensure(slug="by-hand")
    with acting_as(label="importer"):
        _companies(workspace, today)
        _companies(by_hand, today)
        revisions = dict(m.Prospect.objects.filter(workspace=workspace).values_list("name", "revision"))
        before = counts()
        dry = import_csv(
            workspace=workspace, data=_file(today), name="notes.csv", today=today, accept_suggestions=True, dry_run=True
        )
        assert counts() == before
        report = import_csv(
            workspace=workspace, data=_file(today), name="notes.csv", today=today, accept_suggestions=True
        )
        _one_at_a_time(by_hand, today)
    assert report.counts() == dry.counts() == {"note": {"created": 8, "unchanged": 1, "skipped": 1}}
    assert report.findings == dry.findings == 8
    imported, expected = _ledger(workspace, today), _ledger(by_hand, today)
    for part in expected:
        assert imported[part] == expected[part], part
    # What the notes made is what the policy says they make.
    assert [c["name"] for c in expected["contacts"]] == ["Dana Lee", "Priya Raman", "Raj", "Raj", "Lena Ortiz"]
    commitments = {(c["rung"], c["status"]): c for c in expected["commitments"]}
    assert commitments["paid_pilot", "agreed"]["amount"] == 12_000 and commitments["paid_pilot", "agreed"]["due"]
    assert commitments["intro_decision_maker", "fulfilled"]["contact_id"] == "Dana Lee"
    assert ("intro_decision_maker", "declined") in commitments
    # "signed the order form and paid the invoice": money given, on one of the discovery ladder's
    # money rungs (which one is the learned rung model's call between two fair readings)
    assert {("paid_pilot", "fulfilled"), ("pre_order", "fulfilled")} & commitments.keys()
    assert {s["owner"] for s in expected["steps"]} == {"both", "us"}
    birch = next(p for p in expected["prospects"] if p["name"] == "Birch")
    assert birch["created_on"] == today - timedelta(days=40)
    flags = {c["external_id"]: (c["complimented"], c["hedged"], c["rejected"]) for c in expected["conversations"]}
    assert flags["n-3"] == (True, True, False) and flags["n-4"] == (False, False, True)
    # The derived state is marked once per prospect the file changed, not once per row written.
    after = dict(m.Prospect.objects.filter(workspace=workspace).values_list("name", "revision"))
    assert {name: after[name] - before for name, before in revisions.items()} == {
        "Alder": 1,
        "Birch": 1,
        "Cedar": 1,
        "Dune": 1,
        "Elm": 0,
    }
    # Imported again, nothing changes.
    again = import_csv(workspace=workspace, data=_file(today), name="notes.csv", today=today, accept_suggestions=True)
    assert again.changed() == 0 and _ledger(workspace, today) == imported


def test_without_accepting_the_findings_only_the_conversations_and_their_flags_are_written(workspace, today):
    by_hand = workspace_ensure(slug="by-hand")
    with acting_as(label="importer"):
        _companies(workspace, today)
        _companies(by_hand, today)
        import_csv(workspace=workspace, data=_file(today), name="notes.csv", today=today)
        prospects = {p.name: p for p in m.Prospect.objects.filter(workspace=by_hand)}
        for ext, company, day, email, body in dict((n[0], n) for n in NOTES if n[4]).values():
            imported_conversation_log(
                prospect=prospects[company],
                on=today + timedelta(days=day),
                channel="other",
                notes=body,
                external_id=ext,
                report=ImportReport("notes.csv"),
                contacts=list(m.Contact.objects.filter(prospect=prospects[company], email=email)) if email else [],
            )
    imported, expected = _ledger(workspace, today), _ledger(by_hand, today)
    for part in expected:
        assert imported[part] == expected[part], part
    assert not expected["commitments"] and len(expected["conversations"]) == 8


LIMIT = 150  # characters of notes, lowered so that some of the notes above are too long


def test_a_note_the_use_case_refuses_is_refused_with_its_message_while_planned(workspace, today, counts, monkeypatch):
    monkeypatch.setattr("earnest.ledger.services.conversations.MAX_NOTES", LIMIT)
    alder = _companies(workspace, today)["Alder"]

    def refusal(notes: str) -> str:
        with pytest.raises(DomainError) as refused:
            conversation_record(prospect=alder, data=ConversationInput(on=today, notes=notes), accept=None)
        return str(refused.value)

    first = {ext: (line, body) for line, (ext, _, _, _, body) in reversed(list(enumerate(NOTES, start=2)))}
    expected = [f"line {line}: {refusal(body)}" for line, body in sorted(first.values()) if len(body) > LIMIT]
    assert len(expected) >= 2 and "notes is too long" in expected[0]
    before = counts()
    dry = import_csv(workspace=workspace, data=_file(today), name="notes.csv", today=today, dry_run=True)
    assert [str(p) for p in dry.problems] == expected
    with pytest.raises(ImportFailed) as failed:
        import_csv(workspace=workspace, data=_file(today), name="notes.csv", today=today)
    assert failed.value.report.problems == dry.problems
    assert counts() == before


def test_applying_a_notes_file_takes_the_same_queries_for_ten_notes_or_forty(workspace, today, applied_queries):
    """The write transaction does not grow by a use case per note: its queries are a few per table."""
    bodies = [DANA, RAJ, PRAISE, NO, PAT, SAM, PRIYA, LENA]
    for first, n in ((0, 10), (10, 40)):
        companies = [f"Company {first}-{j}" for j in range(4)]  # new ones: each file adds people
        for name in companies:
            prospect_create(workspace=workspace, name=name, created_on=today - timedelta(days=30))
        notes = [(f"q-{i}", companies[i % 4], -(i % 9), "", bodies[i % 8]) for i in range(first, first + n)]
        import_csv(
            workspace=workspace, data=_file(today, notes), name="notes.csv", today=today, accept_suggestions=True
        )
    assert m.Conversation.objects.filter(workspace=workspace).count() == 50
    assert m.Commitment.objects.filter(workspace=workspace).count() > 50
    assert applied_queries[0] == applied_queries[1]


def _meetings(today) -> list[dict]:
    """The notes above as meetings held (or mail threads), matched by the contact's address or the domain."""
    return [
        {
            "uid": ext,
            "on": today + timedelta(days=day),
            "title": f"Call {ext}",
            "notes": body,
            "emails": [email or f"someone@{company.lower()}.example"],
        }
        for ext, company, day, email, body in NOTES
    ]


@pytest.mark.parametrize("source", ["ics", "email"])
def test_a_calendar_or_mailbox_in_bulk_leaves_the_ledger_the_use_case_leaves(workspace, today, source):
    """Meetings and threads are logged by the same rows as notes (their pending meetings and meetings to
    prepare still go through the services, after them)."""
    by_hand = workspace_ensure(slug="by-hand")
    channel = "email" if source == "email" else "meeting"
    with acting_as(label="importer"):
        _companies(workspace, today)
        _companies(by_hand, today)
        report = meetings_import(
            workspace=workspace,
            meetings=_meetings(today),
            name="calendar",
            source=source,
            dry_run=False,
            accept_suggestions=True,
            progress=None,
        )
        index, seen = ProspectIndex(by_hand), set()
        for meeting in _meetings(today):
            if meeting["uid"] in seen:
                continue
            seen.add(meeting["uid"])
            prospect, contacts, _ = index.match_emails(meeting["emails"])
            imported_conversation_log(
                prospect=prospect,
                on=meeting["on"],
                channel=channel,
                notes=meeting["notes"],
                external_id=meeting["uid"],
                report=ImportReport("calendar"),
                contacts=contacts,
                accept_suggestions=True,
            )
    kind = "thread" if source == "email" else "meeting"
    assert report.counts() == {kind: {"created": 9, "unchanged": 1}}
    imported, expected = _ledger(workspace, today), _ledger(by_hand, today)
    for part in expected:
        assert imported[part] == expected[part], part
    assert len(expected["commitments"]) > 5 and {c["channel"] for c in expected["conversations"]} == {channel}
