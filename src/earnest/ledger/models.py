"""Storage for the commitment ledger. Rows hold facts; the rules live in earnest.domain."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from earnest.domain.history import (
    AskAnswer,
    Channel,
    Classification,
    CloseReason,
    CommitmentStatus,
    Criterion,
    Role,
    StepOwner,
    StepResult,
)


def _choices(enum_cls) -> list[tuple[str, str]]:
    return [(m.value, m.value.replace("_", " ")) for m in enum_cls]


class Workspace(models.Model):
    DATE_ORDERS = [("mdy", "month/day/year (12/04/2026)"), ("dmy", "day/month/year (04/12/2026)")]
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=64, unique=True)
    # The ISO 4217 code every amount in the workspace is in, shown beside each amount.
    money_currency = models.CharField(max_length=3, default="USD", db_default="USD")
    # How a typed 12/04/2026 is read: people in one team share a habit, so it is the workspace's.
    date_order = models.CharField(max_length=3, choices=DATE_ORDERS, default="mdy", db_default="mdy")
    created_at = models.DateTimeField(auto_now_add=True)
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="workspaces"
    )

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    ROLES = [("owner", "owner"), ("member", "member"), ("viewer", "viewer")]
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    role = models.CharField(max_length=16, choices=ROLES, default="member")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="one_membership")]


class CustomLadder(models.Model):
    """A user's own playbook, kept as the TOML they wrote so it round-trips unchanged."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="ladders")
    key = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    source = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    # Two people editing one playbook: the second save based on an old version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "key"], name="one_ladder_key")]


class Versioned(models.Model):
    """Each edit bumps the version; an edit based on an older version is refused, not applied."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Prospect(Versioned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="prospects")
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, blank=True)
    ladder = models.CharField(max_length=64, default="discovery")
    owner = models.CharField(max_length=150, blank=True)
    notes = models.TextField(blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    created_on = models.DateField()
    classification = models.CharField(max_length=32, choices=_choices(Classification), blank=True)
    classified_on = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=32, choices=_choices(CloseReason), blank=True)
    close_note = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    park_reason = models.TextField(blank=True)
    parked_on = models.DateField(null=True, blank=True)
    parked_until = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Counts recorded changes to the prospect's history (any of its rows), under the row's lock,
    # so that a verdict computed from an older history can never replace one from a newer.
    revision = models.PositiveBigIntegerField(default=0, db_default=0)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "name"]),
            models.Index(fields=["workspace", "domain"]),
            models.Index(fields=["workspace", "external_id"]),
            # The board's list of owners to filter by, read from the index alone.
            models.Index(fields=["workspace", "owner"]),
            # The dashboard's leads closed, by reason: the closed ones only, from an index of them
            # alone. Partial, so that no other read of prospects by workspace (the newest id, the
            # count) takes it for theirs: SQLite chose it, sorting, before it had statistics.
            models.Index(
                fields=["workspace", "close_reason"], condition=~Q(close_reason=""), name="ledger_prospect_closed_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(Versioned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    title = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=32, choices=_choices(Role), default=Role.OTHER.value)
    external_id = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name


class Conversation(Versioned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="conversations")
    on = models.DateField()
    channel = models.CharField(max_length=16, choices=_choices(Channel), default=Channel.MEETING.value)
    contacts = models.ManyToManyField(Contact, blank=True, related_name="conversations")
    notes = models.TextField(blank=True)
    planned_ask = models.TextField(blank=True)
    ask_answer = models.CharField(max_length=16, choices=_choices(AskAnswer), blank=True)
    complimented = models.BooleanField(default=False)
    hedged = models.BooleanField(default=False)
    rejected = models.BooleanField(default=False)
    outreach_unanswered = models.BooleanField(default=False)
    # Computed by the domain on every write, stored so that lists need no recomputation.
    outcome = models.CharField(max_length=16, blank=True)
    # Where an imported conversation came from (a calendar UID, an email Message-ID), so
    # importing the same file twice changes nothing.
    external_id = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "prospect", "on"]),
            # Newest first for the lists; with the outcome, the dashboard's weeks count from the index.
            models.Index(fields=["workspace", "-on", "-id", "outcome"]),
            models.Index(fields=["workspace", "external_id"]),
        ]


class Commitment(Versioned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="commitments")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments"
    )
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, blank=True)
    description = models.TextField()
    rung = models.CharField(max_length=64, blank=True)
    currencies = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=_choices(CommitmentStatus), default=CommitmentStatus.ASKED.value)
    asked_on = models.DateField()
    answered_on = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "status", "due"]),
            models.Index(fields=["workspace", "asked_on", "id"]),
        ]


class CommitmentChange(models.Model):
    """Every status change of a commitment, dated, so the lifecycle can be replayed."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)


class NextStep(Versioned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="next_steps")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="next_steps"
    )
    description = models.TextField()
    owner = models.CharField(max_length=16, choices=_choices(StepOwner), default=StepOwner.BOTH.value)
    created_on = models.DateField()
    due = models.DateField(null=True, blank=True)
    result = models.CharField(max_length=8, choices=_choices(StepResult), blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "result", "due"]), models.Index(fields=["workspace", "due", "id"])]


class Evidence(models.Model):
    """A dated observation behind one earlyvangelist criterion."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.CharField(max_length=32, choices=_choices(Criterion))
    on = models.DateField()
    note = models.TextField(blank=True)


class AuditEvent(models.Model):
    """Who created or changed what, and when: the trail shown on a prospect's page."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    entity = models.CharField(max_length=32)
    entity_id = models.BigIntegerField()
    action = models.CharField(max_length=32)
    changes = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "prospect", "at"]), models.Index(fields=["workspace", "-id"])]


class LeadSnapshot(models.Model):
    """A prospect's assessment as of one day, so that lists of thousands need no recomputation.

    It is derived data: any recorded change to the prospect's history marks it stale, and it
    holds from the day it was computed for until its `recheck_on` (verdicts move with time: due
    dates pass, leads stall, parked leads wake). `earnest.ledger.derived.snapshots` keeps it
    current. It holds only what lists filter, count, sum and sort by, so counting 100,000 of them
    reads narrow rows; the whole assessment of the leads a page shows is judged when it is shown
    (`reads.selectors.lead_details`).
    """

    prospect = models.OneToOneField(Prospect, on_delete=models.CASCADE, primary_key=True, related_name="snapshot")
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    # The prospect's name again, so that lists ordered by strength then name walk one index.
    name = models.CharField(max_length=200, default="")
    # The prospect's ladder again, so that the dashboard counts a ladder's leads from an index.
    ladder = models.CharField(max_length=64, default="", db_default="")
    computed_for = models.DateField()
    # The `earnest.domain.rules_version.RULES_VERSION` that computed it: one of another version is
    # stale. Rows stored before the column existed (and by a server still on that release) were
    # computed under version 1.
    rules_version = models.PositiveIntegerField(db_default=1)
    # The prospect's revision it was computed from. Database defaults on the newer columns let a
    # server still running the previous release keep writing while the migration is applied.
    revision = models.PositiveBigIntegerField(default=0, db_default=0)
    verdict = models.CharField(max_length=16)
    strength = models.FloatField()
    earlyvangelist = models.BooleanField()
    rung = models.CharField(max_length=64, blank=True)
    rung_position = models.IntegerField(default=-1)
    stage_since = models.DateField()
    warnings = models.JSONField(default=list)
    next_step_due = models.DateField(null=True, blank=True)
    # [[rung, reached_on], ...] in date order: what the funnel and time-in-rung charts need,
    # kept apart from `data` so a dashboard over many leads reads a few bytes per lead.
    reached = models.JSONField(default=list)
    # The lead's commitments summed up for the day (`domain.commitments.tally`), so that the
    # dashboard adds up columns instead of judging every commitment of the workspace again.
    promises = models.PositiveIntegerField(default=0, db_default=0)
    promises_kept = models.PositiveIntegerField(default=0, db_default=0)
    promises_open = models.PositiveIntegerField(default=0, db_default=0)
    promises_broken = models.PositiveIntegerField(default=0, db_default=0)
    given_time = models.PositiveIntegerField(default=0, db_default=0)
    given_reputation = models.PositiveIntegerField(default=0, db_default=0)
    given_money = models.PositiveIntegerField(default=0, db_default=0)
    money_committed = models.DecimalField(max_digits=16, decimal_places=2, default=0, db_default=0)
    # How many items the lead puts on each of today's lists (`domain.agenda.agenda_counts`), so
    # that Today's totals are sums over these rows rather than counts over every step and promise.
    agenda_to_debrief = models.PositiveIntegerField(default=0, db_default=0)
    agenda_to_prepare = models.PositiveIntegerField(default=0, db_default=0)
    agenda_todos = models.PositiveIntegerField(default=0, db_default=0)
    agenda_broken_commitments = models.PositiveIntegerField(default=0, db_default=0)
    agenda_commitments_due = models.PositiveIntegerField(default=0, db_default=0)
    agenda_unanswered_asks = models.PositiveIntegerField(default=0, db_default=0)
    agenda_no_next_step = models.PositiveIntegerField(default=0, db_default=0)
    agenda_woke_up = models.PositiveIntegerField(default=0, db_default=0)
    # The first day on which the date alone can change the assessment (`domain.horizon.recheck_on`):
    # until then it holds on later days too. None (rows from before it existed): for no day.
    recheck_on = models.DateField(null=True, blank=True)
    # What the lead adds to the workspace's kept totals (`derived.verdict_rows.counts_of`): the
    # database adds each change of it to `LeadTotal` (the triggers of migration 0017).
    counts = models.JSONField(default=dict, db_default={})

    class Meta:
        # Many leads share a strength (every zombie has 0), so the tie-breakers are indexed too:
        # a page of 50 then reads 50 index entries instead of sorting thousands.
        indexes = [
            models.Index(fields=["workspace", "verdict", "-strength", "name", "prospect"]),
            models.Index(fields=["workspace", "rung", "-strength", "name", "prospect"]),
            models.Index(fields=["workspace", "-strength", "name", "prospect"]),
            # Today lists stalled and zombie leads, the longest waiting first.
            models.Index(fields=["workspace", "verdict", "stage_since", "prospect"]),
            # How many are current: counted from the index alone; and whether any is due again.
            models.Index(fields=["workspace", "rules_version", "recheck_on", "computed_for"]),
            # Whether any was marked stale by a write, or computed for a later day than a reader's.
            models.Index(fields=["workspace", "computed_for"]),
            # The funnel: a ladder's leads by the highest rung they reached.
            models.Index(fields=["workspace", "ladder", "rung_position"]),
        ]


class LeadTotal(models.Model):
    """A workspace's total of one count its snapshots add up (`LeadSnapshot.counts`), kept on write.

    Derived data, kept by the database itself: triggers on the snapshot table (migration 0017)
    add each inserted, changed or deleted row's counts, in the same statement, so a total always
    equals the sum over the snapshot rows committed with it. On SQLite a key has one row, updated
    in place (one writer at a time); on PostgreSQL every statement appends its changes as rows of
    their own, so concurrent writers never wait on each other, and readers add up a key's rows
    (`derived.totals`, which folds them together now and then). No foreign key: a workspace's rows
    go with it (a trigger on the workspace table), after its snapshots."""

    workspace_id = models.BigIntegerField()
    kind = models.CharField(max_length=1)  # the key's first letter: which page reads it
    key = models.CharField(max_length=300)
    n = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["workspace_id", "kind"])]


class SnapshotLease(models.Model):
    """Which process may refresh a workspace's snapshots in the background, until when."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, primary_key=True)
    until = models.DateTimeField()
    owner = models.CharField(max_length=32, blank=True, db_default="")  # renewals and release must come from the holder


class ProspectTag(models.Model):
    """A segment a prospect belongs to (several each); experiments judge hypotheses about one segment."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=50)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prospect", "name"], name="one_tag_per_prospect")]
        # Filtering a board or an experiment by segment starts from the tag.
        indexes = [models.Index(fields=["workspace", "name", "prospect"])]


class Experiment(models.Model):
    """One version of a hypothesis about a segment, with the criterion the ledger judges it by.

    The status is never stored: `earnest.domain.experiments` computes it from the ledger. A
    revision (a pivot) is a new row with the next `number` and this one as its `parent`; the
    parent gets `revised_on` and is judged as the ledger stood that day, so its result stays.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="experiments")
    name = models.CharField(max_length=200)
    number = models.PositiveIntegerField(default=1)
    # A version cannot be deleted while a later one builds on it; deleting the workspace takes them all.
    parent = models.ForeignKey("self", on_delete=models.RESTRICT, null=True, blank=True, related_name="revisions")
    hypothesis = models.TextField()
    segment = models.CharField(max_length=50)
    criterion = models.CharField(max_length=16)
    rung = models.CharField(max_length=64, blank=True)
    at_least = models.PositiveIntegerField(null=True, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    rate = models.PositiveSmallIntegerField(null=True, blank=True)
    min_asks = models.PositiveIntegerField(null=True, blank=True)
    started_on = models.DateField()
    deadline = models.DateField()
    revised_on = models.DateField(null=True, blank=True)
    # The status the last digest told people about, so the next one mentions only changes.
    reported_status = models.CharField(max_length=16, default="running")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name", "number"], name="one_experiment_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"
