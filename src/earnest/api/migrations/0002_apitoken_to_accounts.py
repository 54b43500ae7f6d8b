# ApiToken moved to the accounts app (ADR 0016). Only Django's idea of the model moves: the table
# api_apitoken stays as it is, with its rows, and accounts.0004 takes it over under the same name.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ApiToken")],
            database_operations=[],
        ),
    ]
