from django.apps import AppConfig
from django.db.backends.signals import connection_created


class LedgerConfig(AppConfig):
    name = "earnest.ledger"
    label = "ledger"
    verbose_name = "Commitment ledger"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        connection_created.connect(_no_jit, dispatch_uid="earnest.ledger.no_jit")


def _no_jit(sender, connection, **kwargs) -> None:
    """PostgreSQL: no JIT compilation on earnest's connections.

    The planner compiles a query whose estimated cost passes `jit_above_cost`, and its estimates
    for the pages' correlated subqueries (Today's latest conversation per lead) pass it while the
    query reads a few hundred rows: compiling took 30 to 70 ms of a 60 ms query at 100k leads.
    No read of earnest runs long enough for compiled expressions to pay that back."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
