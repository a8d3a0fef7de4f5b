"""The public hub of published coalitions."""

from django.urls import path

from .views import hub

urlpatterns = [
    path("coalitions/", hub.hub, name="hub"),
]
