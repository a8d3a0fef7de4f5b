"""Review pages outside the admin: merge consent for leads, the network view, support
requests and the release of held decisions."""

from django.urls import path

from . import assignment_views as assignment
from . import portfolio_views
from . import views as review

urlpatterns = [
    path("review/", review.review_home, name="review-home"),
    path("review/merge-requests/", review.merge_requests, name="merge-requests"),
    path(
        "review/merge-requests/<int:pk>/answer/", review.answer_merge, name="merge-request-answer"
    ),
    path("review/networks/", review.network_view, name="network-view"),
    path("review/support/", review.support_requests, name="support-requests"),
    path("review/support/<int:pk>/", review.support_follow_up, name="support-follow-up"),
    path("review/portfolio/", portfolio_views.portfolio_page, name="portfolio"),
    path("review/portfolio/export.csv", portfolio_views.portfolio_csv, name="portfolio-csv"),
    path("review/decisions/", review.held_decisions, name="held-decisions"),
    path("review/assignment/<int:pk>/", assignment.assignment_run, name="assignment-run"),
    path(
        "review/assignments/<int:pk>/decline/",
        assignment.decline_assignment,
        name="assignment-decline",
    ),
    path("review/profile/", assignment.reviewer_profile, name="reviewer-profile"),
    path("review/profile/conflicts/", assignment.declare_conflict, name="declare-conflict"),
    path("review/proposals/<int:pk>/discussion/", assignment.discussion_thread, name="discussion"),
]
