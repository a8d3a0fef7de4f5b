from django.db import migrations

REGIONS = [
    ("africa", "Africa", True),
    ("asia_pacific", "Asia and the Pacific", True),
    ("latin_america_caribbean", "Latin America and the Caribbean", True),
    ("western_asia", "Western Asia and the Arab States", True),
    ("europe", "Europe", False),
    ("north_america", "North America", False),
]
SECTORS = [
    ("civil_society", "Civil society",
     "NGOs, community-based and grassroots organizations, networks, trade unions, youth groups", True),
    ("academia", "Academia", "Universities, research institutes, think tanks", True),
    ("philanthropy", "Philanthropy", "Foundations and philanthropic organizations", True),
    ("private_sector", "Private sector", "Businesses and business associations", False),
    ("un_entity", "UN entity", "UN agencies, funds, programmes and offices", False),
    ("member_state", "Member State", "Governments and permanent missions", False),
    ("local_authority", "Local authority",
     "Local and regional governments, parliaments", False),
    ("other", "Other", "", False),
]
CONSTITUENCIES = [
    ("women", "Women"),
    ("children_youth", "Children and youth"),
    ("indigenous_peoples", "Indigenous peoples"),
    ("ngos", "Non-governmental organizations"),
    ("local_authorities", "Local authorities"),
    ("workers_trade_unions", "Workers and trade unions"),
    ("farmers", "Farmers"),
    ("business_industry", "Business and industry"),
    ("science_technology", "Scientific and technological community"),
    ("older_persons", "Older persons"),
    ("local_communities", "Local communities"),
    ("education_academia", "Education and academic entities"),
    ("persons_with_disabilities", "Persons with disabilities"),
    ("volunteer_groups", "Volunteer groups"),
    ("lgbtqi", "LGBTQI+ people"),
    ("work_descent_discrimination", "Communities discriminated on work and descent"),
    ("parliamentarians", "Parliamentarians"),
    ("philanthropies", "Philanthropies"),
    ("other", "Other"),
]
THEMES = [
    ("sustainable_development", "Sustainable development and financing for development"),
    ("peace_security", "International peace and security"),
    ("digital_cooperation", "Science, technology, innovation and digital cooperation"),
    ("youth_future_generations", "Youth and future generations"),
    ("global_governance", "Transforming global governance"),
    ("human_rights", "Human rights"),
    ("climate_environment", "Climate and environment"),
    ("gender_equality", "Gender equality"),
    ("justice_rule_of_law", "Justice and the rule of law"),
    ("health", "Health"),
]


def forwards(apps, schema_editor):
    Region = apps.get_model("coalitions", "Region")
    Sector = apps.get_model("coalitions", "Sector")
    ConstituencyType = apps.get_model("coalitions", "ConstituencyType")
    Theme = apps.get_model("coalitions", "Theme")
    for order, (slug, name, south) in enumerate(REGIONS):
        Region.objects.update_or_create(
            slug=slug, defaults={"name": name, "is_global_south": south, "order": order}
        )
    for order, (slug, name, description, counts) in enumerate(SECTORS):
        Sector.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description,
                      "counts_as_civil_society": counts, "order": order},
        )
    for order, (slug, name) in enumerate(CONSTITUENCIES):
        ConstituencyType.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})
    for order, (slug, name) in enumerate(THEMES):
        Theme.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("coalitions", "0002_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
