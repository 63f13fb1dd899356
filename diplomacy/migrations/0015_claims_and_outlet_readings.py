"""Who makes a claim (claimed_by) and the outlet's reading of a remark (outlet_reading).

A claimed record already stored takes as claimant the actor its supporting citations
credit, when they credit exactly one; otherwise it becomes reported, its note saying it
was marked claimed with no claimant on record, since a claim names the party making it."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["meeting", "statement", "resolution", "reportedfigure"]
CITING = {
    "meeting": "meeting",
    "statement": "statement",
    "resolution": "resolution",
    "reportedfigure": "figure",
}


def name_claimants(apps, schema_editor):
    Citation = apps.get_model("diplomacy", "Citation")
    for name in MODELS:
        model = apps.get_model("diplomacy", name)
        for record in model.objects.filter(attestation="claimed", claimed_by__isnull=True):
            credited = set(
                Citation.objects.filter(**{CITING[name]: record}, role="support")
                .exclude(attributed_to=None)
                .values_list("attributed_to", flat=True)
            )
            if len(credited) == 1:
                record.claimed_by_id = credited.pop()
            else:
                record.attestation = "reported"
                record.attestation_note = (
                    "Marked claimed with no claimant on record. " + record.attestation_note
                ).strip()
            record.save(update_fields=["claimed_by", "attestation", "attestation_note"])


class Migration(migrations.Migration):
    dependencies = [
        ("diplomacy", "0014_participant_evidence"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmeeting",
            name="claimed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a claimed record: the party making the claim (the Hamas government media office's press release: hamas). A garbled or unclear sentence is a note, not a claim.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="diplomacy.actor",
            ),
        ),
        migrations.AddField(
            model_name="historicalreportedfigure",
            name="claimed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a claimed record: the party making the claim (the Hamas government media office's press release: hamas). A garbled or unclear sentence is a note, not a claim.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="diplomacy.actor",
            ),
        ),
        migrations.AddField(
            model_name="historicalresolution",
            name="claimed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a claimed record: the party making the claim (the Hamas government media office's press release: hamas). A garbled or unclear sentence is a note, not a claim.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="diplomacy.actor",
            ),
        ),
        migrations.AddField(
            model_name="historicalstatement",
            name="claimed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a claimed record: the party making the claim (the Hamas government media office's press release: hamas). A garbled or unclear sentence is a note, not a claim.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="diplomacy.actor",
            ),
        ),
        migrations.AddField(
            model_name="historicalstatement",
            name="outlet_reading",
            field=models.TextField(
                blank=True,
                help_text="The outlet's reading of the remark, in its words as a cited excerpt has them (\"making a subtle reference to the United States' support for Israel's actions\"), credited to that source. Never in the paraphrase, which holds what the speaker said.",
            ),
        ),
        migrations.AddField(
            model_name="historicalstatement",
            name="outlet_reading_source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="diplomacy.source",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="claimed_by",
            field=models.ForeignKey(
                blank=True,
                help_text="For a claimed record: the party making the claim (the Hamas government media office's press release: hamas). A garbled or unclear sentence is a note, not a claim.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claimed_%(class)ss",
                to="diplomacy.actor",
            ),
        ),
        migrations.AddField(
            model_name="reportedfigure",
            name="claimed_by",
            field=models.ForeignKey(
                blank=True,
                help_text="For a claimed record: the party making the claim (the Hamas government media office's press release: hamas). A garbled or unclear sentence is a note, not a claim.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claimed_%(class)ss",
                to="diplomacy.actor",
            ),
        ),
        migrations.AddField(
            model_name="resolution",
            name="claimed_by",
            field=models.ForeignKey(
                blank=True,
                help_text="For a claimed record: the party making the claim (the Hamas government media office's press release: hamas). A garbled or unclear sentence is a note, not a claim.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claimed_%(class)ss",
                to="diplomacy.actor",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="claimed_by",
            field=models.ForeignKey(
                blank=True,
                help_text="For a claimed record: the party making the claim (the Hamas government media office's press release: hamas). A garbled or unclear sentence is a note, not a claim.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claimed_%(class)ss",
                to="diplomacy.actor",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="outlet_reading",
            field=models.TextField(
                blank=True,
                help_text="The outlet's reading of the remark, in its words as a cited excerpt has them (\"making a subtle reference to the United States' support for Israel's actions\"), credited to that source. Never in the paraphrase, which holds what the speaker said.",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="outlet_reading_source",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="diplomacy.source",
            ),
        ),
        migrations.RunPython(name_claimants, migrations.RunPython.noop),
    ]
