import datetime

from django.db import migrations

ROLES = ["Filers", "Network reviewers", "Expert reviewers", "Organizers"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    Edition = apps.get_model("impact", "ConferenceEdition")
    Edition.objects.get_or_create(
        slug="un-csc-2024",
        defaults={
            "name": "2024 UN Civil Society Conference",
            "city": "Nairobi",
            "starts_on": datetime.date(2024, 5, 9),
            "ends_on": datetime.date(2024, 5, 10),
            "eoi_deadline": datetime.datetime(2024, 4, 8, 23, 59, 59, tzinfo=datetime.timezone.utc),
            "horizon_date": datetime.date(2024, 9, 22),
            "horizon_label": "Summit of the Future",
            "is_current": True,
            "min_csos": 5,
            "min_regions": 5,
            "min_global_south": 3,
            "min_constituencies": 3,
            "min_plan_words": 25,
            "min_milestones": 2,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
