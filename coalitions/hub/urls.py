"""The public hub of published coalitions, its open data and the leads' pages."""

from django.urls import path

from . import api as hub_api
from . import overview_views as overview
from . import views as hub
from .exports import open_export
from .feeds import NewCoalitionsAtomFeed, NewCoalitionsFeed

urlpatterns = [
    path("coalitions/", hub.coalition_list, name="hub"),
    path("coalitions/feed/", open_export("rss")(NewCoalitionsFeed()), name="hub-feed"),
    path(
        "coalitions/feed/atom/", open_export("atom")(NewCoalitionsAtomFeed()), name="hub-feed-atom"
    ),
    path("coalitions.csv", open_export("csv")(hub_api.coalitions_csv), name="hub-csv"),
    path("api/coalitions/", open_export("json")(hub_api.coalitions_json), name="hub-api"),
    path("api/coalitions/schema.json", hub_api.coalitions_schema, name="hub-api-schema"),
    path("organizers/coalitions/", overview.progress_overview, name="hub-overview"),
    path("organizers/coalitions/<str:table>.csv", overview.progress_csv, name="hub-overview-csv"),
    path("coalitions/<slug:slug>/", hub.coalition_detail, name="hub-detail"),
    path("coalitions/<slug:slug>/join/", hub.join, name="hub-join"),
    path("coalitions/<slug:slug>/manage/", hub.manage, name="hub-manage"),
    path("coalitions/<slug:slug>/manage/updates/", hub.post_update, name="hub-post-update"),
    path("coalitions/<slug:slug>/manage/work-plan/", hub.edit_work_plan, name="hub-work-plan"),
    path(
        "coalitions/<slug:slug>/manage/milestones/<int:pk>/progress/",
        hub.report_progress,
        name="hub-progress",
    ),
    path(
        "coalitions/<slug:slug>/requests/<int:pk>/<str:decision>/",
        hub.decide,
        name="hub-decide",
    ),
]
