"""The criteria stored on proposals follow the tables they are computed from
(`coalitions.derived`): organizations, memberships, reference data, editions' thresholds.

The signals queue a recompute after commit (`django_capture_on_commit_callbacks` stands for
the commit); Celery runs eagerly in the test settings, so the task runs there and then.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalitions.criteria_bridge import forget_reference, refresh_criteria
from coalitions.derived import queue
from coalitions.enums import ProposalStatus
from coalitions.models import (
    ConstituencyType,
    Organization,
    Proposal,
    ProposalMember,
    Region,
    Sector,
)
from impact.models import ConferenceEdition, Notification
from tests.coalitions.derived_helpers import eligible_proposal, stale_and_live
from tests.factories import EditionFactory, OrganizationFactory, ProposalFactory, region

pytestmark = pytest.mark.django_db

REGIONS = ["africa", "asia_pacific", "latin_america_caribbean", "europe", "north_america"]
SECTORS = ["civil_society", "academia", "private_sector"]
TYPES = ["women", "ngos", "children_youth", "farmers"]
THRESHOLDS = ["min_csos", "min_regions", "min_global_south", "min_constituencies"]
EDITIONS = ["test-conference", "second-conference"]
PROPOSALS = 4
ORGS = 6


@pytest.fixture
def world(edition):
    """Two editions; four proposals (three in the first) near the thresholds; six spare
    organizations to join and leave; a merged proposal whose report is history."""
    second = EditionFactory(slug=EDITIONS[1], name="Second Conference", is_current=False)
    for i in range(PROPOSALS):
        eligible_proposal(edition if i < 3 else second, f"Proposal {i}")
    merged = eligible_proposal(edition, "Merged away", status=ProposalStatus.MERGED)
    for i in range(ORGS):
        OrganizationFactory(name=f"Spare {i}", region=region(REGIONS[i % 5]), constituencies=[])
    return {
        "proposals": list(Proposal.objects.exclude(pk=merged.pk).order_by("pk")),
        "organizations": list(Organization.objects.order_by("pk").values_list("pk", flat=True)),
        "merged": merged,
    }


# --- the property: any sequence of changes leaves no stored criteria stale -------------------

ORG = st.integers(0, 29)  # an index into every organization (members and spares)
PROPOSAL = st.integers(0, PROPOSALS - 1)
CHANGE = st.one_of(
    st.tuples(st.just("country"), ORG, st.sampled_from(["KE", "IN", "PE", "FR", "US", ""])),
    st.tuples(st.just("region"), ORG, st.sampled_from(REGIONS)),
    st.tuples(st.just("sector"), ORG, st.sampled_from(SECTORS)),
    st.tuples(st.just("constituencies"), ORG, st.sets(st.sampled_from(TYPES), max_size=3)),
    st.tuples(st.just("gains"), ORG, st.sampled_from(TYPES)),
    st.tuples(st.just("global"), ORG, st.booleans()),
    st.tuples(st.just("join"), ORG, PROPOSAL),
    st.tuples(st.just("leave"), ORG, PROPOSAL),
    st.tuples(st.just("south"), st.sampled_from(REGIONS), st.booleans()),
    st.tuples(st.just("cso"), st.sampled_from(SECTORS), st.booleans()),
    st.tuples(
        st.just("threshold"),
        st.sampled_from(EDITIONS),
        st.sampled_from(THRESHOLDS),
        st.integers(0, 6),
    ),
    st.tuples(st.just("horizon"), st.sampled_from(EDITIONS), st.integers(-200, 200)),
)
# Each inner list is one transaction: what it queues goes to one task.
TRANSACTIONS = st.lists(st.lists(CHANGE, min_size=1, max_size=4), min_size=1, max_size=4)


def apply(world, change) -> None:
    kind, *args = change
    if kind in ("country", "region", "sector", "constituencies", "gains", "global"):
        pks = world["organizations"]
        change_organization(Organization.objects.get(pk=pks[args[0] % len(pks)]), kind, args[1])
    elif kind in ("join", "leave"):
        pks = world["organizations"]
        org_id, proposal = pks[args[0] % len(pks)], world["proposals"][args[1]]
        if kind == "join":
            ProposalMember.objects.get_or_create(proposal=proposal, organization_id=org_id)
        else:
            ProposalMember.objects.filter(proposal=proposal, organization_id=org_id).delete()
    elif kind == "south":
        flagged = Region.objects.get(slug=args[0])
        flagged.is_global_south = args[1]
        flagged.save()
    elif kind == "cso":
        counted = Sector.objects.get(slug=args[0])
        counted.counts_as_civil_society = args[1]
        counted.save(update_fields=["counts_as_civil_society"])
    elif kind == "threshold":
        edition = ConferenceEdition.objects.get(slug=args[0])
        setattr(edition, args[1], args[2])
        edition.save()
    else:  # the horizon date moves
        edition = ConferenceEdition.objects.get(slug=args[0])
        edition.horizon_date = edition.ends_on + datetime.timedelta(days=120 + args[1])
        edition.save()


def change_organization(org: Organization, kind: str, value) -> None:
    if kind == "constituencies":
        org.constituencies.set(ConstituencyType.objects.filter(slug__in=value))
    elif kind == "gains":  # from the other side of the relation
        ConstituencyType.objects.get(slug=value).organizations.add(org)
    elif kind == "country":
        org.country = value
        org.save(update_fields=["country"])
    else:
        if kind == "region":
            org.region = region(value)
        elif kind == "sector":
            org.sector = Sector.objects.get(slug=value)
        else:
            org.is_global = value
        org.save()


class Undo(Exception):
    """Raised to roll an example back: each starts from the same world."""


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(transactions=TRANSACTIONS)
def test_stored_criteria_equal_a_live_evaluation_after_any_changes(
    world, django_capture_on_commit_callbacks, transactions
):
    merged = world["merged"]
    forget_reference()  # the cache may hold what the previous example rolled back
    try:
        with transaction.atomic():
            for changes in transactions:
                with django_capture_on_commit_callbacks(execute=True):
                    for change in changes:
                        apply(world, change)
            assert stale_and_live() == []
            # A merged proposal's report is history: it is not recomputed.
            merged_now = Proposal.objects.get(pk=merged.pk)
            assert merged_now.criteria_report == merged.criteria_report
            raise Undo
    except Undo:
        pass


# --- which proposals a change concerns ---------------------------------------------------------


def test_a_threshold_change_recomputes_that_editions_proposals_only(
    edition, django_capture_on_commit_callbacks
):
    mine = eligible_proposal(edition, "Mine")
    second = EditionFactory(slug="second-conference", name="Second", is_current=False)
    other = eligible_proposal(second, "Other")
    # A marker no evaluation writes: it stays if the other edition is left alone.
    Proposal.objects.filter(pk=other.pk).update(failing_criteria="untouched")
    with django_capture_on_commit_callbacks(execute=True):
        edition.min_regions = 6
        edition.save()
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.eligible, mine.failing_criteria) == (False, "C1")
    assert other.failing_criteria == "untouched"


def test_an_organization_change_recomputes_the_proposals_it_is_in(
    edition, django_capture_on_commit_callbacks
):
    proposal = eligible_proposal(edition, "Five regions")
    untouched = eligible_proposal(edition, "Elsewhere")
    Proposal.objects.filter(pk=untouched.pk).update(failing_criteria="untouched")
    kenyan = proposal.members.get(organization__country="KE").organization
    with django_capture_on_commit_callbacks(execute=True):
        kenyan.region = region("europe")  # Africa is no longer covered: 4 regions, 2 south
        kenyan.save()
    proposal.refresh_from_db()
    untouched.refresh_from_db()
    assert (proposal.eligible, proposal.failing_criteria) == (False, "C1")
    assert proposal.criteria_report["criteria"][0]["measured"]["regions"] == 4
    assert untouched.failing_criteria == "untouched"


def test_changes_that_no_criterion_reads_queue_nothing(edition, django_capture_on_commit_callbacks):
    proposal = eligible_proposal(edition, "Quiet")
    org = proposal.members.first().organization
    with django_capture_on_commit_callbacks() as callbacks:
        africa = region("africa")
        africa.order = 42
        africa.save()
        edition.name = "Renamed Conference"
        edition.eoi_deadline += datetime.timedelta(days=1)
        edition.save()
        org.website = "https://example.org"
        org.save(update_fields=["website"])
        OrganizationFactory(name="Brand new")  # in no proposal yet
    # (The hub's page cache has its own receivers; none of the criteria's is among these.)
    assert [c for c in callbacks if c.__module__ == "coalitions.derived"] == []


def test_a_region_added_is_named_in_the_hints_of_proposals_short_of_regions(
    edition, django_capture_on_commit_callbacks
):
    proposal = eligible_proposal(edition, "Short")
    ConferenceEdition.objects.filter(pk=edition.pk).update(min_regions=6)  # no signal…
    with django_capture_on_commit_callbacks(execute=True):
        queue(editions=[edition.pk])  # …so the code that updates in bulk queues itself
    with django_capture_on_commit_callbacks(execute=True):
        Region.objects.create(slug="antarctica", name="Antarctica")
    proposal.refresh_from_db()
    assert "Antarctica" in " ".join(proposal.criteria_report["criteria"][0]["hints"])
    assert stale_and_live() == []


def test_deleting_a_constituency_type_recomputes(edition, django_capture_on_commit_callbacks):
    proposal = eligible_proposal(edition, "Three types")
    with django_capture_on_commit_callbacks(execute=True):
        ConstituencyType.objects.get(slug="women").delete()
    proposal.refresh_from_db()
    assert (proposal.eligible, proposal.failing_criteria) == (False, "C2")


def test_clearing_a_constituency_types_organizations_recomputes(
    edition, django_capture_on_commit_callbacks
):
    proposal = eligible_proposal(edition, "Cleared")
    with django_capture_on_commit_callbacks(execute=True):
        ConstituencyType.objects.get(slug="ngos").organizations.clear()
    proposal.refresh_from_db()
    assert proposal.failing_criteria == "C2"


def test_a_proposal_never_evaluated_is_left_so(edition, django_capture_on_commit_callbacks):
    draft = ProposalFactory(edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        ProposalMember.objects.create(proposal=draft, organization=OrganizationFactory())
        edition.min_csos = 1
        edition.save()
    draft.refresh_from_db()
    assert (draft.criteria_report, draft.eligible, draft.failing_criteria) == ({}, None, "")


# --- the recompute is harmless to repeat --------------------------------------------------------


def test_recomputing_again_writes_nothing_and_bumps_nothing(
    edition, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from coalitions import derived

    a, b = eligible_proposal(edition, "A"), eligible_proposal(edition, "B")
    before = {p.pk: (p.version, p.updated_at) for p in (a, b)}
    notifications = Notification.objects.count()
    ConferenceEdition.objects.filter(pk=edition.pk).update(min_milestones=3)
    assert derived.recompute(derived.affected(edition_ids=[edition.pk])) == (2, 2)
    # 8 queries: the ids; the batch's savepoint and its release; the locked rows with their
    # edition; members (with organization, sector and region), their constituency types, work
    # plans, contacts (the reference data is cached). No write: nothing changed.
    with django_assert_num_queries(8):
        assert derived.recompute(derived.affected(edition_ids=[edition.pk])) == (2, 0)
    for p in Proposal.objects.filter(pk__in=before):
        assert (p.version, p.updated_at) == before[p.pk]
        assert p.failing_criteria == "C4"
    assert Notification.objects.count() == notifications
    assert stale_and_live() == []


def test_a_report_in_the_filers_language_that_still_holds_is_left_as_it_is(edition):
    from coalitions import derived

    proposal = eligible_proposal(edition, "En français")
    ConferenceEdition.objects.filter(pk=edition.pk).update(min_milestones=3)
    with translation.override("fr"):  # a French filer saves: hints in French
        refresh_criteria(Proposal.objects.get(pk=proposal.pk))
    again = derived.affected(proposal_ids=[proposal.pk])
    assert derived.recompute(again) == (1, 0)
    hints = Proposal.objects.get(pk=proposal.pk).criteria_report["criteria"][3]["hints"]
    assert hints[0].startswith("Ajoutez")
    # What it says no longer holds: written again, in the site's language.
    ConferenceEdition.objects.filter(pk=edition.pk).update(min_milestones=4)
    assert derived.recompute(again) == (1, 1)
    proposal.refresh_from_db()
    assert proposal.criteria_report["criteria"][3]["hints"][0].startswith("Add 2 more")
    assert proposal.failing_criteria == "C4"


def test_a_save_naming_a_field_by_its_column_queues(edition, django_capture_on_commit_callbacks):
    proposal = eligible_proposal(edition, "By column")
    org = proposal.members.first().organization
    with django_capture_on_commit_callbacks(execute=True):
        org.region = region("europe")
        org.save(update_fields=["region_id"])
    proposal.refresh_from_db()
    assert proposal.failing_criteria == "C1"
