from django.apps import AppConfig


class DiplomacyConfig(AppConfig):
    name = "diplomacy"
    verbose_name = "Diplomacy records"
    default_auto_field = "django.db.models.BigAutoField"
