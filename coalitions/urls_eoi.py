"""Filer pages: the dashboard and the EOI form."""

from django.urls import path

from .views import eoi

urlpatterns = [
    path("dashboard/", eoi.dashboard, name="dashboard"),
    path("proposals/<int:pk>/", eoi.proposal_detail, name="proposal-detail"),
]
