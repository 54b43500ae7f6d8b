"""Events in the ledger that the apps above it act on, so that the ledger imports none of them.

The ledger owns prospects, workspaces and memberships; `transfer` and `accounts` stand on it. When a
change to those rows means that something kept by an app above must change too, the writer sends one
of these signals and the app subscribes in its `AppConfig.ready()` (`transfer/receivers.py`). The
sender does not know who listens (docs/adr/0016-use-case-apps-below-the-adapters.md).

The contract:

- **Sent inside the writer's transaction**, after its rows are written, with `Signal.send` (never
  `send_robust`): a receiver's writes commit or roll back with the change, and a receiver that fails
  fails the write.
- **Keyword arguments only**, as listed with each signal; `sender` is the module that sends it.
- **A receiver only follows the change** (repoints its keys, revokes what lost its grounds); it
  decides nothing the sender must know about and returns nothing the sender reads.
"""

from __future__ import annotations

from django.dispatch import Signal

prospect_merged = Signal()
"""A merge moved everything of prospect `absorbed_id` to `kept_id`, in workspace `workspace_id`.

Sent before the absorbed row is deleted. transfer repoints the import keys (ExternalRecord) that
named the absorbed prospect, so a re-import finds the kept one.
"""

write_access_ended = Signal()
"""`user` may no longer write in `workspace`, or in any workspace when `workspace` is None.

Sent when a member is removed, becomes a viewer, or is deactivated. transfer revokes the calendar
feeds the person made there, since a feed address must not outlive its maker's access.
"""
