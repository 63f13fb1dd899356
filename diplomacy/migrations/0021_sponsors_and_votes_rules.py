"""The sponsorship and vote rows' choice rules, apart from 0020 (see 0016 for why)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("diplomacy", "0020_sponsors_and_votes_evidence")]

    operations = [
        migrations.AddConstraint(
            model_name="vote",
            constraint=models.CheckConstraint(
                condition=models.Q(("identification__in", ["named", "inferred"])),
                name="diplomacy_vote_identification_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="vote",
            constraint=models.CheckConstraint(
                condition=models.Q(("attestation__in", ["reported", "confirmed", "claimed"])),
                name="diplomacy_vote_attestation_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="sponsorship",
            constraint=models.CheckConstraint(
                condition=models.Q(("identification__in", ["named", "inferred"])),
                name="diplomacy_sponsorship_identification_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="sponsorship",
            constraint=models.CheckConstraint(
                condition=models.Q(("attestation__in", ["reported", "confirmed", "claimed"])),
                name="diplomacy_sponsorship_attestation_valid",
            ),
        ),
    ]
