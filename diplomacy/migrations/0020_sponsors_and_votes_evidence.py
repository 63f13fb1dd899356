"""A resolution's sponsors as rows of their own (``Sponsorship``), and each vote, with
their evidence, as participants and audiences have.

The sponsors' table stays ``diplomacy_resolution_sponsors``; its history
(``HistoricalResolution_sponsors``) is renamed to follow the model. Existing rows take
their resolution's attestation and, when named, the first supporting citation naming them."""

import django.db.models.deletion
from django.db import migrations, models

from diplomacy.validation import excerpt_names


def fill(apps, schema_editor):
    Citation = apps.get_model("diplomacy", "Citation")
    for name in ("Sponsorship", "Vote"):
        for row in apps.get_model("diplomacy", name).objects.select_related("resolution", "actor"):
            row.attestation = row.resolution.attestation
            wordings = [row.actor.name, *(row.actor.aliases or [])]
            citations = Citation.objects.filter(
                resolution=row.resolution_id, role="support"
            ).order_by("source__date_start", "source_id", "start", "id")
            row.evidence = next((c for c in citations if excerpt_names(c.excerpt, wordings)), None)
            row.save(update_fields=["attestation", "evidence"])


class Migration(migrations.Migration):
    dependencies = [("diplomacy", "0019_audience_rules")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Sponsorship",
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
                            "resolution",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sponsorships",
                                to="diplomacy.resolution",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "diplomacy_resolution_sponsors",
                        "ordering": ["resolution", "id"],
                        "unique_together": {("resolution", "actor")},
                    },
                ),
                migrations.AlterField(
                    model_name="resolution",
                    name="sponsors",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="sponsored_resolutions",
                        through="diplomacy.Sponsorship",
                        to="diplomacy.actor",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="sponsorship",
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
            model_name="sponsorship",
            name="identification_note",
            field=models.TextField(
                blank=True, help_text="For an inferred actor: the evidence (which words name them)."
            ),
        ),
        migrations.AddField(
            model_name="sponsorship",
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
            model_name="sponsorship",
            name="attestation_note",
            field=models.TextField(blank=True, help_text="Who says so, and who is silent."),
        ),
        migrations.AddField(
            model_name="sponsorship",
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
            old_name="HistoricalResolution_sponsors", new_name="HistoricalSponsorship"
        ),
        migrations.AlterModelOptions(
            name="historicalsponsorship", options={"verbose_name": "HistoricalSponsorship"}
        ),
        migrations.AddField(
            model_name="historicalsponsorship",
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
            model_name="historicalsponsorship",
            name="identification_note",
            field=models.TextField(
                blank=True, help_text="For an inferred actor: the evidence (which words name them)."
            ),
        ),
        migrations.AddField(
            model_name="historicalsponsorship",
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
            model_name="historicalsponsorship",
            name="attestation_note",
            field=models.TextField(blank=True, help_text="Who says so, and who is silent."),
        ),
        migrations.AddField(
            model_name="historicalsponsorship",
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
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicalsponsorship",
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
                for name in ("actor", "resolution")
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="vote",
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
            model_name="vote",
            name="identification_note",
            field=models.TextField(
                blank=True, help_text="For an inferred actor: the evidence (which words name them)."
            ),
        ),
        migrations.AddField(
            model_name="vote",
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
            model_name="vote",
            name="attestation_note",
            field=models.TextField(blank=True, help_text="Who says so, and who is silent."),
        ),
        migrations.AddField(
            model_name="vote",
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
        migrations.AddField(
            model_name="historicalvote",
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
            model_name="historicalvote",
            name="identification_note",
            field=models.TextField(
                blank=True, help_text="For an inferred actor: the evidence (which words name them)."
            ),
        ),
        migrations.AddField(
            model_name="historicalvote",
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
            model_name="historicalvote",
            name="attestation_note",
            field=models.TextField(blank=True, help_text="Who says so, and who is silent."),
        ),
        migrations.AddField(
            model_name="historicalvote",
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
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
