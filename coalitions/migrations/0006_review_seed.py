"""Seed the reviewing bodies and give the role groups the model permissions they use.

The network names are descriptive defaults; organizers rename them in the admin
(Networks) to the organizations that actually convene each network.
"""

from django.utils.translation import gettext_noop as _
from django.db import migrations

# The names are marked for the catalogues (Network.__str__ translates them).
NETWORKS = [
    # (slug, name, kind, description, order)
    ("global-ngo-network", _("Global NGO network"), "network",
     "A worldwide network of non-governmental organizations.", 1),
    ("regional-networks", _("Regional civil-society networks"), "network",
     "Networks of civil-society organizations in each UN region.", 2),
    ("youth-intergenerational-network", _("Youth and intergenerational network"), "network",
     "Youth-led and intergenerational organizations.", 3),
    ("global-governance-network", _("Global governance reform network"), "network",
     "Organizations working on the reform of global institutions.", 4),
    ("expert-sub-committee", _("Expert sub-committee"), "expert",
     "The conference's sub-committee of independent experts.", 5),
]

READ = ["view"]
ALL = ["add", "change", "delete", "view"]
REVIEWER_PERMS = {
    "proposal": ["view", "change"],
    "proposalmember": READ,
    "workplanitem": READ,
    "contact": READ,
    "proposalevent": READ,
    "proposalversion": READ,
    "organization": READ,
    "region": READ,
    "sector": READ,
    "constituencytype": READ,
    "theme": READ,
    "network": READ,
    "reviewer": READ,
    "assignment": READ,
    "review": ["add", "change", "view"],
    "mergesuggestion": ["view", "change"],
    "mergerequest": ["add", "view"],
    "mergeconsent": READ,
    "mergedtext": READ,
    "supportfollowup": ["add", "change", "view"],
}
ORGANIZER_MODELS = [
    "proposal", "proposalmember", "workplanitem", "contact", "proposalevent", "proposalversion",
    "organization", "region", "sector", "constituencytype", "theme", "network", "reviewer",
    "assignment", "review", "mergesuggestion", "mergerequest", "mergeconsent", "mergedtext",
    "supportfollowup",
]
GROUPS = {
    "Network reviewers": REVIEWER_PERMS,
    "Expert reviewers": REVIEWER_PERMS,
    "Organizers": {model: ALL for model in ORGANIZER_MODELS},
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Network = apps.get_model("coalitions", "Network")
    for slug, name, kind, description, order in NETWORKS:
        Network.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "description": description, "order": order},
        )

    # Permissions are normally created after all migrations; create them now to assign them.
    app_config = apps.get_app_config("coalitions")
    saved = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = saved

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [f"{action}_{model}" for model, actions in perms.items() for action in actions]
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="coalitions", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("coalitions", "0005_review_models"),
        ("impact", "0002_roles_and_2024_edition"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
