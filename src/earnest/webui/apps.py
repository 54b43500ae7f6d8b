from django.apps import AppConfig


class WebuiConfig(AppConfig):
    name = "earnest.webui"
    label = "webui"
    verbose_name = "Web app"
    default_auto_field = "django.db.models.BigAutoField"
