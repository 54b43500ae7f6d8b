# The totals the pages show (verdicts, Today's lists, the dashboard's commitments, funnel and
# time in each rung) kept on write, so that the first view after a change reads a few rows instead
# of summing 100,000 snapshots (ADR 0020). Each snapshot row carries what its lead adds
# (`counts`); triggers add every change of it to `ledger_leadtotal` in the statement that makes
# it, so the totals hold whatever writes a snapshot row: an upsert under the revision guard, a
# deletion, a merge. On SQLite a row-level trigger updates one row per key in place; PostgreSQL
# appends each statement's changes, summed from its transition tables, so writers never wait on
# a shared row. The rows stored before get their counts here, from their own columns.

from django.db import migrations, models

SQLITE_UP = [
    "CREATE UNIQUE INDEX ledger_leadtotal_key ON ledger_leadtotal (workspace_id, kind, key)",
    """CREATE TRIGGER ledger_leadsnapshot_totals_insert AFTER INSERT ON ledger_leadsnapshot BEGIN
        INSERT INTO ledger_leadtotal (workspace_id, kind, key, n)
        SELECT NEW.workspace_id, substr(e.key, 1, 1), e.key, e.value FROM json_each(NEW.counts) e WHERE true
        ON CONFLICT (workspace_id, kind, key) DO UPDATE SET n = n + excluded.n;
    END""",
    """CREATE TRIGGER ledger_leadsnapshot_totals_update AFTER UPDATE OF counts, workspace_id ON ledger_leadsnapshot
    WHEN OLD.counts IS NOT NEW.counts OR OLD.workspace_id IS NOT NEW.workspace_id BEGIN
        INSERT INTO ledger_leadtotal (workspace_id, kind, key, n)
        SELECT OLD.workspace_id, substr(e.key, 1, 1), e.key, -e.value FROM json_each(OLD.counts) e WHERE true
        ON CONFLICT (workspace_id, kind, key) DO UPDATE SET n = n + excluded.n;
        INSERT INTO ledger_leadtotal (workspace_id, kind, key, n)
        SELECT NEW.workspace_id, substr(e.key, 1, 1), e.key, e.value FROM json_each(NEW.counts) e WHERE true
        ON CONFLICT (workspace_id, kind, key) DO UPDATE SET n = n + excluded.n;
    END""",
    """CREATE TRIGGER ledger_leadsnapshot_totals_delete AFTER DELETE ON ledger_leadsnapshot BEGIN
        INSERT INTO ledger_leadtotal (workspace_id, kind, key, n)
        SELECT OLD.workspace_id, substr(e.key, 1, 1), e.key, -e.value FROM json_each(OLD.counts) e WHERE true
        ON CONFLICT (workspace_id, kind, key) DO UPDATE SET n = n + excluded.n;
    END""",
    """CREATE TRIGGER ledger_workspace_totals_delete AFTER DELETE ON ledger_workspace BEGIN
        DELETE FROM ledger_leadtotal WHERE workspace_id = OLD.id;
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS ledger_workspace_totals_delete",
    "DROP TRIGGER IF EXISTS ledger_leadsnapshot_totals_delete",
    "DROP TRIGGER IF EXISTS ledger_leadsnapshot_totals_update",
    "DROP TRIGGER IF EXISTS ledger_leadsnapshot_totals_insert",
    "DROP INDEX IF EXISTS ledger_leadtotal_key",
]

# Statement-level: a refresh's upsert of 20,000 rows appends one row per key it changed, not
# 20,000 updates of one row. Nested loops over transition tables (which have no statistics)
# would compare every old row with every new one: the join is hashed. Nested loops switched off
# make every plan look costly enough to be compiled first (0.3-0.9 s a statement): no JIT either.
POSTGRES_UP = [
    """CREATE FUNCTION ledger_leadsnapshot_totals() RETURNS trigger LANGUAGE plpgsql
    SET enable_nestloop = off SET jit = off AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO ledger_leadtotal (workspace_id, kind, key, n)
            SELECT s.workspace_id, left(e.key, 1), e.key, SUM(e.value::bigint)
            FROM new_rows s, jsonb_each_text(s.counts) e
            GROUP BY s.workspace_id, e.key HAVING SUM(e.value::bigint) <> 0;
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO ledger_leadtotal (workspace_id, kind, key, n)
            SELECT s.workspace_id, left(e.key, 1), e.key, -SUM(e.value::bigint)
            FROM old_rows s, jsonb_each_text(s.counts) e
            GROUP BY s.workspace_id, e.key HAVING SUM(e.value::bigint) <> 0;
        ELSE
            WITH changed AS (
                SELECT o.workspace_id AS old_workspace, o.counts AS old_counts,
                       n.workspace_id AS new_workspace, n.counts AS new_counts
                FROM old_rows o JOIN new_rows n ON n.prospect_id = o.prospect_id
                WHERE o.counts IS DISTINCT FROM n.counts OR o.workspace_id <> n.workspace_id
            )
            INSERT INTO ledger_leadtotal (workspace_id, kind, key, n)
            SELECT workspace_id, left(key, 1), key, SUM(n) FROM (
                SELECT new_workspace AS workspace_id, e.key, e.value::bigint AS n
                FROM changed, jsonb_each_text(new_counts) e
                UNION ALL
                SELECT old_workspace, e.key, -e.value::bigint FROM changed, jsonb_each_text(old_counts) e
            ) d
            GROUP BY workspace_id, key HAVING SUM(n) <> 0;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER ledger_leadsnapshot_totals_insert AFTER INSERT ON ledger_leadsnapshot
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_leadsnapshot_totals()""",
    """CREATE TRIGGER ledger_leadsnapshot_totals_update AFTER UPDATE ON ledger_leadsnapshot
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_leadsnapshot_totals()""",
    """CREATE TRIGGER ledger_leadsnapshot_totals_delete AFTER DELETE ON ledger_leadsnapshot
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_leadsnapshot_totals()""",
    """CREATE FUNCTION ledger_workspace_totals_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM ledger_leadtotal WHERE workspace_id = OLD.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER ledger_workspace_totals_delete AFTER DELETE ON ledger_workspace
    FOR EACH ROW EXECUTE FUNCTION ledger_workspace_totals_delete()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS ledger_workspace_totals_delete ON ledger_workspace",
    "DROP FUNCTION IF EXISTS ledger_workspace_totals_delete()",
    "DROP TRIGGER IF EXISTS ledger_leadsnapshot_totals_delete ON ledger_leadsnapshot",
    "DROP TRIGGER IF EXISTS ledger_leadsnapshot_totals_update ON ledger_leadsnapshot",
    "DROP TRIGGER IF EXISTS ledger_leadsnapshot_totals_insert ON ledger_leadsnapshot",
    "DROP FUNCTION IF EXISTS ledger_leadsnapshot_totals()",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def triggers_up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, POSTGRES_UP if vendor == "postgresql" else SQLITE_UP)


def triggers_down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, POSTGRES_DOWN if vendor == "postgresql" else SQLITE_DOWN)


def counts_for_stored_rows(apps, schema_editor):
    # The functions of today's code, not historical models: the counts are those it keeps.
    from earnest.ledger.derived.totals import counts_refresh, totals_rebuild

    Workspace = apps.get_model("ledger", "Workspace")
    for workspace_id in Workspace.objects.order_by("pk").values_list("pk", flat=True):
        counts_refresh(workspace_id)
        totals_rebuild(workspace_id)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0016_conversation_weeks_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="leadsnapshot",
            name="counts",
            field=models.JSONField(db_default={}, default=dict),
        ),
        migrations.CreateModel(
            name="LeadTotal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("workspace_id", models.BigIntegerField()),
                ("kind", models.CharField(max_length=1)),
                ("key", models.CharField(max_length=300)),
                ("n", models.BigIntegerField()),
            ],
            options={
                "indexes": [models.Index(fields=["workspace_id", "kind"], name="ledger_lead_workspa_5bc865_idx")],
            },
        ),
        migrations.RunPython(triggers_up, triggers_down),
        migrations.RunPython(counts_for_stored_rows, migrations.RunPython.noop),
    ]
