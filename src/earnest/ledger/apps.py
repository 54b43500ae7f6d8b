from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "earnest.ledger"
    label = "ledger"
    verbose_name = "Commitment ledger"
    default_auto_field = "django.db.models.BigAutoField"
