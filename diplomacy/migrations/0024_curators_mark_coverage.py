"""Curators may mark what of a source needs no record (coverage notes), and name a
statement's audience and a resolution's sponsors: their group's permissions predated
these models."""

from django.db import migrations

CHILDREN = {"coveragenote": "coverage note", "addressee": "addressee", "sponsorship": "sponsorship"}
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name="curators").first()
    if group is None:
        return
    for model, verbose_name in CHILDREN.items():
        # Permissions are normally created after all migrations: made here when missing.
        kind, _ = ContentType.objects.get_or_create(app_label="diplomacy", model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=kind,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="curators").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="diplomacy",
                codename__in=[f"{a}_{m}" for m in CHILDREN for a in ACTIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("diplomacy", "0023_dateline_mark"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
