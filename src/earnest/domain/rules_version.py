"""Which version of the rules computed a stored conclusion.

The ledger stores each lead's assessment (a snapshot) with the version of the rules that
computed it, and takes one of another version for stale: it is recomputed on the next read,
or by the server's background catch-up, with no data migration. The version also goes into
the read cache's key prefix, so pages cached under the old rules are not served.

Raise it by one in the change that can move what a snapshot stores for an unchanged history:
a verdict, its reasons, a warning, the strength, the earlyvangelist flag, a stage, a tally,
or the shape of the stored data (`earnest.jsonable.assessment_data`). A change that cannot
(a new page, an importer, wording outside the stored reasons) leaves it alone.
"""

from __future__ import annotations

# 1: the rules as they stood when snapshots began recording their version.
# 2: an ask turned down in a conversation that stalled without a clear no is a soft no (zombie);
#    only the customer rung itself, fulfilled, makes a customer (a reference alone is real).
# 3: any ask turned down in a conversation without a clear no is a soft no, stall or not.
RULES_VERSION = 3
