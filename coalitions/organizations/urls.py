"""The organization directory, representatives, and partner invitations."""

from django.urls import path

from coalitions.organizations import partner_views as partners
from coalitions.organizations import views as directory

urlpatterns = [
    path("organizations/", directory.organization_list, name="directory"),
    path("organizations/mine/", directory.my_organizations, name="my-organizations"),
    path("organizations/<int:pk>/", directory.organization_detail, name="directory-detail"),
    path("organizations/<int:pk>/claim/", directory.claim, name="directory-claim"),
    path(
        "organizations/claims/<int:pk>/<str:decision>/",
        directory.decide_claim,
        name="directory-decide-claim",
    ),
    path("api/organizations/", directory.organizations_json, name="directory-api"),
    path("proposals/<int:pk>/partners/<int:org>/invite/", partners.invite, name="partner-invite"),
    path(
        "partner-invitations/<int:pk>/<str:answer>/",
        partners.answer,
        name="partner-invitation-answer",
    ),
]
