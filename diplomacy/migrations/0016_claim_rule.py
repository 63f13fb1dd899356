"""The claim rule: a claimed record names its claimant, and only a claimed one does.

Apart from 0015, which fills claimed_by: on PostgreSQL a table whose rows a transaction
changed cannot take a new constraint in that same transaction."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("diplomacy", "0015_claims_and_outlet_readings")]

    operations = [
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("attestation", "claimed"), ("claimed_by__isnull", False)),
                    models.Q(
                        models.Q(("attestation", "claimed"), _negated=True),
                        ("claimed_by__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="diplomacy_meeting_claim_has_claimant",
                violation_error_message="A claimed record names the party making the claim (claimed_by), and only a claimed record names one: a record resting on no named party's word is reported, with the doubt in its note.",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportedfigure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("attestation", "claimed"), ("claimed_by__isnull", False)),
                    models.Q(
                        models.Q(("attestation", "claimed"), _negated=True),
                        ("claimed_by__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="diplomacy_figure_claim_has_claimant",
                violation_error_message="A claimed record names the party making the claim (claimed_by), and only a claimed record names one: a record resting on no named party's word is reported, with the doubt in its note.",
            ),
        ),
        migrations.AddConstraint(
            model_name="resolution",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("attestation", "claimed"), ("claimed_by__isnull", False)),
                    models.Q(
                        models.Q(("attestation", "claimed"), _negated=True),
                        ("claimed_by__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="diplomacy_resolution_claim_has_claimant",
                violation_error_message="A claimed record names the party making the claim (claimed_by), and only a claimed record names one: a record resting on no named party's word is reported, with the doubt in its note.",
            ),
        ),
        migrations.AddConstraint(
            model_name="statement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("attestation", "claimed"), ("claimed_by__isnull", False)),
                    models.Q(
                        models.Q(("attestation", "claimed"), _negated=True),
                        ("claimed_by__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="diplomacy_statement_claim_has_claimant",
                violation_error_message="A claimed record names the party making the claim (claimed_by), and only a claimed record names one: a record resting on no named party's word is reported, with the doubt in its note.",
            ),
        ),
    ]
