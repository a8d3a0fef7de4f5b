"""Partner suggestions: the pure ranking (`coalitions.partners`) and, on a seeded directory,
the suggestions a proposal gets (`coalitions.partner_search`)."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from coalitions import criteria
from coalitions.enums import InvitationState
from coalitions.models import PartnerInvitation
from coalitions.organizations import partner_search, partners
from tests.coalitions.organizations.directorydata import (
    lacking_one_south_region,
    looking,
    org,
    represent,
    seeded_directory,
)

REF = criteria.Reference.default()
LIMITS = criteria.Thresholds(
    conference_end=datetime.date(2024, 5, 10), horizon=datetime.date(2024, 9, 22)
)


def data(*members: criteria.Member) -> criteria.ProposalData:
    return criteria.ProposalData(title="T", members=members)


def cso(region: str, *types: str) -> criteria.Member:
    return criteria.Member(name=region, sector="civil_society", region=region, constituencies=types)


def gaps_of(proposal: criteria.ProposalData) -> partners.Gaps:
    return partners.gaps(proposal, criteria.evaluate(proposal, LIMITS, REF), REF)


FOUR = data(
    cso("africa", "women"),
    cso("asia_pacific", "children_youth"),
    cso("europe", "ngos"),
    cso("north_america"),
    cso("europe"),
)


def test_gaps_come_from_the_criteria_report():
    gap = gaps_of(FOUR)
    assert gap.regions == {"latin_america_caribbean", "western_asia"}
    assert gap.global_south == 1
    assert gap.csos == 0
    assert gap.constituencies_short == 0  # C2 is met with three types


def test_a_proposal_meeting_c1_and_c2_has_no_gap():
    full = data(*FOUR.members, cso("latin_america_caribbean"))
    assert not gaps_of(full).open
    assert (
        partners.suggest(
            gaps_of(full), [partners.Candidate(1, "A", "civil_society", "africa")], REF
        )
        == []
    )


def test_missing_regions_rank_above_a_closer_organization_in_a_covered_region():
    near = partners.Candidate(
        1, "Near", "civil_society", "africa", themes=frozenset({"t"}), similarity=1.0
    )
    far = partners.Candidate(2, "Far", "civil_society", "western_asia")
    europe = partners.Candidate(3, "Europe", "civil_society", "europe", similarity=1.0)
    found = partners.suggest(gaps_of(FOUR), [near, far, europe], REF, themes={"t"})
    assert [s.candidate.name for s in found] == ["Far", "Near"]  # Europe adds nothing
    assert found[0].adds_region == "western_asia" and found[0].adds_global_south
    assert found[1].adds_region == "" and found[1].adds_global_south


def test_shared_themes_and_text_order_equal_contributions():
    plain = partners.Candidate(1, "Plain", "civil_society", "western_asia")
    themed = partners.Candidate(
        2, "Themed", "civil_society", "western_asia", themes=frozenset({"t"})
    )
    similar = partners.Candidate(
        3, "Similar", "civil_society", "western_asia", themes=frozenset({"t"}), similarity=0.5
    )
    found = partners.suggest(gaps_of(FOUR), [plain, themed, similar], REF, themes={"t"})
    assert [s.candidate.name for s in found] == ["Similar", "Themed", "Plain"]
    assert found[1].shared_themes == ("t",)


def test_excluded_and_non_civil_society_organizations_are_never_suggested():
    member = partners.Candidate(1, "Member", "civil_society", "western_asia")
    company = partners.Candidate(2, "Company", "private_sector", "western_asia")
    found = partners.suggest(gaps_of(FOUR), [member, company], REF, exclude={1})
    assert found == []


def test_missing_constituency_types_count_toward_c2():
    two_types = data(cso("africa", "women"), cso("asia_pacific", "children_youth"))
    gap = gaps_of(two_types)
    indigenous = partners.Candidate(
        1, "I", "civil_society", "europe", constituencies=("indigenous_peoples", "women")
    )
    found = partners.suggest(gap, [indigenous], REF)
    assert found[0].adds_constituencies == ("indigenous_peoples",)
    assert "C2" in found[0].criteria


def test_the_reason_names_what_is_added():
    two_types = data(*FOUR.members[:4])  # C2: women, children and youth, NGOs: met
    gap = partners.Gaps(
        regions=frozenset({"latin_america_caribbean"}),
        global_south=1,
        constituencies=frozenset({"indigenous_peoples"}),
        constituencies_short=1,
    )
    assert gaps_of(two_types).open
    lima = partners.Candidate(
        1,
        "Lima",
        "civil_society",
        "latin_america_caribbean",
        constituencies=("indigenous_peoples",),
    )
    (found,) = partners.suggest(gap, [lima], REF)
    assert (
        found.reason == "adds Latin America and the Caribbean (global south) and Indigenous peoples"
    )
    with translation.override("fr"):
        (found,) = partners.suggest(gap, [lima], REF)
    assert found.reason.startswith("ajoute ")
    assert "Amérique latine" in found.reason


# --- on a seeded directory -------------------------------------------------------------------


@pytest.fixture
def seeded(db, edition, owner):
    found = seeded_directory(edition)
    found["proposal"] = lacking_one_south_region(edition, owner)
    return found


def suggestions(proposal, limit=5):
    return partner_search.for_proposal(partner_search.loaded(proposal.pk), limit=limit)


def test_every_top_suggestion_adds_a_missing_region_or_constituency(seeded):
    found = suggestions(seeded["proposal"])
    assert len(found) == 5
    gap, _ref = partner_search.proposal_gaps(partner_search.loaded(seeded["proposal"].pk))
    for s in found:
        assert s.adds_region in gap.regions or s.adds_constituencies, s
    # Close in theme and text, but in a covered region: below every organization that adds one.
    assert not any(s.candidate.name.startswith("Kampala") for s in found)


def test_members_opted_out_and_declined_organizations_never_appear(seeded, edition):
    proposal = seeded["proposal"]
    # Short of civil-society members too: then any listed civil-society organization would
    # add one, the proposal's own members included, were they not excluded.
    edition.min_csos = 10
    edition.save()
    for member in proposal.members.all():
        represent(member.organization)  # listed as looking for coalitions
    opted_out = org("Beirut Quiet Org", "western_asia")
    represent(opted_out, looking=False)
    declined = looking("Doha Declined Org", "western_asia")
    PartnerInvitation.objects.create(
        proposal=proposal, organization=declined, state=InvitationState.DECLINED
    )
    never_listed = org("Santiago Unlisted Org", "latin_america_caribbean")
    found = suggestions(proposal, limit=100)
    ids = {s.organization_id for s in found}
    assert len(found) > 10  # everyone else is still suggested
    members = set(proposal.members.values_list("organization_id", flat=True))
    assert not ids & members
    assert not ids & {opted_out.pk, declined.pk, never_listed.pk}


def test_suggest_partners_prints_json_with_reasons(seeded, capsys):
    call_command("suggest_partners", str(seeded["proposal"].pk), "--limit", "3", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["proposal"] == seeded["proposal"].pk
    assert len(out["suggestions"]) == 3
    assert all(row["reason"].startswith("adds ") for row in out["suggestions"])
    assert all(row["adds_region"] for row in out["suggestions"])


def test_suggestions_run_a_constant_number_of_queries(
    seeded, client, owner, django_assert_num_queries
):
    url = reverse("coalitions:proposal-detail", args=[seeded["proposal"].pk])
    client.force_login(owner)
    client.get(url)  # warm the reference cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(30):
        looking(f"Muscat Forum {i}", "western_asia", constituencies=("women", "farmers"))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.count(b'data-testid="partner-suggestion"') == 5
