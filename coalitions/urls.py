from coalitions.organizations import urls as urls_directory

from .filing import urls as urls_eoi
from .hub import urls as urls_hub
from .review import urls as urls_review

app_name = "coalitions"
urlpatterns = [
    *urls_eoi.urlpatterns,
    *urls_review.urlpatterns,
    *urls_hub.urlpatterns,
    *urls_directory.urlpatterns,
]
