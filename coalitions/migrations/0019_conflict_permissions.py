"""Organizers pin and lift conflicts of interest and see the assignment runs in the admin."""

from django.db import migrations

PERMS = {"conflict": ("view", "add", "change", "delete"), "assignmentrun": ("view",)}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("coalitions")
    saved = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = saved
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Organizers")
    codenames = [f"{action}_{model}" for model, actions in PERMS.items() for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="coalitions", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("coalitions", "0018_matched_assignment"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
