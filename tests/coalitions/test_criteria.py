import copy
import datetime as dt
import importlib
import json

import pytest

from coalitions.criteria import (
    Engagement,
    InputError,
    Member,
    ProposalData,
    Reference,
    Thresholds,
    WorkPlanItem,
    evaluate,
    parse_proposal,
    primary_region,
    report_to_json,
)

CONFERENCE_END = dt.date(2024, 5, 10)
HORIZON = dt.date(2024, 9, 22)
THRESHOLDS = Thresholds(conference_end=CONFERENCE_END, horizon=HORIZON)
REF = Reference.default()
ONE_DAY = dt.timedelta(days=1)
GLOBAL_SOUTH_NAMES = (
    "Africa, Asia and the Pacific, Latin America and the Caribbean, "
    "Western Asia and the Arab States"
)


def words(n):
    return " ".join(f"w{i}" for i in range(n))


def cso(name, region="", *, country="", sector="civil_society", constituencies=(), **kw):
    return Member(
        name=name,
        sector=sector,
        country=country,
        region=region,
        constituencies=tuple(constituencies),
        **kw,
    )


def eligible_members():
    """Exactly at the default thresholds: 5 CSOs, 5 regions, 3 global south, 3 types."""
    return (
        cso("Kenya NGO", "africa", constituencies=["ngos"], role="lead"),
        cso("Manila Network", "asia_pacific", constituencies=["women"]),
        cso("Andes Farmers", "latin_america_caribbean", constituencies=["farmers"]),
        cso("Berlin Institute", "europe", sector="academia"),
        cso("Boston Fund", "north_america", sector="philanthropy"),
    )


def proposal(**changes):
    data = {
        "title": "The future of drug policy",
        "members": eligible_members(),
        "engagement": Engagement(targets=("member_states",), plan=words(25)),
        "work_plan": (
            WorkPlanItem(CONFERENCE_END, "Kick-off"),
            WorkPlanItem(HORIZON, "Summit side event"),
        ),
    }
    data.update(changes)
    return ProposalData(**data)


def check(p, thresholds=THRESHOLDS, ref=REF):
    return evaluate(p, thresholds, ref)


def thresholds(**changes):
    return Thresholds(**{"conference_end": CONFERENCE_END, "horizon": HORIZON, **changes})


# --- the report ------------------------------------------------------------------------------


def test_proposal_exactly_at_every_threshold_is_eligible_without_hints():
    report = check(proposal())
    assert report.eligible
    assert report.failing == []
    assert [c.status for c in report.criteria] == ["met"] * 4
    assert all(c.hints == () for c in report.criteria)
    assert report.advisories == ()


def test_report_dict_has_the_shape_of_the_spec():
    data = check(proposal(members=eligible_members()[:4])).to_dict()
    assert list(data) == ["eligible", "criteria", "advisories"]
    assert data["eligible"] is False
    assert [c["id"] for c in data["criteria"]] == ["C1", "C2", "C3", "C4"]
    c1, c2, c3, c4 = data["criteria"]
    assert list(c1) == ["id", "status", "measured", "required", "hints"]
    assert c1["status"] == "not_met" and c2["status"] == "met"
    assert c1["measured"] == {"csos": 4, "regions": 4, "global_south": 3}
    assert c1["required"] == {"min_csos": 5, "min_regions": 5, "min_global_south": 3}
    assert c2["measured"] == {
        "constituencies": 3,
        "constituency_types": ["farmers", "ngos", "women"],
    }
    assert c2["required"] == {"min_constituencies": 3}
    assert c3["measured"] == {"targets": ["member_states"], "plan_words": 25, "support_words": 0}
    assert c3["required"] == {"min_plan_words": 25}
    assert c4["measured"] == {"milestones": 2, "earliest": "2024-05-10", "latest": "2024-09-22"}
    assert c4["required"] == {
        "min_milestones": 2,
        "start_by": "2024-05-10",
        "end_on_or_after": "2024-09-22",
    }
    assert all(c["hints"] == [] for c in (c2, c3, c4))
    assert data["advisories"] == []


def test_report_json_is_the_dict_as_json():
    report = check(proposal(members=()))
    assert json.loads(report_to_json(report)) == report.to_dict()


def test_report_lists_failing_criteria_and_indexes_them_by_id():
    report = check(proposal(members=(), work_plan=()))
    assert report.failing == ["C1", "C2", "C4"]
    assert report.by_id["C3"].met
    assert report.by_id["C4"].status == "not_met"
    assert not report.eligible


def test_default_reference_is_what_the_migrations_seed():
    seed = importlib.import_module("coalitions.migrations.0003_reference_data")
    assert {s: (str(i.name), i.is_global_south) for s, i in REF.regions.items()} == {
        slug: (name, south) for slug, name, south in seed.REGIONS
    }
    assert list(REF.regions) == [slug for slug, *_ in seed.REGIONS]
    assert REF.sectors == {slug: counts for slug, _n, _d, counts in seed.SECTORS}
    assert {s: str(n) for s, n in REF.constituency_types.items()} == dict(seed.CONSTITUENCIES)


# --- C1 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "met"), [(2, False), (3, True), (4, True)])
def test_c1_needs_min_csos_from_the_thresholds(count, met):
    members = tuple(cso(f"NGO {i}", "africa") for i in range(count))
    t = thresholds(min_csos=3, min_regions=1, min_global_south=0)
    assert check(proposal(members=members), t).by_id["C1"].met is met


def test_c1_hint_says_how_many_more_csos_are_needed():
    c1 = check(proposal(members=eligible_members()[:3])).by_id["C1"]
    assert "Add 2 more civil-society organizations (3 of the 5 needed)." in c1.hints
    t = thresholds(min_csos=4, min_regions=0, min_global_south=0)
    c1 = check(proposal(members=eligible_members()[:3]), t).by_id["C1"]
    assert c1.hints == ("Add 1 more civil-society organization (3 of the 4 needed).",)


@pytest.mark.parametrize(("regions", "met"), [(1, False), (2, True), (3, True)])
def test_c1_needs_min_regions_from_the_thresholds(regions, met):
    slugs = ["europe", "north_america", "africa"][:regions]
    members = tuple(cso(f"NGO {i}", slug) for i, slug in enumerate(slugs))
    t = thresholds(min_csos=0, min_regions=2, min_global_south=0)
    c1 = check(proposal(members=members), t).by_id["C1"]
    assert c1.met is met
    assert c1.measured["regions"] == regions


def test_c1_counts_each_region_once():
    members = tuple(cso(f"NGO {i}", "africa") for i in range(5))
    c1 = check(proposal(members=members)).by_id["C1"]
    assert c1.measured == {"csos": 5, "regions": 1, "global_south": 5}
    assert not c1.met


def test_c1_hint_names_the_regions_not_covered_in_alphabetical_order():
    members = tuple(
        cso(f"NGO {slug}", slug)
        for slug in ["africa", "asia_pacific", "latin_america_caribbean", "north_america"]
    )
    c1 = check(proposal(members=members * 2)).by_id["C1"]
    assert c1.hints == (
        "Cover 1 more region (4 of the 5 needed).",
        "Add civil-society members from: Europe, Western Asia and the Arab States",
    )


def test_c1_hint_counts_missing_regions_in_the_plural():
    members = tuple(cso(f"NGO {i}", "africa") for i in range(5))
    c1 = check(proposal(members=members)).by_id["C1"]
    assert c1.hints == (
        "Cover 4 more regions (1 of the 5 needed).",
        "Add civil-society members from: Asia and the Pacific, Europe, "
        "Latin America and the Caribbean, North America, Western Asia and the Arab States",
    )


@pytest.mark.parametrize(("south", "met"), [(1, False), (2, True), (3, True)])
def test_c1_needs_min_global_south_from_the_thresholds(south, met):
    members = (cso("Paris NGO", "europe"),) + tuple(
        cso(f"South NGO {i}", "africa") for i in range(south)
    )
    t = thresholds(min_csos=0, min_regions=0, min_global_south=2)
    c1 = check(proposal(members=members), t).by_id["C1"]
    assert c1.met is met
    assert c1.measured["global_south"] == south


def test_c1_hint_says_how_many_more_global_south_members_are_needed_and_where():
    members = (
        cso("A", "africa"),
        cso("B", "europe"),
        cso("C", "north_america"),
        cso("D", "europe"),
        cso("E", "north_america"),
    )
    t = thresholds(min_regions=3)
    c1 = check(proposal(members=members), t).by_id["C1"]
    assert c1.measured == {"csos": 5, "regions": 3, "global_south": 1}
    assert c1.hints == (
        "Add 2 more civil-society members whose primary region is in the global south "
        f"(1 of the 3 needed): {GLOBAL_SOUTH_NAMES}.",
    )
    members += (cso("F", "western_asia"),)
    c1 = check(proposal(members=members), t).by_id["C1"]
    assert c1.hints == (
        "Add 1 more civil-society member whose primary region is in the global south "
        f"(2 of the 3 needed): {GLOBAL_SOUTH_NAMES}.",
    )


def test_c1_and_c2_ignore_members_whose_sector_does_not_count():
    outsiders = tuple(
        cso(f"Outsider {sector}", region, sector=sector, constituencies=["women", "lgbtqi"])
        for sector, region in [
            ("private_sector", "western_asia"),
            ("un_entity", "western_asia"),
            ("member_state", "africa"),
            ("local_authority", "asia_pacific"),
            ("other", "western_asia"),
        ]
    )
    members = eligible_members()[:2] + outsiders
    report = check(proposal(members=members))
    assert report.by_id["C1"].measured == {"csos": 2, "regions": 2, "global_south": 2}
    assert report.by_id["C2"].measured == {
        "constituencies": 2,
        "constituency_types": ["ngos", "women"],
    }


def test_academia_and_philanthropy_count_as_civil_society():
    members = (
        cso("University", "europe", sector="academia"),
        cso("Foundation", "africa", sector="philanthropy"),
    )
    assert check(proposal(members=members)).by_id["C1"].measured["csos"] == 2


def test_sector_flags_come_from_the_reference():
    ref = Reference(
        regions=REF.regions,
        sectors={"civil_society": True, "academia": False},
        constituency_types=REF.constituency_types,
    )
    members = (cso("NGO", "africa"), cso("University", "europe", sector="academia"))
    c1 = check(proposal(members=members), ref=ref).by_id["C1"]
    assert c1.measured == {"csos": 1, "regions": 1, "global_south": 1}


def test_global_south_flag_comes_from_the_reference():
    ref = Reference(
        regions={"north": ("North", False), "south": ("South", True)},
        sectors={"civil_society": True},
        constituency_types={"ngos": "NGOs"},
    )
    members = (cso("A", "north"), cso("B", "south"), cso("C", "south"))
    t = thresholds(min_csos=3, min_regions=2, min_global_south=3)
    c1 = check(proposal(members=members), t, ref).by_id["C1"]
    assert c1.measured == {"csos": 3, "regions": 2, "global_south": 2}
    assert "(2 of the 3 needed): South." in c1.hints[0]


def test_region_is_derived_from_the_country_when_not_given():
    members = (
        cso("Nairobi NGO", country="KE"),
        cso("Istanbul NGO", country="tr"),
        cso("Mexico NGO", country="MX"),
        cso("Suva NGO", country="FJ"),
        cso("Toronto NGO", country="CA"),
    )
    c1 = check(proposal(members=members)).by_id["C1"]
    assert c1.measured == {"csos": 5, "regions": 5, "global_south": 4}
    assert [primary_region(m, REF) for m in members] == [
        "africa",
        "western_asia",
        "latin_america_caribbean",
        "asia_pacific",
        "north_america",
    ]


def test_explicit_region_beats_the_country():
    member = cso("US-registered NGO working in Kenya", "africa", country="US")
    assert primary_region(member, REF) == "africa"
    c1 = check(proposal(members=(member,))).by_id["C1"]
    assert c1.measured == {"csos": 1, "regions": 1, "global_south": 1}


def test_member_without_region_counts_as_cso_but_not_toward_regions_and_is_named():
    members = eligible_members()[:4] + (
        cso("Nowhere Alliance"),
        cso("Antarctic Watch", country="AQ"),
    )
    c1 = check(proposal(members=members)).by_id["C1"]
    assert c1.measured == {"csos": 6, "regions": 4, "global_south": 3}
    assert c1.hints[-1] == (
        "Nowhere Alliance, Antarctic Watch have no primary region, so they do not count toward "
        "regions or the global south: give their region or country."
    )


def test_single_member_without_region_is_named_in_the_singular():
    members = eligible_members()[:4] + (cso("Nowhere Alliance"),)
    c1 = check(proposal(members=members)).by_id["C1"]
    assert c1.hints[-1] == (
        "Nowhere Alliance has no primary region, so it does not count toward regions or the "
        "global south: give its region or country."
    )


def test_member_without_region_is_not_mentioned_when_regions_are_not_the_problem():
    members = eligible_members() + (cso("Nowhere Alliance"),)
    t = thresholds(min_csos=7)
    c1 = check(proposal(members=members), t).by_id["C1"]
    assert c1.hints == ("Add 1 more civil-society organization (6 of the 7 needed).",)


def test_region_unknown_to_the_reference_falls_back_to_the_country():
    member = cso("NGO", "atlantis", country="KE")
    assert primary_region(member, REF) == "africa"
    assert primary_region(cso("NGO", "atlantis"), REF) is None


def test_global_member_counts_by_its_primary_region():
    members = eligible_members()[:4] + (cso("World Alliance", "africa", is_global=True),)
    c1 = check(proposal(members=members)).by_id["C1"]
    assert c1.measured == {"csos": 5, "regions": 4, "global_south": 4}


# --- C2 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("types", "met"), [(3, False), (4, True), (5, True)])
def test_c2_needs_min_constituencies_from_the_thresholds(types, met):
    slugs = ["women", "ngos", "farmers", "older_persons", "volunteer_groups"][:types]
    members = (
        cso("A", "africa", constituencies=slugs[:2]),
        cso("B", "europe", constituencies=slugs[2:]),
    )
    c2 = check(proposal(members=members), thresholds(min_constituencies=4)).by_id["C2"]
    assert c2.met is met
    assert c2.measured["constituencies"] == types


def test_c2_default_threshold_is_met_at_three_and_not_at_two():
    members = eligible_members()
    assert check(proposal(members=members)).by_id["C2"].met
    assert not check(proposal(members=members[:2])).by_id["C2"].met


def test_c2_counts_distinct_types_across_members():
    members = (
        cso("A", "africa", constituencies=["women", "ngos"]),
        cso("B", "europe", constituencies=["ngos", "women"]),
    )
    c2 = check(proposal(members=members)).by_id["C2"]
    assert c2.measured == {"constituencies": 2, "constituency_types": ["ngos", "women"]}


def test_c2_hint_lists_the_types_covered_so_far_and_how_many_more():
    members = (cso("A", "africa", constituencies=["women", "ngos"]),)
    c2 = check(proposal(members=members)).by_id["C2"]
    assert c2.hints == (
        "Constituency types covered so far: Non-governmental organizations, Women",
        "Add civil-society members representing 1 more constituency type (2 of the 3 needed).",
    )


def test_c2_hint_says_when_no_type_is_covered():
    members = (
        cso("A", "africa"),
        cso("B", "europe", sector="private_sector", constituencies=["women"]),
    )
    c2 = check(proposal(members=members)).by_id["C2"]
    assert c2.hints == (
        "No constituency type is covered yet by the civil-society members.",
        "Add civil-society members representing 3 more constituency types (0 of the 3 needed).",
    )


# --- C3 --------------------------------------------------------------------------------------


def engagement_check(engagement, t=THRESHOLDS):
    return check(proposal(engagement=engagement), t).by_id["C3"]


@pytest.mark.parametrize(("plan_words", "met"), [(24, False), (25, True), (26, True)])
def test_c3_path_a_needs_a_target_and_min_plan_words(plan_words, met):
    for target in ["member_states", "un_country_teams", "un_agencies"]:
        c3 = engagement_check(Engagement(targets=(target,), plan=words(plan_words)))
        assert c3.met is met
        assert c3.measured == {"targets": [target], "plan_words": plan_words, "support_words": 0}


@pytest.mark.parametrize(("plan_words", "met"), [(9, False), (10, True)])
def test_c3_word_threshold_comes_from_the_thresholds(plan_words, met):
    c3 = engagement_check(
        Engagement(targets=("un_agencies",), plan=words(plan_words)), thresholds(min_plan_words=10)
    )
    assert c3.met is met


def test_c3_words_are_whitespace_separated_tokens():
    plan = "  Meet\tthe mission,\n then — brief  the\u00a0UNCT.  " + words(17)
    # 8 tokens (a dash counts; the no-break space separates too), plus 17: exactly 25.
    c3 = engagement_check(Engagement(targets=("member_states",), plan=plan))
    assert c3.measured["plan_words"] == 25
    assert c3.met


def test_c3_path_a_needs_a_target_even_with_a_long_plan():
    c3 = engagement_check(Engagement(targets=(), plan=words(100)))
    assert not c3.met
    assert c3.hints == (
        "Choose whom you will engage: Member States, UN country teams, UN agencies.",
        "Or describe the support you need for such engagement in at least 25 words (0 so far).",
    )


def test_c3_hint_says_how_many_more_plan_words_are_needed():
    c3 = engagement_check(Engagement(targets=("member_states",), plan=words(24)))
    assert c3.hints[0] == "Write 1 more word in the engagement plan (24 of the 25 needed)."
    c3 = engagement_check(Engagement(targets=("member_states",), plan=words(5)))
    assert c3.hints[0] == "Write 20 more words in the engagement plan (5 of the 25 needed)."


def test_c3_hint_asks_for_a_target_and_words_when_both_are_missing():
    c3 = engagement_check(Engagement(targets=(), plan=words(3), support_needed=words(2)))
    assert c3.hints == (
        "Choose whom you will engage (Member States, UN country teams, UN agencies) and write "
        "22 more words in the engagement plan (3 of the 25 needed).",
        "Or describe the support you need for such engagement in at least 25 words (2 so far).",
    )


@pytest.mark.parametrize(("support_words", "met"), [(24, False), (25, True)])
def test_c3_path_b_needs_min_words_of_support_needed(support_words, met):
    c3 = engagement_check(Engagement(targets=(), plan="", support_needed=words(support_words)))
    assert c3.met is met
    assert c3.measured == {"targets": [], "plan_words": 0, "support_words": support_words}


def test_c3_path_b_alone_is_enough_with_a_target_and_a_short_plan():
    c3 = engagement_check(
        Engagement(targets=("member_states",), plan=words(3), support_needed=words(25))
    )
    assert c3.met
    assert c3.hints == ()


def test_c3_ignores_targets_other_than_member_states_and_the_un():
    ref = Reference(
        regions=REF.regions,
        sectors=REF.sectors,
        constituency_types=REF.constituency_types,
        engagement_targets={**REF.engagement_targets, "media": "Media"},
    )
    p = proposal(engagement=Engagement(targets=("media",), plan=words(30)))
    c3 = check(p, ref=ref).by_id["C3"]
    assert not c3.met
    assert c3.measured["targets"] == []


# --- C4 --------------------------------------------------------------------------------------


def plan_check(*dates, t=THRESHOLDS):
    items = tuple(WorkPlanItem(d, f"Step {i}") for i, d in enumerate(dates))
    return check(proposal(work_plan=items), t).by_id["C4"]


def test_c4_met_with_earliest_on_the_conference_end_and_latest_on_the_horizon():
    c4 = plan_check(HORIZON, CONFERENCE_END)
    assert c4.met
    assert c4.measured == {"milestones": 2, "earliest": "2024-05-10", "latest": "2024-09-22"}


def test_c4_not_met_when_earliest_is_a_day_after_the_conference_end():
    c4 = plan_check(CONFERENCE_END + ONE_DAY, HORIZON)
    assert not c4.met
    assert c4.hints == (
        "Add a milestone on or before May 10, 2024, the last day of the conference.",
    )


def test_c4_not_met_when_latest_is_a_day_before_the_horizon():
    c4 = plan_check(CONFERENCE_END, HORIZON - ONE_DAY)
    assert not c4.met
    assert c4.hints == ("Add a milestone on or after Sept. 22, 2024, the horizon date.",)


def test_c4_met_with_items_beyond_both_ends():
    assert plan_check(dt.date(2024, 1, 1), dt.date(2024, 7, 1), dt.date(2025, 1, 1)).met


def test_c4_one_milestone_is_not_enough():
    c4 = plan_check(CONFERENCE_END)
    assert not c4.met
    assert c4.measured == {"milestones": 1, "earliest": "2024-05-10", "latest": "2024-05-10"}
    assert c4.hints == (
        "Add 1 more dated work-plan item (1 of the 2 needed).",
        "Add a milestone on or after Sept. 22, 2024, the horizon date.",
    )


def test_c4_empty_work_plan_names_both_ends():
    c4 = plan_check()
    assert c4.measured == {"milestones": 0, "earliest": None, "latest": None}
    assert c4.hints == (
        "Add 2 more dated work-plan items (0 of the 2 needed).",
        "Add a milestone on or before May 10, 2024, the last day of the conference.",
        "Add a milestone on or after Sept. 22, 2024, the horizon date.",
    )


def test_c4_undated_items_do_not_count_and_are_pointed_out():
    items = (WorkPlanItem(None, "Someday"), WorkPlanItem(CONFERENCE_END, "Kick-off"))
    c4 = check(proposal(work_plan=items)).by_id["C4"]
    assert c4.measured["milestones"] == 1
    assert "1 work-plan item has no date, so it does not count: give it one." in c4.hints


def test_c4_hint_names_the_horizon_event_when_the_edition_has_one():
    t = thresholds(horizon_label="Summit of the Future")
    c4 = plan_check(CONFERENCE_END, HORIZON - ONE_DAY, t=t)
    assert c4.hints == ("Add a milestone on or after Sept. 22, 2024 (Summit of the Future).",)


def test_c4_dates_and_count_come_from_the_thresholds():
    t = thresholds(
        min_milestones=3, conference_end=dt.date(2025, 3, 1), horizon=dt.date(2025, 12, 31)
    )
    assert not plan_check(dt.date(2025, 3, 1), dt.date(2025, 12, 31), t=t).met
    assert plan_check(dt.date(2025, 3, 1), dt.date(2025, 6, 1), dt.date(2025, 12, 31), t=t).met
    c4 = plan_check(dt.date(2025, 3, 2), dt.date(2025, 6, 1), dt.date(2025, 12, 30), t=t)
    assert c4.required == {
        "min_milestones": 3,
        "start_by": "2025-03-01",
        "end_on_or_after": "2025-12-31",
    }
    assert c4.hints == (
        "Add a milestone on or before March 1, 2025, the last day of the conference.",
        "Add a milestone on or after Dec. 31, 2025, the horizon date.",
    )


# --- advisories ------------------------------------------------------------------------------


def advisory_ids(report):
    return [a.id for a in report.advisories]


def test_youth_advisory_when_youth_focus_and_no_cso_represents_children_and_youth():
    report = check(proposal(youth_focus=True))
    assert advisory_ids(report) == ["youth_engagement"]
    message = report.advisories[0].message
    assert "youth-centred groups" in message
    assert "Youth and Intergenerational Sub-Committee" in message
    assert report.eligible  # advisories never affect eligibility


def test_no_youth_advisory_without_youth_focus():
    assert advisory_ids(check(proposal(youth_focus=False))) == []


def test_no_youth_advisory_when_a_cso_represents_children_and_youth():
    members = eligible_members() + (
        cso("Youth Forum", "africa", constituencies=["children_youth"]),
    )
    assert advisory_ids(check(proposal(youth_focus=True, members=members))) == []


def test_youth_advisory_still_given_when_only_a_non_cso_represents_youth():
    members = eligible_members() + (
        cso("Youth Ministry", "africa", sector="member_state", constituencies=["children_youth"]),
    )
    assert advisory_ids(check(proposal(youth_focus=True, members=members))) == ["youth_engagement"]


def test_global_advisory_names_the_global_member_and_its_primary_region():
    members = eligible_members() + (cso("World Alliance", "europe", is_global=True),)
    report = check(proposal(members=members))
    assert report.eligible
    assert report.to_dict()["advisories"] == [
        {
            "id": "global_org_region",
            "message": "World Alliance (Europe) describes itself as global: only its primary "
            "region counts for regional diversity, so make sure it is the region of its "
            "primary operation.",
        }
    ]


def test_global_advisory_names_every_global_member_of_any_sector():
    members = eligible_members() + (
        cso("World Alliance", country="US", is_global=True),
        cso("Global Corp", sector="private_sector", is_global=True),
    )
    report = check(proposal(members=members, youth_focus=True))
    assert advisory_ids(report) == ["youth_engagement", "global_org_region"]
    assert report.advisories[1].message.startswith(
        "World Alliance (North America), Global Corp (no primary region) describe themselves as "
        "global: only their primary regions count"
    )


def test_no_global_advisory_without_global_members():
    assert "global_org_region" not in advisory_ids(check(proposal()))


# --- the interchange format ------------------------------------------------------------------

SPEC_EXAMPLE = {
    "title": "The future of drug policy",
    "conference": "un-csc-2024",
    "principles": "…",
    "asks": "…",
    "youth_focus": False,
    "members": [
        {
            "name": "Example NGO",
            "sector": "civil_society",
            "country": "KE",
            "region": "africa",
            "global": False,
            "constituencies": ["ngos", "women"],
            "role": "lead",
        }
    ],
    "engagement": {"targets": ["member_states"], "plan": "…", "support_needed": ""},
    "work_plan": [{"date": "2024-05-10", "title": "Kick-off session", "description": "…"}],
    "contacts": [{"name": "…", "email": "…", "organization": "Example NGO"}],
}


def test_parse_reads_the_example_of_the_spec():
    p = parse_proposal(SPEC_EXAMPLE, REF)
    assert p.title == "The future of drug policy"
    assert p.conference == "un-csc-2024"
    assert p.youth_focus is False
    assert p.members == (
        Member(
            name="Example NGO",
            sector="civil_society",
            country="KE",
            region="africa",
            is_global=False,
            constituencies=("ngos", "women"),
            role="lead",
        ),
    )
    assert p.engagement == Engagement(targets=("member_states",), plan="…", support_needed="")
    assert p.work_plan == (WorkPlanItem(dt.date(2024, 5, 10), "Kick-off session", "…"),)
    assert p.contacts[0].organization == "Example NGO"


def test_parse_accepts_the_minimum_and_fills_defaults():
    p = parse_proposal(
        {
            "title": "T",
            "members": [{"name": "N", "sector": "academia", "country": "ke"}],
            "engagement": {},
            "work_plan": [{"title": "Undated", "date": None}],
        },
        REF,
    )
    assert p.conference == "" and p.youth_focus is False and p.contacts == ()
    assert p.members[0] == Member(name="N", sector="academia", country="KE", role="member")
    assert p.engagement == Engagement()
    assert p.work_plan == (WorkPlanItem(None, "Undated"),)


def test_parsed_member_with_region_and_country_counts_in_its_region():
    data = copy.deepcopy(SPEC_EXAMPLE)
    data["members"][0].update(country="US", region="africa")
    report = evaluate(parse_proposal(data, REF), THRESHOLDS, REF)
    assert report.by_id["C1"].measured == {"csos": 1, "regions": 1, "global_south": 1}


def test_parse_drops_repeated_slugs():
    data = copy.deepcopy(SPEC_EXAMPLE)
    data["members"][0]["constituencies"] = ["women", "ngos", "women"]
    assert parse_proposal(data, REF).members[0].constituencies == ("women", "ngos")


def _set(path, value):
    """A change to SPEC_EXAMPLE: set (or with value=DELETE, remove) the key at path."""

    def change(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        if value is DELETE:
            del data[last]
        else:
            data[last] = value

    return change


DELETE = object()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_set(["title"], DELETE), "title"),
        (_set(["title"], None), "title"),
        (_set(["title"], "   "), "title"),
        (_set(["title"], 7), "title"),
        (_set(["conference"], 2024), "conference"),
        (_set(["principles"], ["a"]), "principles"),
        (_set(["youth_focus"], "true"), "youth_focus"),
        (_set(["youth_focus"], 1), "youth_focus"),
        (_set(["members"], DELETE), "members"),
        (_set(["members"], {"name": "x"}), "members"),
        (_set(["members", 0], "Example NGO"), "members[0]"),
        (_set(["members", 0, "name"], DELETE), "members[0].name"),
        (_set(["members", 0, "name"], ""), "members[0].name"),
        (_set(["members", 0, "sector"], DELETE), "members[0].sector"),
        (_set(["members", 0, "sector"], "ngo"), "members[0].sector"),
        (_set(["members", 0, "country"], "ZZ"), "members[0].country"),
        (_set(["members", 0, "country"], "KEN"), "members[0].country"),
        (_set(["members", 0, "country"], 404), "members[0].country"),
        (_set(["members", 0, "region"], "oceania"), "members[0].region"),
        (_set(["members", 0, "region"], True), "members[0].region"),
        (_set(["members", 0, "global"], "no"), "members[0].global"),
        (_set(["members", 0, "constituencies"], "ngos"), "members[0].constituencies"),
        (_set(["members", 0, "constituencies"], ["ngos", 3]), "members[0].constituencies[1]"),
        (_set(["members", 0, "constituencies"], ["youth"]), "members[0].constituencies[0]"),
        (_set(["members", 0, "role"], "chair"), "members[0].role"),
        (_set(["members", 0, "role"], "Lead"), "members[0].role"),
        (_set(["engagement"], DELETE), "engagement"),
        (_set(["engagement"], "Member States"), "engagement"),
        (_set(["engagement", "targets"], "member_states"), "engagement.targets"),
        (_set(["engagement", "targets"], ["governments"]), "engagement.targets[0]"),
        (_set(["engagement", "plan"], 25), "engagement.plan"),
        (_set(["engagement", "support_needed"], {}), "engagement.support_needed"),
        (_set(["work_plan"], DELETE), "work_plan"),
        (_set(["work_plan"], "soon"), "work_plan"),
        (_set(["work_plan", 0], "2024-05-10"), "work_plan[0]"),
        (_set(["work_plan", 0, "title"], DELETE), "work_plan[0].title"),
        (_set(["work_plan", 0, "date"], "2024-13-01"), "work_plan[0].date"),
        (_set(["work_plan", 0, "date"], "2024-02-30"), "work_plan[0].date"),
        (_set(["work_plan", 0, "date"], "10/05/2024"), "work_plan[0].date"),
        (_set(["work_plan", 0, "date"], "20240510"), "work_plan[0].date"),
        (_set(["work_plan", 0, "date"], "2024-W19-5"), "work_plan[0].date"),
        (_set(["work_plan", 0, "date"], "2024-05-10T09:00"), "work_plan[0].date"),
        (_set(["work_plan", 0, "date"], 20240510), "work_plan[0].date"),
        (_set(["contacts"], {"name": "x"}), "contacts"),
        (_set(["contacts", 0], "x@example.org"), "contacts[0]"),
        (_set(["contacts", 0, "email"], ["x@example.org"]), "contacts[0].email"),
    ],
)
def test_parse_rejects_bad_input_naming_the_field(change, field):
    data = copy.deepcopy(SPEC_EXAMPLE)
    change(data)
    with pytest.raises(InputError) as excinfo:
        parse_proposal(data, REF)
    assert excinfo.value.field == field
    message = str(excinfo.value)
    assert message.startswith(f"{field}: ")
    assert "\n" not in message


def test_parse_rejects_a_member_with_neither_region_nor_country():
    data = copy.deepcopy(SPEC_EXAMPLE)
    del data["members"][0]["region"]
    data["members"][0]["country"] = None
    with pytest.raises(InputError) as excinfo:
        parse_proposal(data, REF)
    assert str(excinfo.value) == "members[0].region: is required when no country is given"


def test_parse_rejects_a_member_whose_country_has_no_region_and_names_no_region():
    data = copy.deepcopy(SPEC_EXAMPLE)
    data["members"][0].update(country="aq", region="")
    with pytest.raises(InputError) as excinfo:
        parse_proposal(data, REF)
    assert str(excinfo.value) == "members[0].region: is required: AQ has no region of its own"


def test_parse_accepts_a_country_without_region_when_the_region_is_given():
    data = copy.deepcopy(SPEC_EXAMPLE)
    data["members"][0].update(country="AQ", region="europe")
    assert parse_proposal(data, REF).members[0].region == "europe"


def test_parse_error_names_the_offending_value():
    data = copy.deepcopy(SPEC_EXAMPLE)
    data["members"][0]["country"] = "zz"
    with pytest.raises(InputError, match=r"^members\[0\]\.country: unknown country code 'ZZ'$"):
        parse_proposal(data, REF)


def test_parse_rejects_a_proposal_that_is_not_an_object():
    with pytest.raises(InputError) as excinfo:
        parse_proposal([SPEC_EXAMPLE], REF)
    assert excinfo.value.field == ""
    assert str(excinfo.value) == "must be an object"


def test_parse_reports_the_first_error_in_document_order():
    data = copy.deepcopy(SPEC_EXAMPLE)
    data["youth_focus"] = "yes"
    data["work_plan"] = "soon"
    with pytest.raises(InputError) as excinfo:
        parse_proposal(data, REF)
    assert excinfo.value.field == "youth_focus"
