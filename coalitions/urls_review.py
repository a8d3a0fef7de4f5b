"""Review pages outside the admin (merge consent for leads, network view)."""

urlpatterns: list = []
