"""Demo accounts and the open demo edition, loaded by `manage.py load_demo`."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_noop

from . import roles
from .models import ConferenceEdition, User

DEMO_PASSWORD = "impact-demo-2024"
DEMO_ACCOUNTS = [
    # (e-mail, name, groups, staff): fictional people; a role as a name ("Conference
    # Organizer") would be English text in every language's navigation.
    ("filer@demo.impact-hub.org", "Amina Otieno", [roles.FILERS], False),
    ("coeditor@demo.impact-hub.org", "Lucas Pereira", [roles.FILERS], False),
    ("reviewer@demo.impact-hub.org", "Grace Mwangi", [roles.NETWORK_REVIEWERS], True),
    ("expert@demo.impact-hub.org", "Ana Lucía Rojas", [roles.EXPERT_REVIEWERS], True),
    ("organizer@demo.impact-hub.org", "Samir Haddad", [roles.ORGANIZERS], True),
]


def demo_user(email: str) -> User:
    return User.objects.get(email=email)


def load(stdout=None) -> list[tuple[str, str]]:
    """Create (or refresh) one verified account per role and an edition open for filing."""
    created = []
    for email, name, groups, staff in DEMO_ACCOUNTS:
        user, was_created = User.objects.get_or_create(email=email, defaults={"name": name})
        if was_created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = staff
        user.save()
        user.groups.add(*[Group.objects.get_or_create(name=g)[0] for g in groups])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        created.append((", ".join(groups), email))
    admin = User.objects.filter(email="admin@demo.impact-hub.org").first()
    if admin is None and not User.objects.filter(is_superuser=True).exists():
        admin = User.objects.create_superuser(
            "admin@demo.impact-hub.org", DEMO_PASSWORD, name="Admin"
        )
        EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    if admin is not None:
        created.append(("superuser", admin.email))

    # The 2024 edition's deadline is long past; a demo edition keeps the filing flow usable.
    today = timezone.localdate()
    starts = today + datetime.timedelta(days=60)
    ConferenceEdition.objects.update_or_create(
        slug="demo-open-call",
        defaults={
            "name": "UN Civil Society Conference (demo call)",
            "city": "Nairobi",
            "starts_on": starts,
            "ends_on": starts + datetime.timedelta(days=1),
            "eoi_deadline": timezone.now().replace(hour=23, minute=59, second=0, microsecond=0)
            + datetime.timedelta(days=30),
            "horizon_date": starts + datetime.timedelta(days=135),
            "horizon_label": gettext_noop("the follow-up review"),
            "is_current": True,
        },
    )
    return created
