"""Organizers set an edition's portfolio targets; reviewers may read them."""

from django.db import migrations

GROUPS = {
    "Organizers": ["add", "change", "delete", "view"],
    "Expert reviewers": ["view"],
    "Network reviewers": ["view"],
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create them now to assign them.
    app_config = apps.get_app_config("coalitions")
    saved = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = saved

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, actions in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="coalitions",
                codename__in=[f"{action}_portfoliotarget" for action in actions],
            )
        )


class Migration(migrations.Migration):
    dependencies = [("coalitions", "0018_portfolio_targets")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
