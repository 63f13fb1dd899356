"""A participant's own attestation and evidence (the supporting citation naming them).

Existing participants take their meeting's attestation; a named one gets as evidence the
first supporting citation of the meeting whose excerpt names them, as the services work
it out on every write."""

import django.db.models.deletion
from django.db import migrations, models

from diplomacy.validation import excerpt_names


def fill(apps, schema_editor):
    Participation = apps.get_model("diplomacy", "Participation")
    Citation = apps.get_model("diplomacy", "Citation")
    for row in Participation.objects.select_related("meeting", "actor"):
        row.attestation = row.meeting.attestation
        if row.identification == "named":
            wordings = [row.actor.name, *(row.actor.aliases or [])]
            citations = Citation.objects.filter(meeting=row.meeting_id, role="support").order_by(
                "source__date_start", "source_id", "start", "id"
            )
            row.evidence = next((c for c in citations if excerpt_names(c.excerpt, wordings)), None)
        row.save(update_fields=["attestation", "evidence"])


class Migration(migrations.Migration):
    dependencies = [
        ("diplomacy", "0001_squashed_0013_citation_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalparticipation",
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
                help_text="On whose word this actor's part rests: 'claimed' when one party alone says they took part (a press release naming an envoy), even in a confirmed meeting.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="historicalparticipation",
            name="attestation_note",
            field=models.TextField(
                blank=True, help_text="Who says this actor took part, and who is silent."
            ),
        ),
        migrations.AddField(
            model_name="historicalparticipation",
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
        migrations.AddField(
            model_name="participation",
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
                help_text="On whose word this actor's part rests: 'claimed' when one party alone says they took part (a press release naming an envoy), even in a confirmed meeting.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="attestation_note",
            field=models.TextField(
                blank=True, help_text="Who says this actor took part, and who is silent."
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="evidence",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="named_participants",
                to="diplomacy.citation",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
                condition=models.Q(("attestation__in", ["reported", "confirmed", "claimed"])),
                name="diplomacy_participation_attestation_valid",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
