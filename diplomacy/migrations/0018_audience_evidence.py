"""A statement's audience as rows of their own (``Addressee``), each with its evidence.

The table stays ``diplomacy_statement_audience``: the model takes it over as it is (a
state change) and gains the evidence columns. Its history (``HistoricalStatement_audience``)
is renamed to follow the model. Existing rows take their statement's attestation, and a
named one, as evidence, the first supporting citation of the statement naming them."""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models

from diplomacy.validation import excerpt_names


def fill(apps, schema_editor):
    Addressee = apps.get_model("diplomacy", "Addressee")
    Citation = apps.get_model("diplomacy", "Citation")
    for row in Addressee.objects.select_related("statement", "actor"):
        row.attestation = row.statement.attestation
        wordings = [row.actor.name, *(row.actor.aliases or [])]
        citations = Citation.objects.filter(statement=row.statement_id, role="support").order_by(
            "source__date_start", "source_id", "start", "id"
        )
        row.evidence = next((c for c in citations if excerpt_names(c.excerpt, wordings)), None)
        row.save(update_fields=["attestation", "evidence"])


class Migration(migrations.Migration):
    dependencies = [("diplomacy", "0017_position_tenure")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Addressee",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="diplomacy.actor",
                            ),
                        ),
                        (
                            "statement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="addressees",
                                to="diplomacy.statement",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "diplomacy_statement_audience",
                        "ordering": ["statement", "id"],
                        "unique_together": {("statement", "actor")},
                    },
                ),
                migrations.AlterField(
                    model_name="statement",
                    name="audience",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="addressed_statements",
                        through="diplomacy.Addressee",
                        to="diplomacy.actor",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="addressee",
            name="identification",
            field=models.CharField(
                choices=[
                    ("named", "Named by the source"),
                    ("inferred", "Inferred (the source describes, another source names)"),
                ],
                default="named",
                help_text="'inferred' when the record's excerpts only describe the actor (\"the visiting leaders\") and another sentence or source names them.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="addressee",
            name="identification_note",
            field=models.TextField(
                blank=True, help_text="For an inferred actor: the evidence (which words name them)."
            ),
        ),
        migrations.AddField(
            model_name="addressee",
            name="attestation",
            field=models.CharField(
                choices=[
                    (
                        "reported",
                        "Reported (by the outlet, or on one party's word, without doubt cast)",
                    ),
                    (
                        "confirmed",
                        "Confirmed (the article gives both sides or independent sources)",
                    ),
                    (
                        "claimed",
                        "Claimed (one party's word; the other side silent, denying, unconfirmed)",
                    ),
                ],
                default="reported",
                help_text="On whose word this actor's part rests; the record's unless one party alone says so.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="addressee",
            name="attestation_note",
            field=models.TextField(blank=True, help_text="Who says so, and who is silent."),
        ),
        migrations.AddField(
            model_name="addressee",
            name="evidence",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="diplomacy.citation",
            ),
        ),
        migrations.RenameModel(
            old_name="HistoricalStatement_audience", new_name="HistoricalAddressee"
        ),
        migrations.AlterModelOptions(
            name="historicaladdressee", options={"verbose_name": "HistoricalAddressee"}
        ),
        migrations.AddField(
            model_name="historicaladdressee",
            name="identification",
            field=models.CharField(
                choices=[
                    ("named", "Named by the source"),
                    ("inferred", "Inferred (the source describes, another source names)"),
                ],
                default="named",
                help_text="'inferred' when the record's excerpts only describe the actor (\"the visiting leaders\") and another sentence or source names them.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="historicaladdressee",
            name="identification_note",
            field=models.TextField(
                blank=True, help_text="For an inferred actor: the evidence (which words name them)."
            ),
        ),
        migrations.AddField(
            model_name="historicaladdressee",
            name="attestation",
            field=models.CharField(
                choices=[
                    (
                        "reported",
                        "Reported (by the outlet, or on one party's word, without doubt cast)",
                    ),
                    (
                        "confirmed",
                        "Confirmed (the article gives both sides or independent sources)",
                    ),
                    (
                        "claimed",
                        "Claimed (one party's word; the other side silent, denying, unconfirmed)",
                    ),
                ],
                default="reported",
                help_text="On whose word this actor's part rests; the record's unless one party alone says so.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="historicaladdressee",
            name="attestation_note",
            field=models.TextField(blank=True, help_text="Who says so, and who is silent."),
        ),
        migrations.AddField(
            model_name="historicaladdressee",
            name="evidence",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="diplomacy.citation",
            ),
        ),
        # The history's foreign keys as the history of a model with a through table has them.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicaladdressee",
                    name=name,
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=f"diplomacy.{name}",
                    ),
                )
                for name in ("actor", "statement")
            ],
            database_operations=[],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
