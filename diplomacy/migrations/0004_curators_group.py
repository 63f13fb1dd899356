"""The "curators" group: may add and change every curated record, not delete or publish."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED = ["actor", "position", "reportedfigure", "meeting", "resolution", "source", "statement", "topic"]
CHILDREN = ["participation", "vote", "citation"]


def create_curators_group(apps, schema_editor):
    # Permissions are normally created after all migrations; this group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="curators")
    codenames = [f"{action}_{model}" for model in CURATED for action in ("add", "change", "view")]
    codenames += [f"{action}_{model}" for model in CHILDREN for action in ("add", "change", "delete", "view")]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="diplomacy", codename__in=codenames)
    )


def remove_curators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="curators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("diplomacy", "0003_curation_status_and_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curators_group, remove_curators_group)]
