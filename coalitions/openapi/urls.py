from django.urls import path

from .operations import api

# /api/v1/…, /api/schema/ (OpenAPI 3.1) and /api/schema/docs/ (its browsable page).
urlpatterns = [path("api/", api.urls)]
