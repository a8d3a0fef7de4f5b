import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["joinrequest", "coalitionupdate", "milestoneupdate"])
def test_superusers_see_the_hub_records_and_outsiders_do_not(client, outsider, model):
    url = f"/admin/coalitions/{model}/"
    client.force_login(outsider)
    assert client.get(url).status_code == 302  # to the admin log-in: not staff
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(url).status_code == 200


def test_progress_reports_are_read_only_in_the_admin(client, edition, owner):
    from coalitions.hub import progress
    from tests.coalitions.hub.hubdata import published

    coalition = published("Water commons", edition=edition, owner=owner)
    update = progress.report(coalition.work_plan.first(), actor=owner, status="done", note="Held")
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get("/admin/coalitions/milestoneupdate/")
    assert "Water commons" in page.content.decode()
    assert client.get("/admin/coalitions/milestoneupdate/add/").status_code == 403
    url = f"/admin/coalitions/milestoneupdate/{update.pk}/change/"
    client.post(url, {"note": "Rewritten"})
    update.refresh_from_db()
    assert update.note == "Held"
