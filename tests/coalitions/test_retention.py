"""Contact details of declined proposals are erased a configurable time after their edition
ends; nothing else is, and a second run changes nothing."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from coalitions import retention, tasks
from coalitions.enums import ProposalStatus
from coalitions.filing.versions import snapshot
from coalitions.models import Contact
from tests.factories import ContactFactory, EditionFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def _edition(slug: str, ended_days_ago: int):
    ends = timezone.localdate() - datetime.timedelta(days=ended_days_ago)
    return EditionFactory(
        slug=slug,
        starts_on=ends - datetime.timedelta(days=1),
        ends_on=ends,
        eoi_deadline=timezone.now() - datetime.timedelta(days=ended_days_ago + 30),
        horizon_date=ends + datetime.timedelta(days=100),
        is_current=False,
    )


def _proposal(edition, status):
    proposal = ProposalFactory(edition=edition, status=status)
    ContactFactory(proposal=proposal, name="Amina Contact", email="amina@example.org")
    snapshot(proposal, actor=None)
    return proposal


def test_declined_contacts_erased_after_the_period_only(settings, caplog):
    settings.RETENTION_DECLINED_CONTACTS_DAYS = 90
    old = _edition("old", ended_days_ago=91)
    recent = _edition("recent", ended_days_ago=89)
    due = _proposal(old, ProposalStatus.DECLINED)
    too_recent = _proposal(recent, ProposalStatus.DECLINED)
    kept_status = _proposal(old, ProposalStatus.SHORTLISTED)
    assert due.versions.get().data["contacts"]

    with caplog.at_level(logging.INFO, logger="coalitions.retention"):
        assert retention.erase_declined_contacts() == 1
    assert not Contact.objects.filter(proposal=due).exists()
    assert due.versions.get().data["contacts"] == []
    assert due.versions.get().data["title"] == due.title  # the rest of the copy stays
    assert f"declined proposal {due.pk} erased" in caplog.text
    for kept in (too_recent, kept_status):
        assert Contact.objects.filter(proposal=kept).count() == 1
        assert kept.versions.get().data["contacts"]

    # Idempotent: nothing left to do, nothing logged.
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="coalitions.retention"):
        assert retention.erase_declined_contacts() == 0
    assert "erased" not in caplog.text


def test_the_period_is_configurable(settings):
    settings.RETENTION_DECLINED_CONTACTS_DAYS = 10
    proposal = _proposal(_edition("old", ended_days_ago=11), ProposalStatus.DECLINED)
    assert tasks.erase_declined_contacts.apply().get() == 1
    assert not Contact.objects.filter(proposal=proposal).exists()


def test_the_job_runs_nightly_from_beat():
    entry = django_settings.CELERY_BEAT_SCHEDULE["coalitions-erase-declined-contacts"]
    assert entry["task"] == tasks.erase_declined_contacts.name
