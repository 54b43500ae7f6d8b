"""A deals file is written in bulk, in one short transaction, with the rows, the audit trail and the
verdicts that the use cases give when the same deals go through them one by one (ADR 0013)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.derived import verdict_rows
from earnest.ledger.derived.audit import acting_as
from earnest.ledger.derived.snapshots import snapshots_refresh
from earnest.ledger.services.commitments import commitment_ask, commitment_set_status
from earnest.ledger.services.prospects import prospect_close, prospect_create, prospect_reopen, workspace_ensure
from earnest.transfer.conversation_import import reach_back
from earnest.transfer.csv_import import import_csv
from earnest.transfer.models import ExternalRecord
from earnest.transfer.report import ImportFailed

# external id, name, stage, company, amount, close date and created date (days from today)
DEALS = [
    ("d-1", "Alder renewal", "closedlost", "Alder", "", -10, -40),  # closes Alder, first date moved back
    ("d-2", "Alder again", "closedlost", "Alder", "", -5, None),  # Alder is closed by now: stays as it is
    ("d-3", "Birch pilot", "closedwon", "Birch", "1200.50", -20, -90),  # won, first date moved back
    ("d-4", "Birch rollout", "closedlost", "Birch", "", -3, None),  # a customer from the row above: stays open
    ("d-5", "Cedar", "closedlost", "Cedar", "", -4, None),  # closed before the import
    ("d-6", "Dune", "closedlost", "Dune", "", -4, None),  # a customer before the import
    ("d-7", "Elm", "closedlost", "Elm", "", -4, None),  # closed and reopened before: closed again
    ("d-8", "Fir", "appointmentscheduled", "Fir", "", None, None),  # open: remembered only
    ("d-9", "Gale first", "closedwon", "Gale", "10", -8, -200),  # a company the file creates, won
    ("d-10", "Gale second", "closedwon", "Gale", "20", -1, None),
    ("d-11", "Hazel", "closedlost", "Hazel", "", None, None),  # a company the file creates, closed
    ("d-3", "Birch pilot", "closedwon", "Birch", "1200.50", -20, -90),  # the same deal again: unchanged
]


# What a stored verdict says: every snapshot column but those that say when and from what it was computed.
VERDICT = tuple(
    c
    for c in verdict_rows.COLUMNS
    if c
    not in ("prospect_id", "workspace_id", "name", "ladder", "computed_for", "rules_version", "revision", "recheck_on")
)


def _file(today, deals=DEALS) -> bytes:
    rows = ["external_id,name,stage,company,amount,close_date,created"]
    for ext, name, stage, company, amount, closed, created in deals:
        dates = [(today + timedelta(days=d)).isoformat() if d is not None else "" for d in (closed, created)]
        rows.append(",".join([ext, name, stage, company, amount, *dates]))
    return ("\n".join(rows) + "\n").encode()


def _companies(workspace, today):
    """The same companies in any workspace: open ones, one closed, one a customer, one closed and reopened."""
    made = {
        name: prospect_create(workspace=workspace, name=name, created_on=today - timedelta(days=60))
        for name in ("Alder", "Birch", "Cedar", "Dune", "Elm", "Fir")
    }
    prospect_close(prospect=made["Cedar"], reason="no_budget", note="No money this year", on=today - timedelta(50))
    bought = commitment_ask(
        prospect=made["Dune"], on=today - timedelta(40), description="Pilot", currencies=["money"], amount="500"
    )
    commitment_set_status(commitment=bought, to="agreed", on=today - timedelta(days=35))
    commitment_set_status(commitment=bought, to="fulfilled", on=today - timedelta(days=30))
    prospect_close(prospect=made["Elm"], reason="other", note="Gone quiet", on=today - timedelta(days=50))
    prospect_reopen(prospect=m.Prospect.objects.get(pk=made["Elm"].pk))
    return made


def _through_the_use_cases(workspace, today, deals=DEALS) -> None:
    """The deals file as the importer wrote it before (`_deal_write`): each deal through the use cases."""
    prospects = {p.name: p for p in m.Prospect.objects.filter(workspace=workspace)}
    for _, _, _, company, *_ in deals:  # the plan inserts the companies a file names before its deals
        if company not in prospects:
            prospects[company] = prospect_create(workspace=workspace, name=company, created_on=today)
    seen = set()
    for ext, name, stage, company, amount, closed, created in deals:
        if ext in seen:
            continue
        seen.add(ext)
        prospect = prospects[company]
        closed_on = today + timedelta(days=closed) if closed is not None else today
        started = today + timedelta(days=created) if created is not None else closed_on
        kind, entity, entity_id = "deal", "prospect", prospect.pk
        if stage == "closedwon":
            reach_back(prospect, started)
            c = commitment_ask(
                prospect=prospect,
                on=started,
                description=f"Won deal: {name}",
                currencies=["money"],
                amount=Decimal(amount),
            )
            commitment_set_status(commitment=c, to="agreed", on=closed_on)
            commitment_set_status(commitment=c, to="fulfilled", on=closed_on)
            entity, entity_id = "commitment", c.pk
        elif stage == "closedlost":
            customer = m.Commitment.objects.filter(prospect=prospect, status="fulfilled").exists()
            if not m.Prospect.objects.get(pk=prospect.pk).closed_on and not customer:
                reach_back(prospect, closed_on)
                prospect_close(
                    prospect=prospect,
                    reason="other",
                    on=closed_on,
                    note=f"Deal {name!r} lost in the CRM (stage: {stage})",
                )
        else:
            kind = "open-deal"
        ExternalRecord.objects.create(
            workspace=workspace, kind=kind, external_id=ext, entity=entity, entity_id=entity_id
        )


def _ledger(workspace, today) -> dict:
    """Everything the deals wrote, with ids replaced by what they name (the two workspaces number rows apart)."""
    snapshots_refresh(workspace, today)
    names = dict(m.Prospect.objects.filter(workspace=workspace).values_list("pk", "name"))
    commitments = {
        pk: (names[p], text)
        for pk, p, text in m.Commitment.objects.filter(workspace=workspace).values_list("pk", "prospect", "description")
    }
    entities = {"prospect": names, "commitment": commitments}

    def without(rows, *columns):
        return [{k: v for k, v in row.items() if k not in {"id", "workspace_id", *columns}} for row in rows]

    prospects = m.Prospect.objects.filter(workspace=workspace).order_by("name").values()
    trail = m.AuditEvent.objects.filter(workspace=workspace).order_by("pk")
    return {
        "prospects": without(prospects, "updated_at", "revision"),
        "commitments": [
            {**row, "prospect_id": names[row["prospect_id"]]}
            for row in without(m.Commitment.objects.filter(workspace=workspace).order_by("pk").values())
        ],
        "changes": list(
            m.CommitmentChange.objects.filter(commitment__workspace=workspace)
            .order_by("pk")
            .values_list("commitment__description", "from_status", "to_status", "on")
        ),
        "audit": [
            (names.get(p), actor, entity, entities[entity][entity_id], action, changes)
            for p, actor, entity, entity_id, action, changes in trail.values_list(
                "prospect_id", "actor_label", "entity", "entity_id", "action", "changes"
            )
        ],
        "records": sorted(
            (kind, ext, entity, entities[entity][entity_id])
            for kind, ext, entity, entity_id in ExternalRecord.objects.filter(workspace=workspace).values_list(
                "kind", "external_id", "entity", "entity_id"
            )
        ),
        "verdicts": {
            names[prospect_id]: row
            for prospect_id, *row in m.LeadSnapshot.objects.filter(workspace=workspace).values_list(
                "prospect_id", *VERDICT
            )
        },
    }


def test_a_deals_file_in_bulk_leaves_the_ledger_the_use_cases_leave(workspace, today):
    by_hand = workspace_ensure(slug="by-hand")
    with acting_as(label="importer"):
        _companies(workspace, today)
        _companies(by_hand, today)
        revisions = dict(m.Prospect.objects.filter(workspace=workspace).values_list("name", "revision"))
        report = import_csv(workspace=workspace, data=_file(today), name="deals.csv", today=today)
        _through_the_use_cases(by_hand, today)
    assert report.counts() == {
        "deal": {"created": 10, "skipped": 1, "unchanged": 1},
        "prospect": {"created": 2},
    }
    imported, expected = _ledger(workspace, today), _ledger(by_hand, today)
    for part in expected:
        assert imported[part] == expected[part], part
    assert expected["verdicts"]["Birch"][VERDICT.index("money_committed")] == Decimal("1200.50")
    assert [row["name"] for row in expected["prospects"] if row["closed_on"]] == ["Alder", "Cedar", "Elm", "Hazel"]
    # The derived state is marked once per prospect the file changed, not once per use case.
    after = dict(m.Prospect.objects.filter(workspace=workspace).values_list("name", "revision"))
    assert {name: after[name] - before for name, before in revisions.items()} == {
        "Alder": 1,
        "Birch": 1,
        "Cedar": 0,
        "Dune": 0,
        "Elm": 1,
        "Fir": 0,
    }
    # Imported again, nothing changes.
    again = import_csv(workspace=workspace, data=_file(today), name="deals.csv", today=today)
    assert again.changed() == 0 and _ledger(workspace, today) == imported


def test_a_deal_the_use_cases_refuse_is_refused_with_their_message(workspace, today, counts):
    _companies(workspace, today)
    with pytest.raises(DomainError) as refused:
        commitment_ask(
            prospect=m.Prospect.objects.get(name="Birch"),
            on=today,
            description="x",
            currencies=["money"],
            amount=Decimal("-5"),
        )
    long_name = "Lost " + "x" * 5_000
    with pytest.raises(DomainError) as too_long:
        prospect_close(
            prospect=m.Prospect.objects.get(name="Fir"),
            reason="other",
            note=f"Deal {long_name!r} lost in the CRM (stage: closedlost)",
            on=today,
        )
    deals = [*DEALS[:3], ("d-20", "Minus", "closedwon", "Birch", "-5", -2, None)]
    deals += [("d-21", long_name, "closedlost", "Fir", "", -2, None)]
    before = counts()
    dry = import_csv(workspace=workspace, data=_file(today, deals), name="deals.csv", today=today, dry_run=True)
    assert [str(p) for p in dry.problems] == [
        f"line 5: {refused.value}",
        f"line 6: {too_long.value}",
    ]
    with pytest.raises(ImportFailed) as failed:
        import_csv(workspace=workspace, data=_file(today, deals), name="deals.csv", today=today)
    assert failed.value.report.problems == dry.problems
    assert counts() == before


def test_applying_a_deals_file_takes_the_same_queries_for_ten_deals_or_forty(workspace, today, applied_queries):
    """The write transaction does not grow by a use case per deal: its queries are a few per table."""
    companies = [prospect_create(workspace=workspace, name=f"Company {i}", created_on=today) for i in range(40)]
    for first, n in ((0, 10), (10, 30)):
        deals = [
            (f"d-{i}", f"Deal {i}", ("closedwon", "closedlost")[i % 2], f"Company {i}", "100", -1, -5)
            for i in range(first, first + n)
        ]
        import_csv(workspace=workspace, data=_file(today, deals), name="deals.csv", today=today)
    assert m.Commitment.objects.filter(workspace=workspace).count() == 20
    assert m.Prospect.objects.filter(workspace=workspace, closed_on__isnull=False).count() == 20
    assert len(companies) == 40 and applied_queries[0] == applied_queries[1]


@pytest.mark.django_db(transaction=True)
def test_another_writer_writes_while_a_deals_file_is_planned(workspace, today, writer_meanwhile):
    """F6: planning holds no transaction (so no write lock on SQLite): a writer on its own connection gets
    through between the planning and the applying, and the file is still applied whole."""
    for i in range(40):
        prospect_create(workspace=workspace, name=f"Company {i}", created_on=today)
    in_transaction: list[bool] = []

    def progress(done, total):
        in_transaction.append(connection.in_atomic_block)
        writer_meanwhile(done, total)

    deals = [(f"d-{i}", f"Deal {i}", "closedwon", f"Company {i}", "100", -1, None) for i in range(40)]
    report = import_csv(workspace=workspace, data=_file(today, deals), name="deals.csv", today=today, progress=progress)
    assert writer_meanwhile.done == ["ok"]
    assert len(in_transaction) == 40 and not any(in_transaction)
    assert report.counts() == {"deal": {"created": 40}}
    assert m.Commitment.objects.filter(workspace=workspace, status="fulfilled").count() == 40
    assert m.Prospect.objects.filter(workspace=workspace, name="Written meanwhile").exists()
