from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Public API"

    def ready(self):
        # What each resource shows, from its shape: the change feed follows it.
        from api.representation import embeddings
        from api.shapes import RESOURCES
        from diplomacy import changes

        changes.register(
            embedding for shape in RESOURCES.values() for embedding in embeddings(shape)
        )
