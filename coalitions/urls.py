from django.urls import path

from . import views

app_name = "coalitions"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("coalitions/", views.hub, name="hub"),
]
