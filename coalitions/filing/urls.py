"""Filer pages (dashboard, EOI form, co-editors) and the JSON API they use."""

from django.urls import path

from .views import actions, api, coediting, eoi, members, versions

urlpatterns = [
    path("dashboard/", eoi.dashboard, name="dashboard"),
    path("proposals/new/", eoi.proposal_new, name="proposal-new"),
    path("proposals/<int:pk>/", eoi.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", eoi.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/submit/", eoi.proposal_submit, name="proposal-submit"),
    path("proposals/<int:pk>/withdraw/", actions.proposal_withdraw, name="proposal-withdraw"),
    path("proposals/members/editor/", members.member_editor, name="member-editor"),
    path("proposals/<int:pk>/members/new/", members.member_new, name="proposal-member-new"),
    path("proposals/<int:pk>/members/<int:org>/", members.member_edit, name="proposal-member"),
    path("proposals/<int:pk>/checklist/", eoi.proposal_checklist, name="proposal-checklist"),
    path("proposals/<int:pk>/export.json", actions.proposal_export, name="proposal-export"),
    path("proposals/<int:pk>/versions/", versions.version_list, name="proposal-versions"),
    path(
        "proposals/<int:pk>/versions/<int:number>/",
        versions.version_detail,
        name="proposal-version",
    ),
    path(
        "proposals/<int:pk>/versions/<int:number>/restore/",
        versions.version_restore,
        name="proposal-version-restore",
    ),
    path("proposals/<int:pk>/invite/", coediting.proposal_invite, name="proposal-invite"),
    path("invitations/<str:token>/", coediting.invitation, name="invitation"),
    path("api/organizations/search/", api.organizations_search, name="api-organizations"),
    path("api/criteria/check", api.criteria_check, name="api-criteria-check"),
]
