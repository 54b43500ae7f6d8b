# ApiToken moved here from the api app (ADR 0016). The table api_apitoken already exists (api.0001
# made it) and keeps its name and rows: this migration changes Django's state and no schema. The
# model's content type is renamed, so its permissions follow it instead of being made again.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, schema_editor, source, target):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    if not content_types.filter(app_label=target, model="apitoken").exists():
        content_types.filter(app_label=source, model="apitoken").update(app_label=target)


def content_type_to_accounts(apps, schema_editor):
    _move_content_type(apps, schema_editor, "api", "accounts")


def content_type_to_api(apps, schema_editor):
    _move_content_type(apps, schema_editor, "accounts", "api")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_reset_requests"),
        ("api", "0002_apitoken_to_accounts"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("ledger", "0002_versions_and_audit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("name", models.CharField(max_length=100)),
                        ("prefix", models.CharField(max_length=12)),
                        ("digest", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("last_used_at", models.DateTimeField(blank=True, null=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "workspace",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to="ledger.workspace",
                            ),
                        ),
                    ],
                    options={"db_table": "api_apitoken"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_accounts, content_type_to_api),
    ]
