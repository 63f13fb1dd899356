from django.apps import AppConfig


class DiplomacyConfig(AppConfig):
    name = "diplomacy"
    verbose_name = "Diplomacy records"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from diplomacy import changes, data_version

        data_version.connect(self)
        changes.connect(self)
