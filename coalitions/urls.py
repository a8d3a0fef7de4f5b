from . import urls_directory, urls_eoi, urls_hub, urls_review

app_name = "coalitions"
urlpatterns = [
    *urls_eoi.urlpatterns,
    *urls_review.urlpatterns,
    *urls_hub.urlpatterns,
    *urls_directory.urlpatterns,
]
