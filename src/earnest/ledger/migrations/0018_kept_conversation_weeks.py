# The dashboard's outcomes per week kept on write as well (ADR 0020): every conversation with a
# stored outcome counts one under `w|<day>|<outcome>` in `ledger_leadtotal`, added by triggers on
# the conversation table in the statement that inserts, changes or deletes it, as 0017 does for
# the snapshot rows. The dashboard then adds up a quarter's days instead of counting 130,000
# conversations at 100k prospects.

from django.db import migrations

_SQLITE_KEY = "'w|' || {row}.\"on\" || '|' || {row}.outcome"
_SQLITE_ADD = (
    "INSERT INTO ledger_leadtotal (workspace_id, kind, key, n) "
    "SELECT {row}.workspace_id, 'w', " + _SQLITE_KEY + ", {n} WHERE {row}.outcome <> '' "
    "ON CONFLICT (workspace_id, kind, key) DO UPDATE SET n = n + excluded.n;"
)
SQLITE_UP = [
    "CREATE TRIGGER ledger_conversation_totals_insert AFTER INSERT ON ledger_conversation BEGIN "
    + _SQLITE_ADD.format(row="NEW", n=1)
    + " END",
    'CREATE TRIGGER ledger_conversation_totals_update AFTER UPDATE OF "on", outcome, workspace_id '
    'ON ledger_conversation WHEN OLD."on" IS NOT NEW."on" OR OLD.outcome IS NOT NEW.outcome '
    "OR OLD.workspace_id IS NOT NEW.workspace_id BEGIN "
    + _SQLITE_ADD.format(row="OLD", n=-1)
    + " "
    + _SQLITE_ADD.format(row="NEW", n=1)
    + " END",
    "CREATE TRIGGER ledger_conversation_totals_delete AFTER DELETE ON ledger_conversation BEGIN "
    + _SQLITE_ADD.format(row="OLD", n=-1)
    + " END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS ledger_conversation_totals_delete",
    "DROP TRIGGER IF EXISTS ledger_conversation_totals_update",
    "DROP TRIGGER IF EXISTS ledger_conversation_totals_insert",
]

_EVENTS = (
    ("insert", "NEW TABLE AS new_rows"),
    ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("delete", "OLD TABLE AS old_rows"),
)
# Statement-level, from the transition tables: an update adds its new rows and subtracts its old
# ones (rows whose day and outcome did not change cancel out), so no join is needed.
POSTGRES_UP = [
    """CREATE FUNCTION ledger_conversation_totals() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO ledger_leadtotal (workspace_id, kind, key, n)
            SELECT workspace_id, 'w', 'w|' || to_char("on", 'YYYY-MM-DD') || '|' || outcome, COUNT(*)
            FROM new_rows WHERE outcome <> '' GROUP BY 1, 3;
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO ledger_leadtotal (workspace_id, kind, key, n)
            SELECT workspace_id, 'w', 'w|' || to_char("on", 'YYYY-MM-DD') || '|' || outcome, -COUNT(*)
            FROM old_rows WHERE outcome <> '' GROUP BY 1, 3;
        ELSE
            INSERT INTO ledger_leadtotal (workspace_id, kind, key, n)
            SELECT workspace_id, 'w', key, SUM(n) FROM (
                SELECT workspace_id, 'w|' || to_char("on", 'YYYY-MM-DD') || '|' || outcome AS key, 1 AS n
                FROM new_rows WHERE outcome <> ''
                UNION ALL
                SELECT workspace_id, 'w|' || to_char("on", 'YYYY-MM-DD') || '|' || outcome, -1
                FROM old_rows WHERE outcome <> ''
            ) d
            GROUP BY workspace_id, key HAVING SUM(n) <> 0;
        END IF;
        RETURN NULL;
    END $$""",
] + [
    f"CREATE TRIGGER ledger_conversation_totals_{event} AFTER {event.upper()} ON ledger_conversation "
    f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION ledger_conversation_totals()"
    for event, tables in _EVENTS
]
POSTGRES_DOWN = [
    *(f"DROP TRIGGER IF EXISTS ledger_conversation_totals_{event} ON ledger_conversation" for event, _ in _EVENTS),
    "DROP FUNCTION IF EXISTS ledger_conversation_totals()",
]


def triggers_up(apps, schema_editor):
    for sql in POSTGRES_UP if schema_editor.connection.vendor == "postgresql" else SQLITE_UP:
        schema_editor.execute(sql)


def triggers_down(apps, schema_editor):
    for sql in POSTGRES_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN:
        schema_editor.execute(sql)


def weeks_for_stored_rows(apps, schema_editor):
    from earnest.ledger.derived.totals import totals_rebuild

    Workspace = apps.get_model("ledger", "Workspace")
    for workspace_id in Workspace.objects.order_by("pk").values_list("pk", flat=True):
        totals_rebuild(workspace_id)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0017_kept_totals"),
    ]

    operations = [
        migrations.RunPython(triggers_up, triggers_down),
        migrations.RunPython(weeks_for_stored_rows, migrations.RunPython.noop),
    ]
