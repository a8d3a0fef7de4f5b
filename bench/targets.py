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
REVIEWER_EMAIL = f"reviewer@{BENCH_DOMAIN}"
# Words the generator's texts are made of: a search that matches a realistic share of the hub.
SEARCH = "climate justice"
EOI_MEMBERS = 10
ADMIN_CHANGELIST = "admin:coalitions_proposal_changelist"


def _cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


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
    return user


def eoi_proposal():
    """A draft with exactly `EOI_MEMBERS` members, owned by the bench filer, open for editing.

    The seeded edition's deadline may be long past; a reopened proposal (what organizers grant
    a late filer) gets the editable form, which is the page being measured.
    """
    import datetime

    from django.db.models import Count
    from django.utils import timezone

    from coalitions.enums import ProposalStatus
    from coalitions.models import Proposal
    from impact.models import User

    owner, _ = User.objects.get_or_create(email=OWNER_EMAIL, defaults={"name": "Bench filer"})
    drafts = Proposal.objects.filter(status=ProposalStatus.DRAFT).annotate(n=Count("members"))
    proposal = (
        drafts.filter(owner=owner).first()
        or drafts.filter(n=EOI_MEMBERS).order_by("pk").first()
        or drafts.order_by("-n", "pk").first()
    )
    if proposal is None:
        raise RuntimeError("no draft proposal to measure the EOI form on: seed first")
    proposal.owner = owner
    proposal.reopened_until = timezone.now() + datetime.timedelta(days=30)
    proposal.save(update_fields=["owner", "reopened_until"])
    return proposal


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


def page_targets() -> list[dict]:
    """[{name, path, cookie}], the baseline first, then every page the issue names."""
    from django.urls import reverse
    from django.utils.http import urlencode

    coalition = _published()
    proposal = eoi_proposal()
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
            "name": "EOI form (signed in)",
            "path": reverse("coalitions:proposal-edit", args=[proposal.pk]),
            "cookie": _cookie(proposal.owner),
        },
    ]
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
