import datetime

import pytest
from django.utils import timezone

from impact.models import ConferenceEdition


@pytest.mark.django_db
def test_it_says_what_the_portal_is_and_when_the_deadline_is(client, edition):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ImPACT Coalitions" in html
    assert edition.name in html
    assert timezone.localtime(edition.eoi_deadline).strftime("%-d %B %Y") in html
    assert "days left to submit" in html


@pytest.mark.django_db
def test_it_says_the_call_is_closed_after_the_deadline(client, edition):
    edition.eoi_deadline = timezone.now() - datetime.timedelta(days=1)
    edition.save()
    assert "The call for expressions of interest is closed." in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_2024_edition_exists_with_the_criteria_thresholds():
    edition = ConferenceEdition.objects.get(slug="un-csc-2024")
    assert (edition.starts_on, edition.ends_on) == (
        datetime.date(2024, 5, 9),
        datetime.date(2024, 5, 10),
    )
    assert edition.eoi_deadline.date() == datetime.date(2024, 4, 8)
    assert edition.horizon_date == datetime.date(2024, 9, 22)
    assert (
        edition.min_csos,
        edition.min_regions,
        edition.min_global_south,
        edition.min_constituencies,
        edition.min_plan_words,
        edition.min_milestones,
    ) == (5, 5, 3, 3, 25, 2)


@pytest.mark.django_db
def test_only_one_edition_is_current(edition):
    other = ConferenceEdition.objects.get(slug="un-csc-2024")
    other.is_current = True
    other.save()
    edition.refresh_from_db()
    assert not edition.is_current
    assert ConferenceEdition.objects.current() == other


@pytest.mark.django_db
def test_it_speaks_french_when_asked(client, edition):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "fr"
    assert '<html lang="fr">' in response.content.decode()
