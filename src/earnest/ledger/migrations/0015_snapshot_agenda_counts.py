# Each snapshot counts its lead's items on today's lists, so Today's totals are sums over the
# snapshots, and carries its lead's ladder, so the dashboard counts a ladder's leads from an
# index; two more indexes let a reader find a stale snapshot and the board its owners without a
# scan (ADR 0019). Rows stored before have no counts: they hold for no day from now on, so
# readers recompute them as after a rules change.

from django.db import migrations, models


def _count():
    return models.PositiveIntegerField(db_default=0, default=0)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0014_snapshot_recheck_on"),
    ]

    operations = [
        *(
            migrations.AddField(model_name="leadsnapshot", name=f"agenda_{name}", field=_count())
            for name in (
                "to_debrief",
                "to_prepare",
                "todos",
                "broken_commitments",
                "commitments_due",
                "unanswered_asks",
                "no_next_step",
                "woke_up",
            )
        ),
        migrations.AddField(
            model_name="leadsnapshot",
            name="ladder",
            field=models.CharField(db_default="", default="", max_length=64),
        ),
        migrations.AddIndex(
            model_name="leadsnapshot",
            index=models.Index(fields=["workspace", "ladder", "rung_position"], name="ledger_lead_workspa_4cde6e_idx"),
        ),
        migrations.AddIndex(
            model_name="leadsnapshot",
            index=models.Index(fields=["workspace", "computed_for"], name="ledger_lead_workspa_e0ed79_idx"),
        ),
        migrations.AddIndex(
            model_name="prospect",
            index=models.Index(fields=["workspace", "owner"], name="ledger_pros_workspa_a3e0a2_idx"),
        ),
        migrations.RunSQL(
            "UPDATE ledger_leadsnapshot SET recheck_on = NULL, "
            "ladder = (SELECT ladder FROM ledger_prospect WHERE ledger_prospect.id = ledger_leadsnapshot.prospect_id)",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
