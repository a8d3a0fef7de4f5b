"""RSS and Atom feeds of newly published coalitions (the list's filters apply).

A filter the list would refuse (an unknown region, theme or sort) is a 400 naming the field, as
the JSON and the CSV answer, never a feed of every coalition that looks like the answer."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from impact.sites import absolute

from ..models import Proposal
from .filters import CoalitionFilter

FEED_SIZE = 30


class NewCoalitionsFeed(Feed):
    title = _("New ImPACT Coalitions")
    description = _("Coalitions newly published in the ImPACT Hub.")

    # Links are absolute from SITE_URL, whatever host the request came in on.
    def link(self) -> str:
        return absolute(reverse("coalitions:hub"))

    def __call__(self, request, *args, **kwargs):
        filterset = CoalitionFilter(request.GET, queryset=Proposal.objects.none())
        if filterset.is_bound and not filterset.is_valid():
            lines = [f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items()]
            return HttpResponseBadRequest(
                "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
            )
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        # The feed of a search: same filters as the list, newest first.
        params = request.GET.copy()
        params["sort"] = "newest"
        return CoalitionFilter(
            params,
            queryset=Proposal.objects.published()
            .exclude(published_at=None)
            .prefetch_related("themes"),
        )

    def items(self, filterset):
        return filterset.qs[:FEED_SIZE]

    def item_title(self, item: Proposal) -> str:
        return item.title

    def item_description(self, item: Proposal) -> str:
        # Descriptions are HTML to feed readers; the summary is plain text.
        activity = _("Activity: %(status)s.") % {"status": item.get_activity_display()}
        text = Truncator(item.summary or item.principles).chars(500)
        return escape(f"{activity} {text}".strip())

    def item_link(self, item: Proposal) -> str:
        return absolute(reverse("coalitions:hub-detail", args=[item.public_slug]))

    def item_pubdate(self, item: Proposal):
        return item.published_at

    def item_categories(self, item: Proposal) -> list[str]:
        # The activity as a category too, so feed readers can filter on it.
        return [str(item.get_activity_display()), *(str(theme) for theme in item.themes.all())]


class NewCoalitionsAtomFeed(NewCoalitionsFeed):
    feed_type = Atom1Feed
    subtitle = NewCoalitionsFeed.description
