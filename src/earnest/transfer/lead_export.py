"""Every lead with its verdict and the reasons behind it, as CSV for a spreadsheet or a CRM."""

from __future__ import annotations

import csv
import io
from datetime import date

from earnest.ledger import models as m

COLUMNS = (
    "id",
    "prospect",
    "domain",
    "ladder",
    "verdict",
    "strength",
    "stage",
    "earlyvangelist",
    "warnings",
    "reasons",
    "external_id",
)


def _safe(text: str) -> str:
    """Spreadsheets run cells that start with =, +, - or @ as formulas; quote them as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def leads_csv(workspace: m.Workspace, today: date) -> str:
    from earnest.ledger.reads.selectors import lead_assessments

    pairs = lead_assessments(workspace, today)
    extra: dict[int | str, tuple[str, str]] = {
        pk: (domain, ext)
        for pk, domain, ext in m.Prospect.objects.filter(workspace=workspace).values_list("pk", "domain", "external_id")
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for history, a in sorted(pairs, key=lambda p: p[0].name.lower()):
        reasons = "; ".join(f"{r.text} ({r.on})" if r.on else r.text for r in a.reasons)
        warnings = "; ".join(w.text for w in a.warnings)
        writer.writerow(
            [
                history.id,
                _safe(history.name),
                extra.get(history.id, ("", ""))[0],
                history.ladder,
                str(a.verdict),
                f"{a.strength.score:.0f}",
                a.stage.current or "",
                "yes" if a.earlyvangelist.flag else "no",
                _safe(warnings),
                _safe(reasons),
                _safe(extra.get(history.id, ("", ""))[1]),
            ]
        )
    return out.getvalue()
