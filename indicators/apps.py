from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Quarterly returns' admin lives in its own module beside admin.py.
        from indicators import admin_returns  # noqa: F401
