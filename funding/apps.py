from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    default_auto_field = "django.db.models.BigAutoField"
