"""`<time datetime>` values: one filter, valid HTML (at most three digits of a second)."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from impact.models import Notification
from impact.notify import notify
from impact.templatetags.machine import machine


def test_moments_are_utc_to_the_second_and_dates_plain():
    nairobi = datetime.datetime(2024, 5, 10, 16, 0, 5, 508629, tzinfo=ZoneInfo("Africa/Nairobi"))
    assert machine(nairobi) == "2024-05-10T13:00:05Z"
    assert machine(datetime.date(2024, 5, 10)) == "2024-05-10"
    assert machine(None) == ""


@pytest.mark.django_db
def test_the_notifications_page_gives_valid_machine_times(client, owner):
    notify(kind="eoi_submitted", user=owner, context={}, url="/", dedup_key="machine-time")
    assert Notification.objects.filter(recipient=owner).exists()
    client.force_login(owner)
    body = client.get(reverse("notifications")).content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', body)
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s) for s in stamps)
