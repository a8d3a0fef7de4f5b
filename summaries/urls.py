from django.urls import path

from .views import draft, organizers, reports, sessions

app_name = "summaries"
urlpatterns = [
    path("sessions/", reports.my_sessions, name="my-sessions"),
    path("sessions/calendar.ics", sessions.my_sessions_ics, name="my-sessions-ics"),
    path("sessions/<int:pk>/", sessions.detail, name="session"),
    path("sessions/<int:pk>/calendar.ics", sessions.session_ics, name="session-ics"),
    path("sessions/<int:pk>/report/", reports.report, name="report"),
    path("sessions/<int:pk>/report/accept/", reports.accept, name="report-accept"),
    path("sessions/<int:pk>/report/return/", reports.return_report, name="report-return"),
    path("organizers/", organizers.start, name="start"),
    path("organizers/summaries/", organizers.index, name="index"),
    path("organizers/summaries/<slug:slug>/", organizers.edition, name="edition"),
    path("organizers/summaries/<slug:slug>/late/", organizers.late, name="late"),
    path("organizers/summaries/<slug:slug>/late/remind/", organizers.remind, name="remind"),
    path("organizers/summaries/<slug:slug>/sessions/new/", sessions.create, name="session-create"),
    path(
        "organizers/summaries/<slug:slug>/sessions/<int:pk>/edit/",
        sessions.edit,
        name="session-edit",
    ),
    path(
        "organizers/summaries/<slug:slug>/programme/",
        organizers.import_sessions,
        name="import",
    ),
    path("organizers/summaries/<slug:slug>/summary/", draft.draft, name="draft"),
    path("organizers/summaries/<slug:slug>/summary/compile/", draft.compile_view, name="compile"),
    path("organizers/summaries/<slug:slug>/summary/order/", draft.save_order, name="order"),
    path(
        "organizers/summaries/<slug:slug>/summary/entries/<int:pk>/",
        draft.edit_entry,
        name="entry",
    ),
    path("organizers/summaries/<slug:slug>/summary/export/", draft.export, name="export"),
    path("organizers/summaries/exports/<int:pk>/download/", draft.download, name="download"),
]
