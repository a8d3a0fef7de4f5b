"""The compiler: order, content, and what recompiling keeps."""

import datetime

from summaries.compiler import Point, build_document, compile_draft, points
from summaries.enums import ReportStatus, SessionKind
from summaries.models import SummaryDraft
from tests.factories import OrganizationFactory, ProposalFactory, ProposalMemberFactory
from tests.summaries.factories import ReportFactory, SessionFactory

T = datetime.time


def _programme(edition):
    day1, day2 = edition.starts_on, edition.ends_on
    specs = [
        # (title, kind, date, start)
        ("Afternoon workshop", SessionKind.WORKSHOP, day1, T(14)),
        ("Closing plenary", SessionKind.PLENARY, day2, T(16)),
        ("Morning workshop", SessionKind.WORKSHOP, day1, T(9)),
        ("Opening plenary", SessionKind.PLENARY, day1, T(9)),
        ("Coalition session", SessionKind.COALITION, day2, T(12, 30)),
        ("Dialogue with Member States", SessionKind.DIALOGUE, day2, T(15)),
    ]
    return {
        title: ReportFactory(
            session=SessionFactory(
                edition=edition,
                title=title,
                kind=kind,
                date=date,
                starts_at=start,
                ends_at=T(start.hour + 1, start.minute),
            )
        )
        for title, kind, date, start in specs
    }


def test_sections_by_kind_then_programme_order(edition):
    _programme(edition)
    compile_draft(edition)
    document = build_document(edition)
    assert [s.kind for s in document.sections] == [
        SessionKind.PLENARY,
        SessionKind.WORKSHOP,
        SessionKind.COALITION,
        SessionKind.DIALOGUE,
    ]
    assert [e.title for e in document.entries()] == [
        "Opening plenary",
        "Closing plenary",
        "Morning workshop",
        "Afternoon workshop",
        "Coalition session",
        "Dialogue with Member States",
    ]
    first = document.entries()[0]
    assert [str(p) for p in first.key_messages] == ["Key message of Opening plenary."]
    assert [str(p) for p in first.recommendations] == ["Recommendation of Opening plenary."]
    assert [str(p) for p in first.next_steps] == ["Next step of Opening plenary."]
    assert "09:00–10:00" in first.when
    # The annex lists the whole programme in time order, whatever the kind.
    # Same start: by title.
    assert [row.title for row in document.sessions][:3] == [
        "Morning workshop",
        "Opening plenary",
        "Afternoon workshop",
    ]


def test_only_accepted_reports_are_compiled(edition):
    reports = _programme(edition)
    reports["Closing plenary"].status = ReportStatus.SUBMITTED
    reports["Closing plenary"].save()
    compile_draft(edition)
    titles = [e.title for e in build_document(edition).entries()]
    assert "Closing plenary" not in titles and len(titles) == 5


def test_recompile_keeps_introduction_edits_order_and_left_out_sessions(edition):
    reports = _programme(edition)
    draft = compile_draft(edition)
    draft.introduction = "Our own introduction."
    draft.save()
    edited = draft.entries.get(session__title="Morning workshop")
    edited.key_messages, edited.edited = "Edited by the organizers.", True
    edited.save()
    left_out = draft.entries.get(session__title="Coalition session")
    left_out.included = False
    left_out.save()
    # The report changes afterwards, and a new one is accepted.
    report = reports["Morning workshop"]
    report.key_messages = "Changed by the session."
    report.save()
    other = reports["Afternoon workshop"]
    other.key_messages = "Refreshed text."
    other.save()
    ReportFactory(
        session=SessionFactory(
            edition=edition, title="Late plenary", kind=SessionKind.PLENARY, starts_at=T(8)
        )
    )

    compile_draft(edition)
    document = build_document(edition)
    assert document.introduction == ["Our own introduction."]
    by_title = {e.title: e for e in document.entries()}
    assert by_title["Morning workshop"].key_messages == [Point("Edited by the organizers.")]
    assert by_title["Afternoon workshop"].key_messages == [Point("Refreshed text.")]
    assert "Coalition session" not in by_title
    assert document.sections[0].entries[0].title == "Late plenary"  # programme order: 08:00


def test_reordered_draft_keeps_its_order_and_appends_new_sessions(edition):
    _programme(edition)
    draft = compile_draft(edition)
    opening = draft.entries.get(session__title="Opening plenary")
    opening.position = 999
    opening.save()
    SummaryDraft.objects.filter(pk=draft.pk).update(reordered=True)
    ReportFactory(
        session=SessionFactory(
            edition=edition, title="Early plenary", kind=SessionKind.PLENARY, starts_at=T(7)
        )
    )
    compile_draft(edition)
    plenary = [e.title for e in build_document(edition).sections[0].entries]
    # The hand-made order stays; the newcomer goes to the end of its section.
    assert plenary == ["Closing plenary", "Opening plenary", "Early plenary"]


def test_annex_lists_published_coalitions_with_members(edition):
    coalition = ProposalFactory(edition=edition, title="Coalition for open UN", status="published")
    ProposalMemberFactory(
        proposal=coalition, role="lead", organization=OrganizationFactory(name="Lead NGO")
    )
    ProposalMemberFactory(proposal=coalition, organization=OrganizationFactory(name="Member NGO"))
    ProposalFactory(edition=edition, title="Still a draft")
    document = build_document(edition)
    assert [(c.title, c.leads, c.members) for c in document.coalitions] == [
        ("Coalition for open UN", ["Lead NGO"], ["Member NGO"])
    ]


def test_points_keep_typed_markers_apart_and_drop_blank_lines():
    found = points("- one\n\n* two\n3. three\n• four\n12) twelve\n2024. a year\n  ")
    assert found == [
        Point("one", "-"),
        Point("two", "*"),
        Point("three", "3."),
        Point("four", "•"),
        Point("twelve", "12)"),
        Point("2024. a year"),
    ]
    assert [p.number for p in found] == [None, None, 3, None, 12, None]


def _queries_for(edition, n, django_assert_num_queries):
    for i in range(n):
        ReportFactory(session=SessionFactory(edition=edition, title=f"S{i}"))
        ProposalMemberFactory(proposal=ProposalFactory(edition=edition, status="published"))


def test_compile_and_build_run_constant_queries(edition, django_assert_max_num_queries):
    for count in (1, 12):
        _queries_for(edition, count, None)
        # compile: savepoint, get_or_create draft (2), lock, reports, entries, bulk insert,
        # bulk update, save draft, release: never one per report.
        with django_assert_max_num_queries(12):
            compile_draft(edition)
        # build: draft, entries with sessions and coalitions, participants, programme,
        # coalitions, members.
        with django_assert_max_num_queries(6):
            document = build_document(edition)
    assert document.total_entries == 13 and len(document.coalitions) == 13
