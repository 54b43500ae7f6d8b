# Snapshots keep only what lists count and sort by (the assessment's JSON is judged for the leads
# a page shows), and record the day the date alone can change them (ADR 0019). Rows from before
# have no such day, so they hold for no day: readers recompute them as after a rules change.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0013_snapshot_rules_version"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="leadsnapshot",
            name="ledger_lead_workspa_68d2be_idx",
        ),
        migrations.RemoveField(
            model_name="leadsnapshot",
            name="data",
        ),
        migrations.AddField(
            model_name="leadsnapshot",
            name="recheck_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="leadsnapshot",
            index=models.Index(
                fields=["workspace", "rules_version", "recheck_on", "computed_for"],
                name="ledger_lead_workspa_597c5f_idx",
            ),
        ),
    ]
