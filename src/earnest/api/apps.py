from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API. It has no models: ApiToken moved to accounts, and the app stays installed for the two
    migrations that made its table and handed it over (docs/adr/0016-use-case-apps-below-the-adapters.md)."""

    name = "earnest.api"
    label = "api"
    verbose_name = "REST API"
    default_auto_field = "django.db.models.BigAutoField"
