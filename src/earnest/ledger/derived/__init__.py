"""The invalidation contract of the read side: what a write must tell the derived state.

Three things are derived from the ledger's facts and kept beside them:

- the prospect's **revision** (`Prospect.revision`), a counter that orders the writes to one
  prospect's history, so that no verdict computed from an older history replaces a newer one;
- the prospect's **snapshot** (`LeadSnapshot`, kept by `snapshots`), its assessment stored for a
  day and a rules version;
- the workspace's **cache generation** (`read_cache`), which retires every cached whole-workspace
  read (Today, the board, the dashboard, list totals).

A service that writes calls one of the hooks below inside its transaction, after its rows are
written (and after `audit.record`, which only writes the audit trail). Nothing else keeps the
derived state current on write: a write that skips the hook leaves an old verdict on the lists
until the day turns. Readers still treat a snapshot of another day or another `RULES_VERSION`
as stale on their own, so time and releases need no hook.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import F

from .. import models as m
from .read_cache import note_change
from .snapshots import mark_ladder_stale, mark_many_stale, mark_stale


def prospect_changed(workspace_id: int, prospect_id: int) -> int:
    """A fact of this prospect's history changed: call inside the writing transaction; returns its new revision.

    - raises the prospect's revision by one, under its row lock, so concurrent writers count
      one after the other;
    - marks its snapshot stale and stamps it with that revision, so no refresh that read the
      history before this write can store its older verdict;
    - right after the commit, recomputes the snapshot (the writer pays for one prospect, readers
      for none) and starts a new cache generation for the workspace, in that order.

    After a rollback nothing of this is visible; calling it twice in one transaction costs a
    revision but recomputes once. Outside a transaction the effects are immediate.
    """
    m.Prospect.objects.filter(pk=prospect_id).update(revision=F("revision") + 1)
    revision = m.Prospect.objects.filter(pk=prospect_id).values_list("revision", flat=True).first() or 0
    mark_stale(workspace_id, prospect_id, revision)
    note_change(workspace_id)
    return revision


def prospects_changed(workspace_id: int, prospect_ids: Collection[int]) -> None:
    """`prospect_changed` for many prospects of one workspace at once, in a fixed number of queries (imports)."""
    if not prospect_ids:
        return
    m.Prospect.objects.filter(workspace_id=workspace_id, pk__in=prospect_ids).update(revision=F("revision") + 1)
    mark_many_stale(workspace_id, prospect_ids)
    note_change(workspace_id)


def ladder_changed(workspace: m.Workspace, ladder_key: str) -> None:
    """A ladder's rungs, weights or stall limits changed: every lead on it is judged again.

    Their revisions go up and their snapshots go stale (readers recompute them; the server
    catches many up in the background), and the cache generation moves after the commit."""
    mark_ladder_stale(workspace, ladder_key)
    note_change(workspace.pk)


def workspace_changed(workspace_id: int) -> None:
    """Something changed that no stored verdict depends on (a ladder added, an experiment):
    only the workspace's cached reads are retired, after the commit."""
    note_change(workspace_id)
