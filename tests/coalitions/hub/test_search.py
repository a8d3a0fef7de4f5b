"""Hub search: PostgreSQL full-text search with its GIN index, and the substring fallback
used elsewhere (SQLite). Both must find the same coalitions for the same words."""

import pytest
from django.db import connection

from coalitions.hub import search
from coalitions.models import Proposal, ProposalMember
from tests.coalitions.hub.hubdata import published
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalitions(edition):
    water = published(
        "Water commons alliance",
        edition=edition,
        summary="Rivers and aquifers are a shared good.",
        principles="Solidarity across borders.",
        asks="A UN envoy for water.",
    )
    digital = published(
        "Digital rights compact",
        edition=edition,
        summary="An open internet for all.",
        principles="Privacy and free expression.",
        asks="Binding rules for platforms; clean water for data centres.",
    )
    ProposalMember.objects.create(
        proposal=digital, organization=OrganizationFactory(name="Kenya ICT Action Network")
    )
    return water, digital


def found(queryset) -> list[str]:
    return sorted(p.title for p in queryset)


CASES = [
    ("water", ["Digital rights compact", "Water commons alliance"]),  # title, and asks
    ("aquifers", ["Water commons alliance"]),  # summary
    ("solidarity", ["Water commons alliance"]),  # principles
    ("platforms", ["Digital rights compact"]),  # asks
    ("Kenya ICT", ["Digital rights compact"]),  # a member's name, every word must match
    ("WATER envoy", ["Water commons alliance"]),  # case does not matter
    ("water nowhere", []),
    ("   ", ["Digital rights compact", "Water commons alliance"]),  # no words: no filter
]


@pytest.mark.parametrize(("query", "titles"), CASES)
def test_the_fallback_finds_by_every_searchable_text(coalitions, query, titles):
    words = search.terms(query)
    queryset = Proposal.objects.published()
    result = search.fallback_search(queryset, words) if words else queryset
    assert found(result) == titles


@pytest.mark.parametrize(("query", "titles"), CASES)
def test_search_works_on_this_database(coalitions, query, titles):
    """Runs the full-text path on PostgreSQL and the fallback on SQLite."""
    assert found(search.search(Proposal.objects.published(), query)) == titles


def test_the_fallback_ranks_title_matches_first(coalitions):
    result = search.fallback_search(Proposal.objects.published(), ["water"]).order_by("-rank")
    assert [p.title for p in result] == ["Water commons alliance", "Digital rights compact"]


def test_query_words_are_plain_letters_and_digits():
    assert search.terms("  Women's rights & (peace) | 2030:* ") == [
        "women",
        "s",
        "rights",
        "peace",
        "2030",
    ]
    assert len(search.terms("a " * 50)) == search.MAX_TERMS


def test_the_hub_list_searches(client, coalitions):
    html = client.get("/coalitions/?q=aquifers").content.decode()
    assert "Water commons alliance" in html and "Digital rights compact" not in html
    assert "1 coalition" in html


@pytest.mark.postgres
def test_full_text_search_uses_a_gin_indexed_vector_kept_current(coalitions):
    water, digital = coalitions
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'proposal_search_gin'")
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition
    # Publishing (saving as published) built the vector; members were added after.
    assert Proposal.objects.get(pk=water.pk).search_vector is not None
    assert found(search.full_text_search(Proposal.objects.all(), ["aquif"])) == [water.title]
    # A member joining through the ORM is searchable at once (model signals refresh it).
    ProposalMember.objects.create(
        proposal=water, organization=OrganizationFactory(name="Mekong Delta Keepers")
    )
    assert found(search.search(Proposal.objects.all(), "mekong")) == [water.title]
    # Renaming an organization re-indexes its coalitions.
    org = water.members.get(organization__name="Mekong Delta Keepers").organization
    org.name = "Lancang Delta Keepers"
    org.save()
    assert found(search.search(Proposal.objects.all(), "mekong")) == []
    assert found(search.search(Proposal.objects.all(), "lancang")) == [water.title]


@pytest.mark.postgres
def test_full_text_search_ranks_title_words_above_asks(coalitions):
    result = search.search(Proposal.objects.published(), "water").order_by("-rank")
    assert [p.title for p in result] == ["Water commons alliance", "Digital rights compact"]


@pytest.mark.postgres
def test_the_fallback_also_runs_on_postgresql(coalitions):
    assert found(search.fallback_search(Proposal.objects.published(), ["kenya"])) == [
        "Digital rights compact"
    ]


@pytest.mark.postgres
def test_rebuilding_the_index_covers_bulk_written_data(coalitions):
    from django.core.management import call_command

    water, _ = coalitions
    Proposal.objects.update(search_vector=None)  # as after a bulk insert
    assert found(search.search(Proposal.objects.all(), "kenya")) == []
    call_command("rebuild_hub_search")
    assert found(search.search(Proposal.objects.all(), "kenya")) == ["Digital rights compact"]
    assert found(search.search(Proposal.objects.all(), "aquif")) == [water.title]
    # Incremental and bulk builds agree.
    bulk = Proposal.objects.get(pk=water.pk).search_vector
    search.refresh(water.pk)
    assert Proposal.objects.get(pk=water.pk).search_vector == bulk


def test_rebuilding_the_index_is_harmless_without_postgresql(coalitions):
    from django.core.management import call_command

    call_command("rebuild_hub_search")
    assert found(search.search(Proposal.objects.all(), "kenya")) == ["Digital rights compact"]
