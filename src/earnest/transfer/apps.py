from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "earnest.transfer"
    label = "transfer"
    verbose_name = "Import and export"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The ledger tells of merges and of access that ended through signals; transfer follows them.
        from .receivers import connect

        connect()
