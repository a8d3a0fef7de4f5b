"""Factories for sessions and reports."""

from __future__ import annotations

import datetime

import factory

from summaries.enums import ReportStatus, SessionFormat, SessionKind
from summaries.models import Session, SessionReport
from tests.factories import EditionFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Session {n:03d}")
    kind = SessionKind.WORKSHOP
    date = factory.LazyAttribute(lambda o: o.edition.starts_on)
    starts_at = datetime.time(10, 0)
    ends_at = datetime.time(11, 30)
    room = "CR-1"
    format = SessionFormat.IN_PERSON

    @factory.post_generation
    def organizers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizers.add(*extracted)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionReport

    session = factory.SubFactory(SessionFactory)
    key_messages = factory.LazyAttribute(lambda o: f"Key message of {o.session.title}.")
    recommendations = factory.LazyAttribute(lambda o: f"Recommendation of {o.session.title}.")
    next_steps = factory.LazyAttribute(lambda o: f"Next step of {o.session.title}.")
    status = ReportStatus.ACCEPTED
