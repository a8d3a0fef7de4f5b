"""Leads report progress on milestones: who may, what is kept, what the pages show."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coalitions.enums import Activity, MilestoneStatus, ProposalStatus
from coalitions.models import MilestoneUpdate, ProposalEvent, WorkPlanItem
from tests.coalitions.hub.hubdata import published
from tests.factories import ProposalFactory, WorkPlanItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition(edition, owner, coeditor):
    coalition = published("Water commons", members=3, edition=edition, owner=owner)
    coalition.editors.add(coeditor)
    return coalition


def progress_url(coalition, milestone) -> str:
    return reverse("coalitions:hub-progress", args=[coalition.public_slug, milestone.pk])


def detail_url(coalition) -> str:
    return reverse("coalitions:hub-detail", args=[coalition.public_slug])


def first_milestone(coalition) -> WorkPlanItem:
    return coalition.work_plan.order_by("date", "pk").first()


def post(client, coalition, milestone, **fields):
    data = {
        "status": fields.pop("status", MilestoneStatus.DONE),
        "happened_on": fields.pop("happened_on", timezone.localdate().isoformat()),
        "note": fields.pop("note", ""),
        "evidence_url": fields.pop("evidence_url", ""),
    }
    prefixed = {f"m{milestone.pk}-{name}": value for name, value in data.items()}
    return client.post(progress_url(coalition, milestone), prefixed)


def test_it_records_a_leads_report_with_its_history(client, coalition, coeditor):
    milestone = first_milestone(coalition)
    client.force_login(coeditor)
    response = post(
        client,
        coalition,
        milestone,
        status=MilestoneStatus.IN_PROGRESS,
        note="Consultations held in Nairobi and Quito",
        evidence_url="example.org/report",
    )
    assert response.status_code == 302
    response = post(client, coalition, milestone, note="Report published")
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DONE and milestone.updated_at is not None
    first, second = MilestoneUpdate.objects.filter(milestone=milestone).order_by("pk")
    assert (first.previous_status, first.status) == ("planned", "in_progress")
    assert first.evidence_url == "https://example.org/report"
    assert (second.previous_status, second.status, second.author) == (
        "in_progress",
        "done",
        coeditor,
    )
    assert (
        ProposalEvent.objects.filter(proposal=coalition, action="milestone_progress").count() == 2
    )
    coalition.refresh_from_db()
    assert coalition.activity == Activity.ACTIVE
    assert coalition.last_report_at == second.created_at


def test_the_public_page_shows_statuses_horizon_and_history(client, coalition, owner):
    milestone = first_milestone(coalition)
    assert "Planned" in client.get(detail_url(coalition)).content.decode()  # cached now
    client.force_login(owner)
    post(client, coalition, milestone, note="Kick-off held with 40 organizations")
    client.logout()
    html = client.get(detail_url(coalition)).content.decode()
    assert "Kick-off held with 40 organizations" in html  # the cached page was dropped
    assert 'data-testid="milestone-status">Done<' in html
    assert 'data-testid="horizon"' in html and "the review summit" in html
    assert "Activity: Active" in html
    # The horizon sits between the milestones before it and those after it.
    horizon_at = html.index('data-testid="horizon"')
    steps = [i for i in range(len(html)) if html.startswith('data-testid="milestone"', i)]
    dates = list(coalition.work_plan.order_by("date").values_list("date", flat=True))
    before = sum(d <= coalition.edition.horizon_date for d in dates)
    assert all(i < horizon_at for i in steps[:before]) and all(
        i > horizon_at for i in steps[before:]
    )


def test_leads_can_add_milestones_after_publication_and_report_on_them(client, coalition, owner):
    client.force_login(owner)
    data = {
        "plan-TOTAL_FORMS": "1",
        "plan-INITIAL_FORMS": "0",
        "plan-0-date": "2031-03-01",
        "plan-0-title": "Follow-up dialogue",
        "plan-0-description": "",
    }
    url = reverse("coalitions:hub-work-plan", args=[coalition.public_slug])
    assert client.post(url, data).status_code == 302
    added = coalition.work_plan.get(title="Follow-up dialogue")
    assert added.status == MilestoneStatus.PLANNED
    assert post(client, coalition, added, status=MilestoneStatus.IN_PROGRESS).status_code == 302
    added.refresh_from_db()
    assert added.status == MilestoneStatus.IN_PROGRESS


def test_outsiders_may_not_report_progress(client, coalition, outsider):
    milestone = first_milestone(coalition)
    client.force_login(outsider)
    assert post(client, coalition, milestone, note="Not mine").status_code == 403
    assert (
        client.get(reverse("coalitions:hub-manage", args=[coalition.public_slug])).status_code
        == 403
    )
    assert not MilestoneUpdate.objects.exists()
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PLANNED


def test_anonymous_visitors_are_sent_to_sign_in(client, coalition):
    response = post(client, coalition, first_milestone(coalition), note="Hello")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not MilestoneUpdate.objects.exists()


def test_a_milestone_of_another_coalition_is_404(client, coalition, owner, edition):
    other = published("Other coalition", edition=edition, owner=owner)
    client.force_login(owner)
    assert post(client, coalition, first_milestone(other), note="Wrong").status_code == 404
    assert not MilestoneUpdate.objects.exists()


def test_a_coalition_not_published_is_404_even_to_its_owner(client, owner, edition):
    draft = ProposalFactory(owner=owner, edition=edition, public_slug="was-public")
    milestone = WorkPlanItemFactory(proposal=draft)
    draft.status = ProposalStatus.WITHDRAWN
    draft.save()
    client.force_login(owner)
    assert post(client, draft, milestone, note="Still here").status_code == 404


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"status": MilestoneStatus.PLANNED}, "note", "Change the status or say what happened."),
        ({"evidence_url": "not a link at all"}, "evidence_url", "Enter a valid URL."),
        ({"status": "finished"}, "status", "Select a valid choice."),
        (
            {"happened_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            "happened_on",
            "The date cannot be in the future.",
        ),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_typed_is_lost(
    client, coalition, owner, fields, field, message
):
    milestone = first_milestone(coalition)
    client.force_login(owner)
    typed = {"note": "A careful note", **fields} if field != "note" else fields
    response = post(client, coalition, milestone, **typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'data-testid="error-{field}">{message}' in html
    if field != "note":
        assert 'value="A careful note"' in html
    assert not MilestoneUpdate.objects.exists()


def test_a_milestone_with_progress_reports_cannot_be_removed(client, coalition, owner):
    milestone = first_milestone(coalition)
    client.force_login(owner)
    post(client, coalition, milestone, note="Held")
    items = list(coalition.work_plan.order_by("date", "pk"))
    data = {"plan-TOTAL_FORMS": str(len(items)), "plan-INITIAL_FORMS": str(len(items))}
    for i, item in enumerate(items):
        data.update(
            {
                f"plan-{i}-id": str(item.pk),
                f"plan-{i}-date": item.date.isoformat(),
                f"plan-{i}-title": item.title,
                f"plan-{i}-description": "",
                f"plan-{i}-DELETE": "on",
            }
        )
    url = reverse("coalitions:hub-work-plan", args=[coalition.public_slug])
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "has progress reports and cannot be removed: mark it dropped instead." in html
    assert coalition.work_plan.count() == len(items)  # nothing removed, not even the other
    assert MilestoneUpdate.objects.filter(milestone=milestone).count() == 1
