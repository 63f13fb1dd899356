"""A stored search vector for statements, kept by a trigger and GIN-indexed (PostgreSQL only).

Matching a stored vector is cheap, so a filter can test row after row in an
index's order without computing to_tsvector for each; this replaces the GIN
index on the expression (migration 0002). On SQLite the column stays empty.
"""

import django.contrib.postgres.search
from django.db import migrations

EXPRESSION_INDEX = "diplomacy_statement_text_fts"

FORWARDS = [
    f"DROP INDEX IF EXISTS {EXPRESSION_INDEX}",
    """CREATE TRIGGER diplomacy_statement_search_document
        BEFORE INSERT OR UPDATE ON diplomacy_statement
        FOR EACH ROW EXECUTE FUNCTION
        tsvector_update_trigger(search_document, 'pg_catalog.english', text)""",
    "UPDATE diplomacy_statement SET search_document = to_tsvector('english', text)",
    """CREATE INDEX diplomacy_statement_search_document
        ON diplomacy_statement USING gin (search_document)""",
    # Enough word statistics that the planner knows a rare word from a common one, and
    # sorts a rare word's few matches rather than scanning in date order for them.
    "ALTER TABLE diplomacy_statement ALTER COLUMN search_document SET STATISTICS 1000",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS diplomacy_statement_search_document",
    "DROP TRIGGER IF EXISTS diplomacy_statement_search_document ON diplomacy_statement",
    f"""CREATE INDEX {EXPRESSION_INDEX} ON diplomacy_statement
        USING gin (to_tsvector('english'::regconfig, COALESCE(text, ''::text)))""",
]


def run(statements):
    def on_postgresql(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return on_postgresql


class Migration(migrations.Migration):
    dependencies = [("diplomacy", "0005_undated_last_indexes")]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="PostgreSQL only: the text as a search vector, kept by a database "
                "trigger.",
                null=True,
            ),
        ),
        migrations.RunPython(run(FORWARDS), run(BACKWARDS)),
    ]
