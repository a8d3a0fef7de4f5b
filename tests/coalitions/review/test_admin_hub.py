import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["joinrequest", "coalitionupdate"])
def test_superusers_see_the_hub_records_and_outsiders_do_not(client, outsider, model):
    url = f"/admin/coalitions/{model}/"
    client.force_login(outsider)
    assert client.get(url).status_code == 302  # to the admin log-in: not staff
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(url).status_code == 200
