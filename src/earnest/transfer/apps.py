from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "earnest.transfer"
    label = "transfer"
    verbose_name = "Import and export"
    default_auto_field = "django.db.models.BigAutoField"
