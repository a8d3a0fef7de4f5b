"""The summary's order and selection form: two organizers saving from pages opened at the same
time do not undo each other silently, and a bad position loses nothing typed."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from summaries.models import SummaryEntry
from tests.factories import TEST_PASSWORD, UserFactory
from tests.summaries.factories import ReportFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _order_url(edition) -> str:
    return reverse("summaries:order", args=[edition.slug])


def _signed_in(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client


def _opened(client, edition) -> dict[str, str]:
    """What the order form sends back unchanged, read from the page as a browser would."""
    page = client.get(reverse("summaries:draft", args=[edition.slug])).content.decode()
    form = page[page.index(_order_url(edition)) :]
    form = form[: form.index("</form>")]
    data = {
        name: value
        for name, value in re.findall(
            r'name="((?:position|order_token)[^"]*)" value="([^"]*)"', form
        )
    }
    data.update({name: "on" for name in re.findall(r'name="(included-\d+)"[^>]*checked', form)})
    return data


@pytest.fixture
def entries(edition, organizer):
    for n in range(3):
        ReportFactory(session=SessionFactory(edition=edition, title=f"Session {n}"))
    _signed_in(organizer).post(reverse("summaries:compile", args=[edition.slug]))
    return {e.session.title: e for e in SummaryEntry.objects.select_related("session")}


@pytest.fixture
def second_organizer(organizer):
    user = UserFactory(email="second.organizer@example.org")
    user.groups.set(organizer.groups.all())
    user.is_staff = organizer.is_staff
    user.save()
    return user


def test_a_stale_save_is_refused_with_the_typed_values_kept(
    edition, organizer, second_organizer, entries
):
    first, second = _signed_in(organizer), _signed_in(second_organizer)
    mine, theirs = _opened(first, edition), _opened(second, edition)
    one, two = entries["Session 1"], entries["Session 2"]
    # The first organizer moves Session 2 first and leaves Session 1 out.
    mine[f"position-{two.pk}"] = "0"
    mine.pop(f"included-{one.pk}")
    assert first.post(_order_url(edition), mine).status_code == 302
    # The second, from a page opened before that, moves Session 1 to the end.
    theirs[f"position-{one.pk}"] = "9"
    response = second.post(_order_url(edition), theirs)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed the order or selection" in page
    assert 'data-testid="order-conflict"' in page and "Session 1" in page
    # Their own choice is still on the page, and nothing of it was written.
    assert f'name="position-{one.pk}" value="9"' in page
    stored = {e.pk: e for e in SummaryEntry.objects.all()}
    assert stored[two.pk].position == 0 and not stored[one.pk].included
    assert stored[one.pk].position == one.position
    # Saving again from that page (its fresh token) applies it on top of the first save.
    again = {
        name: value
        for name, value in re.findall(
            r'name="((?:position|order_token)[^"]*)" value="([^"]*)"', page
        )
    }
    again.update({name: "on" for name in re.findall(r'name="(included-\d+)"[^>]*checked', page)})
    assert second.post(_order_url(edition), again).status_code == 302
    stored = {e.pk: e for e in SummaryEntry.objects.all()}
    assert stored[one.pk].position == 9
    assert stored[two.pk].position == 0


def test_saving_an_unchanged_page_changes_nothing(edition, organizer, entries):
    client = _signed_in(organizer)
    before = list(SummaryEntry.objects.order_by("pk").values("pk", "position", "included"))
    assert client.post(_order_url(edition), _opened(client, edition)).status_code == 302
    after = list(SummaryEntry.objects.order_by("pk").values("pk", "position", "included"))
    assert after == before


def test_a_bad_position_is_shown_next_to_its_field_and_nothing_typed_is_lost(
    edition, organizer, entries
):
    client = _signed_in(organizer)
    data = _opened(client, edition)
    zero, one = entries["Session 0"], entries["Session 1"]
    data[f"position-{zero.pk}"] = "first"
    data[f"position-{one.pk}"] = "7"
    data.pop(f"included-{one.pk}")
    response = client.post(_order_url(edition), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="position-error-{zero.pk}"' in page and "Positions must be whole numbers." in page
    assert f'name="position-{zero.pk}" value="first"' in page
    assert f'name="position-{one.pk}" value="7"' in page
    assert not re.search(rf'name="included-{one.pk}"[^>]*checked', page)
    assert SummaryEntry.objects.get(pk=one.pk).position == one.position


def test_outsiders_cannot_save_the_order(client, edition, outsider, entries):
    client.login(email=outsider.email, password=TEST_PASSWORD)
    entry = entries["Session 0"]
    assert client.post(_order_url(edition), {f"position-{entry.pk}": "5"}).status_code == 403
    assert SummaryEntry.objects.get(pk=entry.pk).position == entry.position
