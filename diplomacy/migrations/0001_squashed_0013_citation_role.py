"""Migrations 0001 to 0013 in one: the schema as they leave it, built in one step.

A new database takes this migration; one that has applied some of 0001-0013 goes on with
them. What those migrations did beyond the models is here too: the curators group (0004)
and, on PostgreSQL, the statements' search vector trigger and index (0006). Their data
migrations are left out: a database that takes this one has no rows to convert. Building
the schema in one step takes a few seconds where the thirteen took half a minute, and that
is paid by every new database, every test run's included. Once every database in use has
applied 0013, delete 0001-0013 and the `replaces` list with them."""

import diplomacy.ordering
import diplomacy.validation
import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


CURATED = [
    "actor",
    "position",
    "reportedfigure",
    "meeting",
    "resolution",
    "source",
    "statement",
    "topic",
]
CHILDREN = ["participation", "vote", "citation"]


def create_curators_group(apps, schema_editor):
    """May add and change every curated record, not delete or publish (as 0004)."""
    # Permissions are normally created after all migrations; this group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="curators")
    codenames = [f"{action}_{model}" for model in CURATED for action in ("add", "change", "view")]
    codenames += [
        f"{action}_{model}" for model in CHILDREN for action in ("add", "change", "delete", "view")
    ]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="diplomacy", codename__in=codenames)
    )


def remove_curators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="curators").delete()


SEARCH_DOCUMENT = [
    """CREATE TRIGGER diplomacy_statement_search_document
        BEFORE INSERT OR UPDATE ON diplomacy_statement
        FOR EACH ROW EXECUTE FUNCTION
        tsvector_update_trigger(search_document, 'pg_catalog.english', text)""",
    """CREATE INDEX diplomacy_statement_search_document
        ON diplomacy_statement USING gin (search_document)""",
    "ALTER TABLE diplomacy_statement ALTER COLUMN search_document SET STATISTICS 1000",
]
NO_SEARCH_DOCUMENT = [
    "DROP INDEX IF EXISTS diplomacy_statement_search_document",
    "DROP TRIGGER IF EXISTS diplomacy_statement_search_document ON diplomacy_statement",
]


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("diplomacy", "0001_initial"),
        ("diplomacy", "0002_statement_text_search_index"),
        ("diplomacy", "0003_curation_status_and_history"),
        ("diplomacy", "0004_curators_group"),
        ("diplomacy", "0005_undated_last_indexes"),
        ("diplomacy", "0006_statement_search_document"),
        ("diplomacy", "0007_data_version"),
        ("diplomacy", "0008_date_intervals"),
        ("diplomacy", "0009_attestation_and_coverage"),
        ("diplomacy", "0010_change_feed"),
        ("diplomacy", "0011_slugs_are_not_route_names"),
        ("diplomacy", "0012_public_projection_digests"),
        ("diplomacy", "0013_citation_role"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Meeting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "attestation",
                    models.CharField(
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
                        help_text="'claimed' when it rests on one party's word while the other side is silent or denies it; 'confirmed' when both sides or independent sources report it.",
                        max_length=16,
                    ),
                ),
                (
                    "attestation_note",
                    models.TextField(
                        blank=True, help_text="Why: who says so, and who is silent or denies it."
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120,
                        unique=True,
                        validators=[diplomacy.validation.not_a_route_name],
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("meeting", "Meeting"),
                            ("visit", "Visit"),
                            ("summit", "Summit"),
                            ("talks", "Talks or negotiations"),
                        ],
                        default="meeting",
                        max_length=16,
                    ),
                ),
                (
                    "format",
                    models.CharField(
                        choices=[
                            ("in_person", "In person"),
                            ("phone", "Phone call"),
                            ("virtual", "Virtual"),
                            ("unspecified", "Unspecified"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "occurrence",
                    models.CharField(
                        choices=[
                            ("held", "Held"),
                            ("planned", "Planned (reported before it happened)"),
                        ],
                        default="held",
                        max_length=16,
                    ),
                ),
                ("location_name", models.CharField(blank=True, max_length=200, null=True)),
                (
                    "location_country",
                    models.CharField(
                        blank=True,
                        max_length=2,
                        null=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 code such as CN or QA."
                            )
                        ],
                    ),
                ),
                (
                    "trip",
                    models.CharField(
                        blank=True,
                        help_text="A shared label linking the stops of one trip.",
                        max_length=200,
                    ),
                ),
                ("summary", models.TextField(blank=True)),
            ],
            options={
                "ordering": ["date_start", "date_end", "slug"],
                "permissions": [("publish_meeting", "Can publish and retract meetings")],
                "indexes": [
                    models.Index(fields=["updated_at", "slug"], name="meeting_by_update"),
                    models.Index(fields=["date_start", "slug"], name="diplomacy_meeting_chrono"),
                    models.Index(
                        diplomacy.ordering.DateSortKey("date_start"),
                        diplomacy.ordering.DateSortKey("date_end"),
                        models.F("slug"),
                        models.F("status"),
                        models.F("date_start"),
                        models.F("date_end"),
                        models.F("id"),
                        name="meeting_oldest_first",
                    ),
                    models.Index(
                        diplomacy.ordering.DateSortKey("date_start", descending=True),
                        diplomacy.ordering.DateSortKey("date_end", descending=True),
                        models.F("slug"),
                        models.F("status"),
                        models.F("date_start"),
                        models.F("date_end"),
                        models.F("id"),
                        name="meeting_newest_first",
                    ),
                    models.Index(fields=["date_end"], name="diplomacy_meeting_date_end"),
                    models.Index(fields=["location_country"], name="diplomacy_meeting_country"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "published", "retracted"])),
                        name="diplomacy_meeting_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("status", "retracted"),
                                models.Q(("retraction_reason", ""), _negated=True),
                            ),
                            models.Q(
                                models.Q(("status", "retracted"), _negated=True),
                                ("retraction_reason", ""),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_meeting_retraction_reason",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["meeting", "visit", "summit", "talks"])),
                        name="diplomacy_meeting_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("format__in", ["in_person", "phone", "virtual", "unspecified"])
                        ),
                        name="diplomacy_meeting_format_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("occurrence__in", ["held", "planned"])),
                        name="diplomacy_meeting_occurrence_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_precision__in", ["day", "week", "month", "year", "unknown"])
                        ),
                        name="diplomacy_meeting_precision_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("date_precision", "unknown"),
                                ("date_end__isnull", True),
                                ("date_start__isnull", True),
                            ),
                            models.Q(
                                models.Q(("date_precision", "unknown"), _negated=True),
                                ("date_end__isnull", False),
                                ("date_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_meeting_dated",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_end__isnull", True),
                            ("date_start__isnull", True),
                            ("date_end__gte", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="diplomacy_meeting_dates_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("attestation__in", ["reported", "confirmed", "claimed"])
                        ),
                        name="diplomacy_meeting_attestation_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Actor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "slug",
                    models.SlugField(
                        max_length=80,
                        unique=True,
                        validators=[diplomacy.validation.not_a_route_name],
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("person", "Person"),
                            ("state", "State"),
                            ("organization", "Organization"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "aliases",
                    models.JSONField(
                        blank=True, default=list, help_text="Other spellings the sources use."
                    ),
                ),
                (
                    "country",
                    models.CharField(
                        blank=True,
                        help_text="ISO 3166-1 alpha-2; for a person, the state they represent.",
                        max_length=2,
                        null=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 code such as CN or QA."
                            )
                        ],
                    ),
                ),
                ("description", models.TextField(blank=True)),
                (
                    "affiliation",
                    models.ForeignKey(
                        blank=True,
                        help_text="The state or organization a person acts for.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="affiliates",
                        to="diplomacy.actor",
                    ),
                ),
            ],
            options={
                "ordering": ["name", "slug"],
                "permissions": [("publish_actor", "Can publish and retract actors")],
                "indexes": [
                    models.Index(fields=["updated_at", "slug"], name="actor_by_update"),
                    models.Index(fields=["name", "slug"], name="diplomacy_actor_name"),
                    models.Index(fields=["kind"], name="diplomacy_actor_kind"),
                    models.Index(fields=["country"], name="diplomacy_actor_country"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "published", "retracted"])),
                        name="diplomacy_actor_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("status", "retracted"),
                                models.Q(("retraction_reason", ""), _negated=True),
                            ),
                            models.Q(
                                models.Q(("status", "retracted"), _negated=True),
                                ("retraction_reason", ""),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_actor_retraction_reason",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["person", "state", "organization"])),
                        name="diplomacy_actor_kind_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Change",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "resource",
                    models.CharField(help_text="The API's name: meetings, actors …", max_length=16),
                ),
                (
                    "object_id",
                    models.BigIntegerField(
                        help_text="The record's key, which a slug change keeps."
                    ),
                ),
                ("slug", models.CharField(max_length=120)),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("created", "Entered the public record (published)"),
                            ("updated", "Changed, or something it shows changed"),
                            ("retracted", "Retracted, with a reason"),
                            ("withdrawn", "Withdrawn from public view: back to draft, or deleted"),
                        ],
                        max_length=16,
                    ),
                ),
                ("at", models.DateTimeField()),
                ("reason", models.TextField(blank=True)),
                (
                    "digest",
                    models.CharField(
                        blank=True,
                        help_text="SHA-256 of what the public saw of the record after this change (created, updated); empty otherwise.",
                        max_length=64,
                    ),
                ),
                (
                    "shows",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The rows the record nested then (participants, citations, topics...), each named by its list and what identifies it.",
                    ),
                ),
                (
                    "removes",
                    models.BooleanField(
                        default=False,
                        help_text="Something the public saw left its view: the record itself (retracted, withdrawn) or a row it nested. Snapshots written before it are withdrawn.",
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
                "indexes": [
                    models.Index(fields=["resource", "object_id", "id"], name="change_by_record"),
                    models.Index(fields=["at", "id"], name="change_by_time"),
                    models.Index(fields=["removes", "id"], name="change_by_removal"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("action__in", ["created", "updated", "retracted", "withdrawn"])
                        ),
                        name="diplomacy_change_action_valid",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalActor",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "slug",
                    models.SlugField(
                        max_length=80, validators=[diplomacy.validation.not_a_route_name]
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("person", "Person"),
                            ("state", "State"),
                            ("organization", "Organization"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "aliases",
                    models.JSONField(
                        blank=True, default=list, help_text="Other spellings the sources use."
                    ),
                ),
                (
                    "country",
                    models.CharField(
                        blank=True,
                        help_text="ISO 3166-1 alpha-2; for a person, the state they represent.",
                        max_length=2,
                        null=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 code such as CN or QA."
                            )
                        ],
                    ),
                ),
                ("description", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "affiliation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The state or organization a person acts for.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical actor",
                "verbose_name_plural": "historical actors",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeeting",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "attestation",
                    models.CharField(
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
                        help_text="'claimed' when it rests on one party's word while the other side is silent or denies it; 'confirmed' when both sides or independent sources report it.",
                        max_length=16,
                    ),
                ),
                (
                    "attestation_note",
                    models.TextField(
                        blank=True, help_text="Why: who says so, and who is silent or denies it."
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120, validators=[diplomacy.validation.not_a_route_name]
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("meeting", "Meeting"),
                            ("visit", "Visit"),
                            ("summit", "Summit"),
                            ("talks", "Talks or negotiations"),
                        ],
                        default="meeting",
                        max_length=16,
                    ),
                ),
                (
                    "format",
                    models.CharField(
                        choices=[
                            ("in_person", "In person"),
                            ("phone", "Phone call"),
                            ("virtual", "Virtual"),
                            ("unspecified", "Unspecified"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "occurrence",
                    models.CharField(
                        choices=[
                            ("held", "Held"),
                            ("planned", "Planned (reported before it happened)"),
                        ],
                        default="held",
                        max_length=16,
                    ),
                ),
                ("location_name", models.CharField(blank=True, max_length=200, null=True)),
                (
                    "location_country",
                    models.CharField(
                        blank=True,
                        max_length=2,
                        null=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 code such as CN or QA."
                            )
                        ],
                    ),
                ),
                (
                    "trip",
                    models.CharField(
                        blank=True,
                        help_text="A shared label linking the stops of one trip.",
                        max_length=200,
                    ),
                ),
                ("summary", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical meeting",
                "verbose_name_plural": "historical meetings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPosition",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120, validators=[diplomacy.validation.not_a_route_name]
                    ),
                ),
                ("title", models.CharField(help_text="As the source words it.", max_length=200)),
                ("note", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The state or body the post belongs to.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.actor",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical position",
                "verbose_name_plural": "historical positions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalReportedFigure",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "attestation",
                    models.CharField(
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
                        help_text="'claimed' when it rests on one party's word while the other side is silent or denies it; 'confirmed' when both sides or independent sources report it.",
                        max_length=16,
                    ),
                ),
                (
                    "attestation_note",
                    models.TextField(
                        blank=True, help_text="Why: who says so, and who is silent or denies it."
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120, validators=[diplomacy.validation.not_a_route_name]
                    ),
                ),
                (
                    "measure",
                    models.CharField(
                        choices=[
                            ("oct7-attack-deaths", "Deaths in the 7 October attack"),
                            ("oct7-hostages-taken", "Hostages taken on 7 October"),
                            ("gaza-death-toll", "Death toll in Gaza"),
                        ],
                        max_length=32,
                    ),
                ),
                (
                    "qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "Exactly"),
                            ("more_than", "More than"),
                            ("at_least", "At least"),
                            ("around", "Around"),
                        ],
                        max_length=16,
                    ),
                ),
                ("value", models.PositiveIntegerField()),
                ("summary", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical reported figure",
                "verbose_name_plural": "historical reported figures",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalResolution",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "attestation",
                    models.CharField(
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
                        help_text="'claimed' when it rests on one party's word while the other side is silent or denies it; 'confirmed' when both sides or independent sources report it.",
                        max_length=16,
                    ),
                ),
                (
                    "attestation_note",
                    models.TextField(
                        blank=True, help_text="Why: who says so, and who is silent or denies it."
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120, validators=[diplomacy.validation.not_a_route_name]
                    ),
                ),
                (
                    "symbol",
                    models.CharField(
                        blank=True,
                        help_text="Only when a source gives it.",
                        max_length=40,
                        null=True,
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                (
                    "body",
                    models.CharField(
                        choices=[("unsc", "UN Security Council"), ("unga", "UN General Assembly")],
                        max_length=8,
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("adopted", "Adopted"),
                            ("vetoed", "Vetoed"),
                            ("failed", "Failed"),
                            ("pending", "Pending"),
                        ],
                        max_length=16,
                    ),
                ),
                ("summary", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical resolution",
                "verbose_name_plural": "historical resolutions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSource",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120, validators=[diplomacy.validation.not_a_route_name]
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        blank=True,
                        help_text="The headline; empty when the article has none.",
                        max_length=300,
                        null=True,
                    ),
                ),
                (
                    "outlet",
                    models.CharField(
                        blank=True,
                        help_text="Only when the text names it (a dateline, a contributor line).",
                        max_length=120,
                        null=True,
                    ),
                ),
                ("outlet_note", models.TextField(blank=True)),
                (
                    "seed_file",
                    models.CharField(
                        blank=True,
                        db_index=True,
                        help_text="The file in seeds/ for seed articles; empty for articles added by curators.",
                        max_length=200,
                        null=True,
                    ),
                ),
                ("sha256", models.CharField(max_length=64)),
                (
                    "text",
                    models.TextField(
                        help_text="The article's full text; citation offsets index into it."
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True, help_text="Only a URL the source itself gives.", null=True
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical source",
                "verbose_name_plural": "historical sources",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTopic",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "slug",
                    models.SlugField(
                        max_length=80, validators=[diplomacy.validation.not_a_route_name]
                    ),
                ),
                ("name", models.CharField(max_length=120)),
                ("description", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical topic",
                "verbose_name_plural": "historical topics",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalParticipation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("host", "Host"),
                            ("guest", "Guest"),
                            ("participant", "Participant"),
                            ("attendee", "Attendee"),
                            ("mediator", "Mediator"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        blank=True, help_text="As the source words it.", max_length=200, null=True
                    ),
                ),
                (
                    "identification",
                    models.CharField(
                        choices=[
                            ("named", "Named by the source"),
                            ("inferred", "Inferred (the source describes, another source names)"),
                        ],
                        default="named",
                        help_text="'inferred' when the source only describes the person (\"Saudi Arabia's top diplomat\") and another source names who held that post then.",
                        max_length=16,
                    ),
                ),
                (
                    "identification_note",
                    models.TextField(
                        blank=True,
                        help_text="For an inferred person: the evidence (which source names them).",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical participation",
                "verbose_name_plural": "historical participations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Participation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("host", "Host"),
                            ("guest", "Guest"),
                            ("participant", "Participant"),
                            ("attendee", "Attendee"),
                            ("mediator", "Mediator"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        blank=True, help_text="As the source words it.", max_length=200, null=True
                    ),
                ),
                (
                    "identification",
                    models.CharField(
                        choices=[
                            ("named", "Named by the source"),
                            ("inferred", "Inferred (the source describes, another source names)"),
                        ],
                        default="named",
                        help_text="'inferred' when the source only describes the person (\"Saudi Arabia's top diplomat\") and another source names who held that post then.",
                        max_length=16,
                    ),
                ),
                (
                    "identification_note",
                    models.TextField(
                        blank=True,
                        help_text="For an inferred person: the evidence (which source names them).",
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participations",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participations",
                        to="diplomacy.meeting",
                    ),
                ),
            ],
            options={
                "ordering": ["meeting", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("meeting", "actor"), name="diplomacy_participation_once"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("role__in", ["host", "guest", "participant", "attendee", "mediator"])
                        ),
                        name="diplomacy_participation_role_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("identification__in", ["named", "inferred"])),
                        name="diplomacy_participation_identification_valid",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="meeting",
            name="participants",
            field=models.ManyToManyField(
                related_name="meetings", through="diplomacy.Participation", to="diplomacy.actor"
            ),
        ),
        migrations.CreateModel(
            name="Position",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120,
                        unique=True,
                        validators=[diplomacy.validation.not_a_route_name],
                    ),
                ),
                ("title", models.CharField(help_text="As the source words it.", max_length=200)),
                ("note", models.TextField(blank=True)),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="positions",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        help_text="The state or body the post belongs to.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="posts",
                        to="diplomacy.actor",
                    ),
                ),
            ],
            options={
                "ordering": ["actor", "slug"],
                "permissions": [("publish_position", "Can publish and retract positions")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "published", "retracted"])),
                        name="diplomacy_position_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("status", "retracted"),
                                models.Q(("retraction_reason", ""), _negated=True),
                            ),
                            models.Q(
                                models.Q(("status", "retracted"), _negated=True),
                                ("retraction_reason", ""),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_position_retraction_reason",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_precision__in", ["day", "week", "month", "year", "unknown"])
                        ),
                        name="diplomacy_position_precision_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("date_precision", "unknown"),
                                ("date_end__isnull", True),
                                ("date_start__isnull", True),
                            ),
                            models.Q(
                                models.Q(("date_precision", "unknown"), _negated=True),
                                models.Q(
                                    ("date_start__isnull", False),
                                    ("date_end__isnull", False),
                                    _connector="OR",
                                ),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_position_dated",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_end__isnull", True),
                            ("date_start__isnull", True),
                            ("date_end__gte", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="diplomacy_position_dates_ordered",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportedFigure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "attestation",
                    models.CharField(
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
                        help_text="'claimed' when it rests on one party's word while the other side is silent or denies it; 'confirmed' when both sides or independent sources report it.",
                        max_length=16,
                    ),
                ),
                (
                    "attestation_note",
                    models.TextField(
                        blank=True, help_text="Why: who says so, and who is silent or denies it."
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120,
                        unique=True,
                        validators=[diplomacy.validation.not_a_route_name],
                    ),
                ),
                (
                    "measure",
                    models.CharField(
                        choices=[
                            ("oct7-attack-deaths", "Deaths in the 7 October attack"),
                            ("oct7-hostages-taken", "Hostages taken on 7 October"),
                            ("gaza-death-toll", "Death toll in Gaza"),
                        ],
                        max_length=32,
                    ),
                ),
                (
                    "qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "Exactly"),
                            ("more_than", "More than"),
                            ("at_least", "At least"),
                            ("around", "Around"),
                        ],
                        max_length=16,
                    ),
                ),
                ("value", models.PositiveIntegerField()),
                ("summary", models.TextField(blank=True)),
            ],
            options={
                "ordering": ["measure", "date_start", "date_end", "slug"],
                "permissions": [
                    ("publish_reportedfigure", "Can publish and retract reported figures")
                ],
                "indexes": [
                    models.Index(fields=["updated_at", "slug"], name="reportedfigure_by_update"),
                    models.Index(
                        fields=["measure", "date_start", "date_end", "slug"],
                        name="diplomacy_figure_measure",
                    ),
                    models.Index(
                        fields=["date_start", "date_end", "slug"], name="diplomacy_figure_chrono"
                    ),
                    models.Index(
                        diplomacy.ordering.DateSortKey("date_start"),
                        diplomacy.ordering.DateSortKey("date_end"),
                        models.F("slug"),
                        name="figure_oldest_first",
                    ),
                    models.Index(
                        diplomacy.ordering.DateSortKey("date_start", descending=True),
                        diplomacy.ordering.DateSortKey("date_end", descending=True),
                        models.F("slug"),
                        name="figure_newest_first",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "published", "retracted"])),
                        name="diplomacy_reportedfigure_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("status", "retracted"),
                                models.Q(("retraction_reason", ""), _negated=True),
                            ),
                            models.Q(
                                models.Q(("status", "retracted"), _negated=True),
                                ("retraction_reason", ""),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_reportedfigure_retraction_reason",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "measure__in",
                                ["oct7-attack-deaths", "oct7-hostages-taken", "gaza-death-toll"],
                            )
                        ),
                        name="diplomacy_figure_measure_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("qualifier__in", ["exact", "more_than", "at_least", "around"])
                        ),
                        name="diplomacy_figure_qualifier_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_precision__in", ["day", "week", "month", "year", "unknown"])
                        ),
                        name="diplomacy_figure_precision_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("date_precision", "unknown"),
                                ("date_end__isnull", True),
                                ("date_start__isnull", True),
                            ),
                            models.Q(
                                models.Q(("date_precision", "unknown"), _negated=True),
                                ("date_end__isnull", False),
                                ("date_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_figure_dated",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_end__isnull", True),
                            ("date_start__isnull", True),
                            ("date_end__gte", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="diplomacy_figure_dates_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("attestation__in", ["reported", "confirmed", "claimed"])
                        ),
                        name="diplomacy_figure_attestation_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Resolution",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "attestation",
                    models.CharField(
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
                        help_text="'claimed' when it rests on one party's word while the other side is silent or denies it; 'confirmed' when both sides or independent sources report it.",
                        max_length=16,
                    ),
                ),
                (
                    "attestation_note",
                    models.TextField(
                        blank=True, help_text="Why: who says so, and who is silent or denies it."
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120,
                        unique=True,
                        validators=[diplomacy.validation.not_a_route_name],
                    ),
                ),
                (
                    "symbol",
                    models.CharField(
                        blank=True,
                        help_text="Only when a source gives it.",
                        max_length=40,
                        null=True,
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                (
                    "body",
                    models.CharField(
                        choices=[("unsc", "UN Security Council"), ("unga", "UN General Assembly")],
                        max_length=8,
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("adopted", "Adopted"),
                            ("vetoed", "Vetoed"),
                            ("failed", "Failed"),
                            ("pending", "Pending"),
                        ],
                        max_length=16,
                    ),
                ),
                ("summary", models.TextField(blank=True)),
                (
                    "sponsors",
                    models.ManyToManyField(
                        blank=True, related_name="sponsored_resolutions", to="diplomacy.actor"
                    ),
                ),
            ],
            options={
                "ordering": ["date_start", "date_end", "slug"],
                "permissions": [("publish_resolution", "Can publish and retract resolutions")],
                "indexes": [
                    models.Index(
                        fields=["date_start", "date_end", "slug"],
                        name="diplomacy_resolution_chrono",
                    ),
                    models.Index(
                        diplomacy.ordering.DateSortKey("date_start"),
                        diplomacy.ordering.DateSortKey("date_end"),
                        models.F("slug"),
                        name="resolution_oldest_first",
                    ),
                    models.Index(
                        diplomacy.ordering.DateSortKey("date_start", descending=True),
                        diplomacy.ordering.DateSortKey("date_end", descending=True),
                        models.F("slug"),
                        name="resolution_newest_first",
                    ),
                    models.Index(fields=["updated_at", "slug"], name="resolution_by_update"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "published", "retracted"])),
                        name="diplomacy_resolution_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("status", "retracted"),
                                models.Q(("retraction_reason", ""), _negated=True),
                            ),
                            models.Q(
                                models.Q(("status", "retracted"), _negated=True),
                                ("retraction_reason", ""),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_resolution_retraction_reason",
                    ),
                    models.UniqueConstraint(
                        fields=("symbol",), name="diplomacy_resolution_symbol_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("body__in", ["unsc", "unga"])),
                        name="diplomacy_resolution_body_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("outcome__in", ["adopted", "vetoed", "failed", "pending"])
                        ),
                        name="diplomacy_resolution_outcome_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_precision__in", ["day", "week", "month", "year", "unknown"])
                        ),
                        name="diplomacy_resolution_precision_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("date_precision", "unknown"),
                                ("date_end__isnull", True),
                                ("date_start__isnull", True),
                            ),
                            models.Q(
                                models.Q(("date_precision", "unknown"), _negated=True),
                                ("date_end__isnull", False),
                                ("date_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_resolution_dated",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_end__isnull", True),
                            ("date_start__isnull", True),
                            ("date_end__gte", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="diplomacy_resolution_dates_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("attestation__in", ["reported", "confirmed", "claimed"])
                        ),
                        name="diplomacy_resolution_attestation_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalVote",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.CharField(
                        choices=[("yes", "Yes"), ("no", "No"), ("abstain", "Abstain")], max_length=8
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.resolution",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical vote",
                "verbose_name_plural": "historical votes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalStatement",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "attestation",
                    models.CharField(
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
                        help_text="'claimed' when it rests on one party's word while the other side is silent or denies it; 'confirmed' when both sides or independent sources report it.",
                        max_length=16,
                    ),
                ),
                (
                    "attestation_note",
                    models.TextField(
                        blank=True, help_text="Why: who says so, and who is silent or denies it."
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120, validators=[diplomacy.validation.not_a_route_name]
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("quote", "Quote (verbatim words in quotation marks)"),
                            ("paraphrase", "Paraphrase (reported speech)"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="A quote: the exact words between the quotation marks, without the marks. A paraphrase: a short faithful summary."
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.meeting",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.resolution",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical statement",
                "verbose_name_plural": "historical statements",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalResolution_sponsors",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="diplomacy.historicalresolution",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.resolution",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalResolution_sponsors",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Source",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120,
                        unique=True,
                        validators=[diplomacy.validation.not_a_route_name],
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        blank=True,
                        help_text="The headline; empty when the article has none.",
                        max_length=300,
                        null=True,
                    ),
                ),
                (
                    "outlet",
                    models.CharField(
                        blank=True,
                        help_text="Only when the text names it (a dateline, a contributor line).",
                        max_length=120,
                        null=True,
                    ),
                ),
                ("outlet_note", models.TextField(blank=True)),
                (
                    "seed_file",
                    models.CharField(
                        blank=True,
                        help_text="The file in seeds/ for seed articles; empty for articles added by curators.",
                        max_length=200,
                        null=True,
                        unique=True,
                    ),
                ),
                ("sha256", models.CharField(max_length=64)),
                (
                    "text",
                    models.TextField(
                        help_text="The article's full text; citation offsets index into it."
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True, help_text="Only a URL the source itself gives.", null=True
                    ),
                ),
            ],
            options={
                "ordering": ["date_start", "date_end", "slug"],
                "permissions": [("publish_source", "Can publish and retract sources")],
                "indexes": [
                    models.Index(
                        fields=["date_start", "date_end", "slug"], name="diplomacy_source_chrono"
                    ),
                    models.Index(
                        diplomacy.ordering.DateSortKey("date_start"),
                        diplomacy.ordering.DateSortKey("date_end"),
                        models.F("slug"),
                        name="source_oldest_first",
                    ),
                    models.Index(
                        diplomacy.ordering.DateSortKey("date_start", descending=True),
                        diplomacy.ordering.DateSortKey("date_end", descending=True),
                        models.F("slug"),
                        name="source_newest_first",
                    ),
                    models.Index(fields=["updated_at", "slug"], name="source_by_update"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "published", "retracted"])),
                        name="diplomacy_source_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("status", "retracted"),
                                models.Q(("retraction_reason", ""), _negated=True),
                            ),
                            models.Q(
                                models.Q(("status", "retracted"), _negated=True),
                                ("retraction_reason", ""),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_source_retraction_reason",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_precision__in", ["day", "week", "month", "year", "unknown"])
                        ),
                        name="diplomacy_source_precision_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("date_precision", "unknown"),
                                ("date_end__isnull", True),
                                ("date_start__isnull", True),
                            ),
                            models.Q(
                                models.Q(("date_precision", "unknown"), _negated=True),
                                ("date_end__isnull", False),
                                ("date_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_source_dated",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_end__isnull", True),
                            ("date_start__isnull", True),
                            ("date_end__gte", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="diplomacy_source_dates_ordered",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCoverageNote",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "excerpt",
                    models.TextField(help_text="The words marked, copied exactly from the source."),
                ),
                ("start", models.PositiveIntegerField(editable=False)),
                ("end", models.PositiveIntegerField(editable=False)),
                (
                    "mark",
                    models.CharField(
                        choices=[
                            ("headline", "Headline"),
                            ("caption", "Caption"),
                            ("boilerplate", "Boilerplate (site furniture, links, bylines)"),
                            ("background", "Background (context no record needs)"),
                            ("commentary", "Commentary (the outlet's own analysis)"),
                        ],
                        max_length=16,
                    ),
                ),
                ("reason", models.TextField(help_text="Why no record cites these words.")),
                (
                    "seeded",
                    models.BooleanField(
                        default=False,
                        editable=False,
                        help_text="Written by the seed loader, which replaces its own marks on each load.",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical coverage note",
                "verbose_name_plural": "historical coverage notes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="CoverageNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "excerpt",
                    models.TextField(help_text="The words marked, copied exactly from the source."),
                ),
                ("start", models.PositiveIntegerField(editable=False)),
                ("end", models.PositiveIntegerField(editable=False)),
                (
                    "mark",
                    models.CharField(
                        choices=[
                            ("headline", "Headline"),
                            ("caption", "Caption"),
                            ("boilerplate", "Boilerplate (site furniture, links, bylines)"),
                            ("background", "Background (context no record needs)"),
                            ("commentary", "Commentary (the outlet's own analysis)"),
                        ],
                        max_length=16,
                    ),
                ),
                ("reason", models.TextField(help_text="Why no record cites these words.")),
                (
                    "seeded",
                    models.BooleanField(
                        default=False,
                        editable=False,
                        help_text="Written by the seed loader, which replaces its own marks on each load.",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="coverage_notes",
                        to="diplomacy.source",
                    ),
                ),
            ],
            options={
                "ordering": ["source", "start", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "mark__in",
                                ["headline", "caption", "boilerplate", "background", "commentary"],
                            )
                        ),
                        name="diplomacy_coveragenote_mark_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("end__gt", models.F("start"))),
                        name="diplomacy_coveragenote_span",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True),
                        name="diplomacy_coveragenote_reason",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Statement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "attestation",
                    models.CharField(
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
                        help_text="'claimed' when it rests on one party's word while the other side is silent or denies it; 'confirmed' when both sides or independent sources report it.",
                        max_length=16,
                    ),
                ),
                (
                    "attestation_note",
                    models.TextField(
                        blank=True, help_text="Why: who says so, and who is silent or denies it."
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        blank=True, help_text="The earliest day the sources allow.", null=True
                    ),
                ),
                (
                    "date_end",
                    models.DateField(
                        blank=True,
                        help_text="The latest day the sources allow: the same day when they give the day, the month's last day for 'in October'.",
                        null=True,
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "Day"),
                            ("week", "Week"),
                            ("month", "Month"),
                            ("year", "Year"),
                            ("unknown", "Unknown (the source gives no date)"),
                        ],
                        default="unknown",
                        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
                        max_length=8,
                    ),
                ),
                (
                    "date_note",
                    models.TextField(
                        blank=True,
                        help_text="How the dates were established: the phrase, the publication date it was resolved against, what narrows the range, and any disagreement between sources.",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        max_length=120,
                        unique=True,
                        validators=[diplomacy.validation.not_a_route_name],
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("quote", "Quote (verbatim words in quotation marks)"),
                            ("paraphrase", "Paraphrase (reported speech)"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="A quote: the exact words between the quotation marks, without the marks. A paraphrase: a short faithful summary."
                    ),
                ),
                (
                    "search_document",
                    django.contrib.postgres.search.SearchVectorField(
                        editable=False,
                        help_text="PostgreSQL only: the text as a search vector, kept by a database trigger.",
                        null=True,
                    ),
                ),
                (
                    "audience",
                    models.ManyToManyField(
                        blank=True, related_name="addressed_statements", to="diplomacy.actor"
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="statements",
                        to="diplomacy.meeting",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="statements",
                        to="diplomacy.resolution",
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="statements",
                        to="diplomacy.actor",
                    ),
                ),
            ],
            options={
                "ordering": ["date_start", "date_end", "slug"],
                "permissions": [("publish_statement", "Can publish and retract statements")],
                "indexes": [
                    models.Index(
                        fields=["date_start", "date_end", "slug"], name="diplomacy_statement_chrono"
                    ),
                    models.Index(
                        diplomacy.ordering.DateSortKey("date_start"),
                        diplomacy.ordering.DateSortKey("date_end"),
                        models.F("slug"),
                        name="statement_oldest_first",
                    ),
                    models.Index(
                        diplomacy.ordering.DateSortKey("date_start", descending=True),
                        diplomacy.ordering.DateSortKey("date_end", descending=True),
                        models.F("slug"),
                        name="statement_newest_first",
                    ),
                    models.Index(fields=["updated_at", "slug"], name="statement_by_update"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "published", "retracted"])),
                        name="diplomacy_statement_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("status", "retracted"),
                                models.Q(("retraction_reason", ""), _negated=True),
                            ),
                            models.Q(
                                models.Q(("status", "retracted"), _negated=True),
                                ("retraction_reason", ""),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_statement_retraction_reason",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["quote", "paraphrase"])),
                        name="diplomacy_statement_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_precision__in", ["day", "week", "month", "year", "unknown"])
                        ),
                        name="diplomacy_statement_precision_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("date_precision", "unknown"),
                                ("date_end__isnull", True),
                                ("date_start__isnull", True),
                            ),
                            models.Q(
                                models.Q(("date_precision", "unknown"), _negated=True),
                                ("date_end__isnull", False),
                                ("date_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_statement_dated",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_end__isnull", True),
                            ("date_start__isnull", True),
                            ("date_end__gte", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="diplomacy_statement_dates_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("attestation__in", ["reported", "confirmed", "claimed"])
                        ),
                        name="diplomacy_statement_attestation_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalStatement_audience",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="diplomacy.historicalstatement",
                    ),
                ),
                (
                    "statement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.statement",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalStatement_audience",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCitation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "excerpt",
                    models.TextField(
                        help_text="The shortest span of the source that supports the record, copied exactly."
                    ),
                ),
                ("start", models.PositiveIntegerField(editable=False)),
                ("end", models.PositiveIntegerField(editable=False)),
                (
                    "attribution",
                    models.CharField(
                        blank=True,
                        help_text='On whose word the source reports it, as the source words it ("according to China\'s Foreign Ministry", "a senior US official told CNN"); empty when it names nobody: the outlet\'s own reporting.',
                        max_length=300,
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("support", "Support (the excerpt alone establishes the fact)"),
                            (
                                "context",
                                "Context (it frames the fact, and establishes nothing alone)",
                            ),
                        ],
                        default="support",
                        help_text="Support: the excerpt alone establishes the fact. Context: it frames it (what an article says around an event it does not report). Who reported a record (source=, attributed_to=) counts support only.",
                        max_length=8,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "attributed_to",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The actor the attribution credits, when it is one on record.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.meeting",
                    ),
                ),
                (
                    "position",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.position",
                    ),
                ),
                (
                    "figure",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.reportedfigure",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.resolution",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.source",
                    ),
                ),
                (
                    "statement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.statement",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical citation",
                "verbose_name_plural": "historical citations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Citation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "excerpt",
                    models.TextField(
                        help_text="The shortest span of the source that supports the record, copied exactly."
                    ),
                ),
                ("start", models.PositiveIntegerField(editable=False)),
                ("end", models.PositiveIntegerField(editable=False)),
                (
                    "attribution",
                    models.CharField(
                        blank=True,
                        help_text='On whose word the source reports it, as the source words it ("according to China\'s Foreign Ministry", "a senior US official told CNN"); empty when it names nobody: the outlet\'s own reporting.',
                        max_length=300,
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("support", "Support (the excerpt alone establishes the fact)"),
                            (
                                "context",
                                "Context (it frames the fact, and establishes nothing alone)",
                            ),
                        ],
                        default="support",
                        help_text="Support: the excerpt alone establishes the fact. Context: it frames it (what an article says around an event it does not report). Who reported a record (source=, attributed_to=) counts support only.",
                        max_length=8,
                    ),
                ),
                (
                    "attributed_to",
                    models.ForeignKey(
                        blank=True,
                        help_text="The actor the attribution credits, when it is one on record.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attributed_citations",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="diplomacy.meeting",
                    ),
                ),
                (
                    "position",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="diplomacy.position",
                    ),
                ),
                (
                    "figure",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="diplomacy.reportedfigure",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="diplomacy.resolution",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="citations",
                        to="diplomacy.source",
                    ),
                ),
                (
                    "statement",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="diplomacy.statement",
                    ),
                ),
            ],
            options={
                "ordering": ["source", "start", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("pk__in", []),
                            models.Q(
                                ("meeting__isnull", False),
                                ("statement__isnull", True),
                                ("resolution__isnull", True),
                                ("position__isnull", True),
                                ("figure__isnull", True),
                            ),
                            models.Q(
                                ("statement__isnull", False),
                                ("meeting__isnull", True),
                                ("resolution__isnull", True),
                                ("position__isnull", True),
                                ("figure__isnull", True),
                            ),
                            models.Q(
                                ("resolution__isnull", False),
                                ("meeting__isnull", True),
                                ("statement__isnull", True),
                                ("position__isnull", True),
                                ("figure__isnull", True),
                            ),
                            models.Q(
                                ("position__isnull", False),
                                ("meeting__isnull", True),
                                ("statement__isnull", True),
                                ("resolution__isnull", True),
                                ("figure__isnull", True),
                            ),
                            models.Q(
                                ("figure__isnull", False),
                                ("meeting__isnull", True),
                                ("statement__isnull", True),
                                ("resolution__isnull", True),
                                ("position__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_citation_cites_one",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("end__gt", models.F("start"))),
                        name="diplomacy_citation_span",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("attributed_to__isnull", True),
                            models.Q(("attribution", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="diplomacy_citation_attribution_worded",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("role__in", ["support", "context"])),
                        name="diplomacy_citation_role_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Topic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft (curators only)"),
                            ("published", "Published"),
                            ("retracted", "Retracted (withdrawn after publication)"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                (
                    "retraction_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required when retracting: why the record was withdrawn.",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("seed_digest", models.CharField(blank=True, editable=False, max_length=64)),
                ("seeded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "slug",
                    models.SlugField(
                        max_length=80,
                        unique=True,
                        validators=[diplomacy.validation.not_a_route_name],
                    ),
                ),
                ("name", models.CharField(max_length=120)),
                ("description", models.TextField(blank=True)),
            ],
            options={
                "ordering": ["slug"],
                "permissions": [("publish_topic", "Can publish and retract topics")],
                "indexes": [models.Index(fields=["updated_at", "slug"], name="topic_by_update")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "published", "retracted"])),
                        name="diplomacy_topic_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("status", "retracted"),
                                models.Q(("retraction_reason", ""), _negated=True),
                            ),
                            models.Q(
                                models.Q(("status", "retracted"), _negated=True),
                                ("retraction_reason", ""),
                            ),
                            _connector="OR",
                        ),
                        name="diplomacy_topic_retraction_reason",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="statement",
            name="topics",
            field=models.ManyToManyField(
                blank=True, related_name="statements", to="diplomacy.topic"
            ),
        ),
        migrations.AddField(
            model_name="resolution",
            name="topics",
            field=models.ManyToManyField(
                blank=True, related_name="resolutions", to="diplomacy.topic"
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="topics",
            field=models.ManyToManyField(blank=True, related_name="meetings", to="diplomacy.topic"),
        ),
        migrations.CreateModel(
            name="HistoricalStatement_topics",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="diplomacy.historicalstatement",
                    ),
                ),
                (
                    "statement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.statement",
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.topic",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalStatement_topics",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalResolution_topics",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="diplomacy.historicalresolution",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.resolution",
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.topic",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalResolution_topics",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeeting_topics",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="diplomacy.historicalmeeting",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.meeting",
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="diplomacy.topic",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalMeeting_topics",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Vote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.CharField(
                        choices=[("yes", "Yes"), ("no", "No"), ("abstain", "Abstain")], max_length=8
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="votes",
                        to="diplomacy.actor",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="votes",
                        to="diplomacy.resolution",
                    ),
                ),
            ],
            options={
                "ordering": ["resolution", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("resolution", "actor"), name="diplomacy_vote_once"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("position__in", ["yes", "no", "abstain"])),
                        name="diplomacy_vote_position_valid",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_curators_group, remove_curators_group),
        migrations.RunPython(on_postgresql(SEARCH_DOCUMENT), on_postgresql(NO_SEARCH_DOCUMENT)),
    ]
