"""The audience rows' choice rules, apart from 0018 (see 0016 for why)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("diplomacy", "0018_audience_evidence")]

    operations = [
        migrations.AddConstraint(
            model_name="addressee",
            constraint=models.CheckConstraint(
                condition=models.Q(("identification__in", ["named", "inferred"])),
                name="diplomacy_addressee_identification_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="addressee",
            constraint=models.CheckConstraint(
                condition=models.Q(("attestation__in", ["reported", "confirmed", "claimed"])),
                name="diplomacy_addressee_attestation_valid",
            ),
        ),
    ]
