"""The change feed names the fields each correction changed, and keeps the editor's note."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("diplomacy", "0024_curators_mark_coverage"),
    ]

    operations = [
        migrations.AddField(
            model_name="change",
            name="field_digests",
            field=models.JSONField(
                blank=True,
                help_text="A short SHA-256 of each top-level field the public saw after this change (created, updated, renamed), by name: which fields the next change changed. Null otherwise.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="change",
            name="fields",
            field=models.JSONField(
                blank=True,
                help_text="The top-level fields of what the public sees that changed (updated, renamed), in the record's order; null for other actions, or when unknown (the entry before it kept no field digests).",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="change",
            name="note",
            field=models.TextField(
                blank=True,
                help_text="The editor's correction note: what was corrected and why (updated, renamed); empty when the record changed only through what it shows, or was written by the seed loader.",
            ),
        ),
    ]
