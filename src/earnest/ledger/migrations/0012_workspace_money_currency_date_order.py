from django.db import migrations, models


def name_after_slug(apps, schema_editor):
    """Workspaces made by the CLI were all called "My workspace" while the CLI and URLs say their slug."""
    Workspace = apps.get_model("ledger", "Workspace")
    for workspace in Workspace.objects.filter(name="My workspace"):
        workspace.name = workspace.slug
        workspace.save(update_fields=["name"])


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0011_tags_and_experiments'),
    ]

    operations = [
        migrations.AddField(
            model_name='workspace',
            name='money_currency',
            field=models.CharField(db_default='USD', default='USD', max_length=3),
        ),
        migrations.AddField(
            model_name='workspace',
            name='date_order',
            field=models.CharField(choices=[('mdy', 'month/day/year (12/04/2026)'), ('dmy', 'day/month/year (04/12/2026)')], db_default='mdy', default='mdy', max_length=3),
        ),
        migrations.RunPython(name_after_slug, migrations.RunPython.noop),
    ]
