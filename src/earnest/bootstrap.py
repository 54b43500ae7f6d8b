"""Starting Django outside a web server: for the CLI, the benchmarks and scripts."""

from __future__ import annotations

import os

_ready = False


def setup(*, migrate: bool = True) -> None:
    """Configure Django once; bring the database schema up to date when it is behind."""
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earnest.web.settings")
    import django

    django.setup()
    if migrate:
        migrate_if_needed()
    _ready = True


def migrate_if_needed(verbosity: int = 0) -> bool:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return False
    call_command("migrate", interactive=False, verbosity=verbosity)
    return True
