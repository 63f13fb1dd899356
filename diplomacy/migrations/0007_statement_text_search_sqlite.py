"""Full-text search for statements on SQLite: an FTS5 index kept by triggers.

PostgreSQL has its stored vector (migration 0006); this is SQLite's counterpart,
an external-content FTS5 table over diplomacy_statement.text with the Porter
stemmer. Nothing happens on PostgreSQL.
"""

from django.db import migrations

FORWARDS = [
    """CREATE VIRTUAL TABLE diplomacy_statement_fts USING fts5(
        text, content='diplomacy_statement', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER diplomacy_statement_fts_insert AFTER INSERT ON diplomacy_statement BEGIN
        INSERT INTO diplomacy_statement_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER diplomacy_statement_fts_delete AFTER DELETE ON diplomacy_statement BEGIN
        INSERT INTO diplomacy_statement_fts(diplomacy_statement_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER diplomacy_statement_fts_update AFTER UPDATE OF text
        ON diplomacy_statement BEGIN
        INSERT INTO diplomacy_statement_fts(diplomacy_statement_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
        INSERT INTO diplomacy_statement_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    "INSERT INTO diplomacy_statement_fts(diplomacy_statement_fts) VALUES ('rebuild')",
]
BACKWARDS = [
    "DROP TRIGGER IF EXISTS diplomacy_statement_fts_insert",
    "DROP TRIGGER IF EXISTS diplomacy_statement_fts_delete",
    "DROP TRIGGER IF EXISTS diplomacy_statement_fts_update",
    "DROP TABLE IF EXISTS diplomacy_statement_fts",
]


def run(statements):
    def on_sqlite(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return on_sqlite


class Migration(migrations.Migration):
    dependencies = [("diplomacy", "0006_statement_search_document")]

    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]
