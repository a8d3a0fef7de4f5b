"""The filer pages' addresses (with the late-submission token when there is one)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from ...models import Proposal


def edit_url(proposal: Proposal, *, late: str = "", add: str = "", check: str = "") -> str:
    query = {k: v for k, v in (("late", late), ("add", add), ("check", check)) if v}
    url = reverse("coalitions:proposal-edit", args=[proposal.pk])
    if not query:
        return url
    return f"{url}?{urlencode(query)}" + (f"#{add}" if add else "")


def member_new_url(proposal: Proposal, *, late: str = "") -> str:
    url = reverse("coalitions:proposal-member-new", args=[proposal.pk])
    return f"{url}?{urlencode({'late': late})}" if late else url


def member_url(proposal: Proposal, org: int, *, late: str = "") -> str:
    url = reverse("coalitions:proposal-member", args=[proposal.pk, org])
    return f"{url}?{urlencode({'late': late})}" if late else url
