"""Every dated record stores an interval under the same names: date_start to date_end.

Existing dates are kept: a record dated by its first day gets the last day its
precision allows (a month's last day, a week's seventh day). A figure's
attribution moves to its citations.
"""

import calendar
import datetime

from django.db import migrations, models

RENAMES = [
    ("statement", "said_on", "date_start"),
    ("resolution", "voted_on", "date_start"),
    ("reportedfigure", "reported_on", "date_start"),
    ("source", "published_on", "date_start"),
    ("source", "published_precision", "date_precision"),
    ("source", "published_note", "date_note"),
    ("position", "start_on", "date_start"),
    ("position", "end_on", "date_end"),
]


def last_day(start: datetime.date, precision: str) -> datetime.date:
    if precision == "week":
        return start + datetime.timedelta(days=6)
    if precision == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return start.replace(month=12, day=31)
    return start


def fill_intervals(apps, schema_editor):
    for name in ("Meeting", "Statement", "Resolution", "Source", "ReportedFigure"):
        model = apps.get_model("diplomacy", name)
        for record in model.objects.filter(
            date_start__isnull=False, date_end__isnull=True
        ).order_by():
            record.date_end = last_day(record.date_start, record.date_precision)
            record.save(update_fields=["date_end"])
    Position = apps.get_model("diplomacy", "Position")
    Position.objects.exclude(date_start__isnull=True, date_end__isnull=True).update(
        date_precision="day"
    )
    Citation = apps.get_model("diplomacy", "Citation")
    ReportedFigure = apps.get_model("diplomacy", "ReportedFigure")
    for figure in ReportedFigure.objects.filter(attributed_to__isnull=False).order_by():
        Citation.objects.filter(figure=figure).order_by().update(
            attributed_to=figure.attributed_to_id,
            attribution=f"attributed to {figure.attributed_to.name}",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("diplomacy", "0007_data_version"),
    ]

    operations = [
        # The rules and indexes on the old names go first; the new ones are added later.
        migrations.RemoveConstraint(model_name="meeting", name="diplomacy_meeting_dated"),
        migrations.RemoveConstraint(model_name="meeting", name="diplomacy_meeting_dates_ordered"),
        migrations.RemoveConstraint(model_name="position", name="diplomacy_position_dates_ordered"),
        migrations.RemoveConstraint(model_name="resolution", name="diplomacy_resolution_dated"),
        migrations.RemoveConstraint(model_name="source", name="diplomacy_source_precision"),
        migrations.RemoveConstraint(model_name="statement", name="diplomacy_statement_dated"),
        migrations.RemoveIndex(model_name="meeting", name="meeting_oldest_first"),
        migrations.RemoveIndex(model_name="meeting", name="meeting_newest_first"),
        migrations.RemoveIndex(model_name="reportedfigure", name="diplomacy_figure_measure"),
        migrations.RemoveIndex(model_name="resolution", name="diplomacy_resolution_chrono"),
        migrations.RemoveIndex(model_name="resolution", name="resolution_oldest_first"),
        migrations.RemoveIndex(model_name="resolution", name="resolution_newest_first"),
        migrations.RemoveIndex(model_name="source", name="diplomacy_source_published"),
        migrations.RemoveIndex(model_name="source", name="source_oldest_first"),
        migrations.RemoveIndex(model_name="source", name="source_newest_first"),
        migrations.RemoveIndex(model_name="statement", name="diplomacy_statement_chrono"),
        migrations.RemoveIndex(model_name="statement", name="statement_oldest_first"),
        migrations.RemoveIndex(model_name="statement", name="statement_newest_first"),
        *(
            migrations.RenameField(model_name=prefix + model, old_name=old, new_name=new)
            for model, old, new in RENAMES
            for prefix in ("", "historical")
        ),
        migrations.AlterField(
            model_name="reportedfigure", name="date_start", field=models.DateField(null=True)
        ),
        migrations.AlterField(
            model_name="historicalreportedfigure",
            name="date_start",
            field=models.DateField(null=True),
        ),
        migrations.AlterField(
            model_name="source", name="date_start", field=models.DateField(null=True)
        ),
        migrations.AlterField(
            model_name="historicalsource", name="date_start", field=models.DateField(null=True)
        ),
        *(
            migrations.AddField(model_name=prefix + model, name=name, field=field)
            for model, name, field in [
                ("statement", "date_end", models.DateField(null=True)),
                ("resolution", "date_end", models.DateField(null=True)),
                ("source", "date_end", models.DateField(null=True)),
                ("reportedfigure", "date_end", models.DateField(null=True)),
                ("reportedfigure", "date_precision", models.CharField(max_length=8, default="day")),
                ("reportedfigure", "date_note", models.TextField(blank=True, default="")),
                ("position", "date_precision", models.CharField(max_length=8, default="unknown")),
                ("position", "date_note", models.TextField(blank=True, default="")),
                (
                    "citation",
                    "attribution",
                    models.CharField(max_length=300, blank=True, default=""),
                ),
            ]
            for prefix in ("", "historical")
        ),
        migrations.AddField(
            model_name="citation",
            name="attributed_to",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=models.deletion.PROTECT,
                related_name="attributed_citations",
                to="diplomacy.actor",
            ),
        ),
        migrations.RunPython(fill_intervals, migrations.RunPython.noop),
        migrations.RemoveField(model_name="reportedfigure", name="attributed_to"),
        migrations.RemoveField(model_name="historicalreportedfigure", name="attributed_to"),
    ]
