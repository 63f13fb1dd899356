"""A GIN index for statement full-text search, on PostgreSQL only (SQLite has no such index)."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from diplomacy.search import text_search_vector

INDEX_NAME = "diplomacy_statement_text_fts"


def index():
    return GinIndex(text_search_vector("text"), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("diplomacy", "Statement"), index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("diplomacy", "Statement"), index())


class Migration(migrations.Migration):
    dependencies = [("diplomacy", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
