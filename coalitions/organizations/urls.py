"""The organization directory, representatives, and partner invitations."""

from django.urls import path

from coalitions.organizations import details_views as details
from coalitions.organizations import partner_views as partners
from coalitions.organizations import views as directory

urlpatterns = [
    path("organizations/", directory.organization_list, name="directory"),
    path("organizations/mine/", directory.my_organizations, name="my-organizations"),
    path("organizations/<int:pk>/", directory.organization_detail, name="directory-detail"),
    path("organizations/<int:pk>/claim/", directory.claim, name="directory-claim"),
    path(
        "organizations/<int:pk>/coalitions-to-help/",
        directory.coalitions_to_help,
        name="directory-to-help",
    ),
    path(
        "organizations/claims/<int:pk>/<str:decision>/",
        directory.decide_claim,
        name="directory-decide-claim",
    ),
    path("organizations/<int:pk>/edit/", details.edit, name="organization-edit"),
    path("organizations/<int:pk>/name/", details.name_listing, name="organization-name-listing"),
    path(
        "organizations/<int:pk>/history/", details.organization_history, name="organization-history"
    ),
    path("organizations/corrections/", details.correction_list, name="organization-corrections"),
    path(
        "organizations/corrections/<int:pk>/<str:decision>/",
        details.decide_correction,
        name="organization-decide-correction",
    ),
    path("api/organizations/", directory.organizations_json, name="directory-api"),
    path("proposals/<int:pk>/partners/<int:org>/invite/", partners.invite, name="partner-invite"),
    path(
        "partner-invitations/<int:pk>/<str:answer>/",
        partners.answer,
        name="partner-invitation-answer",
    ),
]
