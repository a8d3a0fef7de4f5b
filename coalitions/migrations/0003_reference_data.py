from django.db import migrations
from django.utils.translation import gettext_noop as _

# Names are stored in English and marked (not translated) here so `make messages` puts them
# in the catalogues; the models show them in the reader's language (ReferenceModel.__str__).

REGIONS = [
    ("africa", _("Africa"), True),
    ("asia_pacific", _("Asia and the Pacific"), True),
    ("latin_america_caribbean", _("Latin America and the Caribbean"), True),
    ("western_asia", _("Western Asia and the Arab States"), True),
    ("europe", _("Europe"), False),
    ("north_america", _("North America"), False),
]
SECTORS = [
    ("civil_society", _("Civil society"),
     "NGOs, community-based and grassroots organizations, networks, trade unions, youth groups", True),
    ("academia", _("Academia"), "Universities, research institutes, think tanks", True),
    ("philanthropy", _("Philanthropy"), "Foundations and philanthropic organizations", True),
    ("private_sector", _("Private sector"), "Businesses and business associations", False),
    ("un_entity", _("UN entity"), "UN agencies, funds, programmes and offices", False),
    ("member_state", _("Member State"), "Governments and permanent missions", False),
    ("local_authority", _("Local authority"),
     "Local and regional governments, parliaments", False),
    ("other", _("Other"), "", False),
]
CONSTITUENCIES = [
    ("women", _("Women")),
    ("children_youth", _("Children and youth")),
    ("indigenous_peoples", _("Indigenous peoples")),
    ("ngos", _("Non-governmental organizations")),
    ("local_authorities", _("Local authorities")),
    ("workers_trade_unions", _("Workers and trade unions")),
    ("farmers", _("Farmers")),
    ("business_industry", _("Business and industry")),
    ("science_technology", _("Scientific and technological community")),
    ("older_persons", _("Older persons")),
    ("local_communities", _("Local communities")),
    ("education_academia", _("Education and academic entities")),
    ("persons_with_disabilities", _("Persons with disabilities")),
    ("volunteer_groups", _("Volunteer groups")),
    ("lgbtqi", _("LGBTQI+ people")),
    ("work_descent_discrimination", _("Communities discriminated on work and descent")),
    ("parliamentarians", _("Parliamentarians")),
    ("philanthropies", _("Philanthropies")),
    ("other", _("Other")),
]
THEMES = [
    ("sustainable_development", _("Sustainable development and financing for development")),
    ("peace_security", _("International peace and security")),
    ("digital_cooperation", _("Science, technology, innovation and digital cooperation")),
    ("youth_future_generations", _("Youth and future generations")),
    ("global_governance", _("Transforming global governance")),
    ("human_rights", _("Human rights")),
    ("climate_environment", _("Climate and environment")),
    ("gender_equality", _("Gender equality")),
    ("justice_rule_of_law", _("Justice and the rule of law")),
    ("health", _("Health")),
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
