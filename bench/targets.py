"""What the benchmark loads: the pages (baseline first), their cookies and their query counts.

Everything here reads the database Django is set up with (the bench's own); signed-in pages get
a real session cookie made in process with the test client's `force_login`, which writes the
session to the same database the server reads, under the same SECRET_KEY.

`python bench/targets.py growth` prints the growth targets as JSON: the growth databases are
not the one the bench process is set up with, so their cookies are made in a child process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

BENCH_DOMAIN = "bench.impact-hub.test"
OWNER_EMAIL = f"filer@{BENCH_DOMAIN}"
# A filer of its own for the 30-member draft, so the 10-member one keeps its owner.
OWNER_30_EMAIL = f"filer30@{BENCH_DOMAIN}"
REVIEWER_EMAIL = f"reviewer@{BENCH_DOMAIN}"
EXPERT_EMAIL = f"expert@{BENCH_DOMAIN}"
PORTFOLIO = "portfolio, two candidates ticked (signed in)"
# Words the generator's texts are made of: a search that matches a realistic share of the hub.
SEARCH = "climate justice"
EOI_MEMBERS = 10
EOI_MEMBERS_LARGE = 30
# The bench filer co-edits this many submitted proposals besides its draft (the dashboard's
# rows) and has this many notifications, one page and a bit (the notifications page).
DASHBOARD_CO_EDITED = 5
NOTIFICATIONS = 30
# A representative of this many organizations (the dashboard's representatives' panel).
REPRESENTED = 50
REPRESENTATIVE_EMAIL = f"representative@{BENCH_DOMAIN}"
DASHBOARD_50 = f"dashboard, representing {REPRESENTED} organizations (signed in)"
ADMIN_CHANGELIST = "admin:coalitions_proposal_changelist"
# The layout of a signed-in page alone: the fixed cost every signed-in page pays.
SIGNED_IN_NOTHING = "signed-in page that does nothing"


def _cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _with_second_factor(user):
    """Reviewers, organizers and staff must have a second factor (impact.second_factor): the
    bench's have an authenticator app, as they would (its code is never asked: the session is
    made with force_login)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def reviewer_user():
    """A network reviewer with access to the admin (made once, kept across runs)."""
    from django.contrib.auth.models import Group

    from impact import roles
    from impact.models import User

    user, _ = User.objects.get_or_create(
        email=REVIEWER_EMAIL, defaults={"name": "Bench reviewer", "is_staff": True}
    )
    group, _ = Group.objects.get_or_create(name=roles.NETWORK_REVIEWERS)
    user.groups.add(group)
    return _with_second_factor(user)


def expert_user():
    """A member of the Expert sub-committee, who weighs the portfolio (made once, kept)."""
    from django.contrib.auth.models import Group

    from impact import roles
    from impact.models import User

    user, _ = User.objects.get_or_create(
        email=EXPERT_EMAIL, defaults={"name": "Bench expert", "is_staff": True}
    )
    group, _ = Group.objects.get_or_create(name=roles.EXPERT_REVIEWERS)
    user.groups.add(group)
    return _with_second_factor(user)


def portfolio_path() -> str:
    """The portfolio of the seeded edition (that of the latest proposal) with two candidates
    ticked (the what-if: the page then tallies the portfolio twice, before and after)."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from coalitions.enums import AWAITING_DECISION
    from coalitions.models import Proposal
    from impact.models import ConferenceEdition

    latest = Proposal.objects.order_by("-pk").values("edition")[:1]
    edition = ConferenceEdition.objects.filter(pk__in=latest).first() or (
        ConferenceEdition.objects.current()
    )
    ticked = Proposal.objects.filter(edition=edition, status__in=AWAITING_DECISION).order_by("pk")
    query = {"edition": edition.slug, "tick": list(ticked.values_list("pk", flat=True)[:2])}
    return f"{reverse('coalitions:portfolio')}?{urlencode(query, doseq=True)}"


def eoi_proposal(members: int = EOI_MEMBERS, email: str = OWNER_EMAIL):
    """A draft with exactly `members` members, owned by the bench filer `email`, open for
    editing (at a tiny scale without such a draft: the largest one not taken by another
    bench filer).

    The seeded edition's deadline may be long past; a reopened proposal (what organizers grant
    a late filer) gets the editable form, which is the page being measured.
    """
    import datetime

    from django.db.models import Count
    from django.utils import timezone

    from coalitions.enums import ProposalStatus
    from coalitions.models import Proposal
    from impact.models import User

    owner, _ = User.objects.get_or_create(email=email, defaults={"name": "Bench filer"})
    drafts = Proposal.objects.filter(status=ProposalStatus.DRAFT).annotate(n=Count("members"))
    free = drafts.exclude(owner__email__endswith=f"@{BENCH_DOMAIN}")
    proposal = (
        drafts.filter(owner=owner).first()
        or free.filter(n=members).order_by("pk").first()
        or free.order_by("-n", "pk").first()
    )
    if proposal is None:
        raise RuntimeError("no draft proposal to measure the EOI form on: seed first")
    proposal.owner = owner
    proposal.reopened_until = timezone.now() + datetime.timedelta(days=30)
    proposal.save(update_fields=["owner", "reopened_until"])
    return proposal


def dashboard_user():
    """The bench filer, co-editing a few submitted proposals beside its own draft."""
    from coalitions.enums import ProposalStatus
    from coalitions.models import Proposal

    owner = eoi_proposal().owner
    if owner.coedited_proposals.count() < DASHBOARD_CO_EDITED:
        submitted = Proposal.objects.filter(status=ProposalStatus.SUBMITTED).order_by("pk")
        owner.coedited_proposals.add(*submitted[:DASHBOARD_CO_EDITED])
    return owner


def representative_user():
    """A bench user confirmed as the representative of `REPRESENTED` civil-society
    organizations of the seeded directory (made once, kept across runs)."""
    from coalitions.enums import RepresentativeState
    from coalitions.models import Organization, Representative
    from impact.models import User

    user, _ = User.objects.get_or_create(
        email=REPRESENTATIVE_EMAIL, defaults={"name": "Bench representative"}
    )
    have = Representative.objects.filter(user=user).count()
    if have < REPRESENTED:
        orgs = Organization.objects.filter(sector__counts_as_civil_society=True).exclude(
            representatives__user=user
        )
        Representative.objects.bulk_create(
            Representative(organization=org, user=user, state=RepresentativeState.CONFIRMED)
            for org in orgs.order_by("pk")[: REPRESENTED - have]
        )
    return user


def notified_user():
    """The bench filer with `NOTIFICATIONS` notifications, a third of them unread."""
    from django.utils import timezone

    from impact.models import Notification

    user = eoi_proposal().owner
    made = Notification.objects.filter(recipient=user, dedup_key__startswith="bench:").count()
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            email=user.email,
            kind="bench",
            subject=f"Bench notification {i}: a proposal you follow changed",
            body_text="A proposal you follow changed.",
            url="/dashboard/" if i % 2 else "",
            dedup_key=f"bench:{user.pk}:{i}",
            state=Notification.State.SENT,
            read_at=None if i % 3 == 0 else timezone.now(),
        )
        for i in range(made, NOTIFICATIONS)
    )
    return user


def _published():
    """A coalition of typical size (the median member count), for the coalition page."""
    from django.db.models import Count

    from coalitions.models import Proposal

    published = Proposal.objects.published().annotate(n=Count("members")).order_by("n", "pk")
    total = published.count()
    if not total:
        raise RuntimeError("no published coalition: seed first")
    return published[total // 2]


def _two_filters() -> str:
    """Region covered and theme: the two facets visitors combine most."""
    from coalitions.models import Region, Theme

    region = Region.objects.order_by("order", "pk").first()
    theme = Theme.objects.order_by("order", "pk").first()
    return f"region={region.slug}&theme={theme.slug}"


def admin_changelist_path() -> str | None:
    """The reviewers' proposal change list, or None while no Proposal admin is registered."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(ADMIN_CHANGELIST)
    except NoReverseMatch:
        return None


def member_page(proposal) -> dict:
    """One member's page of the 10-member draft (the form's page for editing a member alone)."""
    from django.urls import reverse

    member = proposal.members.order_by("pk").first()
    return {
        "name": "single-member page (signed in)",
        "path": reverse("coalitions:proposal-member", args=[proposal.pk, member.organization_id]),
        "cookie": _cookie(proposal.owner),
    }


def page_targets() -> list[dict]:
    """[{name, path, cookie}], the baseline first, then every page the issue names."""
    from django.urls import reverse
    from django.utils.http import urlencode

    coalition = _published()
    proposal = eoi_proposal()
    large = eoi_proposal(EOI_MEMBERS_LARGE, OWNER_30_EMAIL)
    hub = reverse("coalitions:hub")
    targets = [
        {"name": "baseline", "path": "/bench/baseline", "cookie": ""},
        {"name": "home", "path": reverse("home"), "cookie": ""},
        {"name": "hub list", "path": hub, "cookie": ""},
        {"name": "hub search", "path": f"{hub}?{urlencode({'q': SEARCH})}", "cookie": ""},
        {"name": "hub two filters", "path": f"{hub}?{_two_filters()}", "cookie": ""},
        {
            "name": "coalition page",
            "path": reverse("coalitions:hub-detail", args=[coalition.public_slug]),
            "cookie": "",
        },
        {
            "name": "EOI form, 10 members (signed in)",
            "path": reverse("coalitions:proposal-edit", args=[proposal.pk]),
            "cookie": _cookie(proposal.owner),
        },
        {
            "name": "EOI form, 30 members (signed in)",
            "path": reverse("coalitions:proposal-edit", args=[large.pk]),
            "cookie": _cookie(large.owner),
        },
        member_page(proposal),
        {"name": SIGNED_IN_NOTHING, "path": "/bench/signed-in", "cookie": _cookie(proposal.owner)},
        {
            "name": "dashboard (signed in)",
            "path": reverse("coalitions:dashboard"),
            "cookie": _cookie(dashboard_user()),
        },
        {
            "name": DASHBOARD_50,
            "path": reverse("coalitions:dashboard"),
            "cookie": _cookie(representative_user()),
        },
        {
            "name": "notifications (signed in)",
            "path": reverse("notifications"),
            "cookie": _cookie(notified_user()),
        },
    ]
    targets.append({"name": PORTFOLIO, "path": portfolio_path(), "cookie": _cookie(expert_user())})
    admin = admin_changelist_path()
    if admin:
        targets.append(
            {
                "name": "admin change list (signed in)",
                "path": admin,
                "cookie": _cookie(reviewer_user()),
            }
        )
    return targets


def _growth_targets_here() -> list[dict]:
    """The pages whose latency must not grow with the data, for the database set up here."""
    from django.urls import reverse

    hub = reverse("coalitions:hub")
    targets = [
        # What visitors get: the anonymous list, cached in Redis.
        {"name": "hub list", "path": hub, "cookie": ""},
        # The same list built for a signed-in visitor: no cache, so the queries are measured.
        {"name": "hub list (signed in)", "path": hub, "cookie": _cookie(reviewer_user())},
    ]
    admin = admin_changelist_path()
    if admin:
        targets.append(
            {"name": "admin change list", "path": admin, "cookie": _cookie(reviewer_user())}
        )
    return targets


def growth_targets(env: dict) -> list[dict]:
    """The growth targets for the database `env` points at (made in a child process)."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "growth"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"growth targets failed:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def count_queries(target: dict) -> int:
    """Queries one request of `target` runs in the steady state (caches warm).

    The test client sends the target's cookie; a response other than 200 is an error, so a
    broken page never passes for a fast one.
    """
    from http.cookies import SimpleCookie

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    if target.get("cookie"):
        cookie = SimpleCookie()
        cookie.load(target["cookie"])
        for key, morsel in cookie.items():
            client.cookies[key] = morsel.value
    for _ in range(2):  # warm: the page cache, the reference cache, the session
        response = client.get(target["path"], secure=True)
        if response.status_code != 200:
            raise RuntimeError(
                f"{target['name']}: GET {target['path']} answered {response.status_code}"
            )
    with CaptureQueriesContext(connection) as captured:
        client.get(target["path"], secure=True)
    return len(captured.captured_queries)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impact.settings")
    import django

    django.setup()
    if sys.argv[1:] == ["growth"]:
        print(json.dumps(_growth_targets_here()))
    else:
        print(json.dumps(page_targets(), indent=2))
