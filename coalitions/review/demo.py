"""Demo review state, loaded by `manage.py load_demo` after the demo proposals; idempotent.

The demo reviewers join their reviewing bodies, and three 2024 coalitions go through review
to the hub (through the real workflow, so events, slugs and the search index are as in
production): "Just Institutions" and two coalitions whose sessions the summaries demo links.
A second drug-policy proposal, filed by the demo co-editor with two of the first one's
members, makes a pair of similar proposals ready to merge, and the edition's targets ask for
more coalitions on health than the portfolio has, so the start page and the portfolio page
show a missed target that ticking either drug-policy candidate meets.
"""

from __future__ import annotations

from django.utils import timezone

from impact.demo import demo_user
from impact.models import ConferenceEdition

from .. import workflow
from ..demo import COEDITOR, DRUG_POLICY, FILER, _ensure, _member
from ..enums import MilestoneStatus, PortfolioDimension, ProposalStatus
from ..hub import progress
from ..models import Conflict, Network, PortfolioTarget, Proposal, Reviewer, Theme
from . import similarity

REVIEWERS = [
    ("reviewer@demo.impact-hub.org", "global-ngo-network"),
    ("expert@demo.impact-hub.org", "expert-sub-committee"),
]
ORGANIZER = "organizer@demo.impact-hub.org"

PLAN = (
    "We will meet the permanent missions of the co-facilitators of the Pact for the Future in "
    "New York, brief UN country teams in four regions on our asks, and bring community "
    "evidence to the relevant UN agencies before and after the Summit of the Future."
)

FINANCING = {
    "title": "Fair financing for sustainable development",
    "conference": "un-csc-2024",
    "summary": "Debt justice, fair taxation and climate finance that reaches communities.",
    "themes": ["sustainable_development", "climate_environment"],
    "principles": "Financing for development is a matter of justice between nations and "
    "generations; people affected by debt must have a say in its terms.",
    "asks": "A UN framework convention on sovereign debt; a UN tax convention; climate finance "
    "as grants, not loans.",
    "members": [
        _member("Lusaka Debt Justice Forum", "ZM", ["ngos", "women"], role="lead"),
        _member("Manila Fiscal Watch", "PH", ["ngos", "workers_trade_unions"]),
        _member("Red Andina de Finanzas Justas", "PE", ["ngos", "indigenous_peoples"]),
        _member("Beirut Economic Rights Initiative", "LB", ["ngos", "children_youth"]),
        _member("Brussels Tax Justice Office", "BE", ["ngos"]),
        _member(
            "Ottawa Institute for Development Finance",
            "CA",
            ["education_academia"],
            sector="academia",
        ),
    ],
    "engagement": {"targets": ["member_states", "un_agencies"], "plan": PLAN},
    "work_plan": [
        {"date": "2024-05-10", "title": "Coalition session at the Nairobi conference"},
        {"date": "2024-07-20", "title": "Submission to the Financing for Development forum"},
        {"date": "2024-09-22", "title": "Side event at the Summit of the Future"},
    ],
    "contacts": [
        {
            "name": "Chanda Mwale",
            "email": "debt@example.org",
            "organization": "Lusaka Debt Justice Forum",
        }
    ],
}

LISTENS = {
    "title": "A UN that listens: people's participation in global governance",
    "conference": "un-csc-2024",
    "summary": "Meaningful, safe and inclusive participation of people in UN decision-making.",
    "themes": ["global_governance", "human_rights", "youth_future_generations"],
    "principles": "Participation is a right, not a favour: the UN is stronger when the people "
    "it serves can speak in its rooms.",
    "asks": "A UN civil society envoy; a World Citizens' Initiative; standards for access to "
    "UN meetings, including online and in local languages.",
    "youth_focus": True,
    "members": [
        _member(
            "Dakar Citizens' Assembly Network", "SN", ["ngos", "local_communities"], role="lead"
        ),
        _member("Jakarta Youth Parliament Watch", "ID", ["children_youth"]),
        _member("Amman Civic Space Observatory", "JO", ["ngos", "women"]),
        _member("Guatemala Indigenous Voices", "GT", ["indigenous_peoples"]),
        _member("Oslo Democracy Lab", "NO", ["science_technology"], sector="academia"),
        _member("Chicago Participation Project", "US", ["volunteer_groups"]),
    ],
    "engagement": {"targets": ["member_states", "un_country_teams"], "plan": PLAN},
    "work_plan": [
        {"date": "2024-05-10", "title": "Coalition session at the Nairobi conference"},
        {"date": "2024-06-15", "title": "Online consultation in English, French and Spanish"},
        {"date": "2024-10-01", "title": "Report to the President of the General Assembly"},
    ],
    "contacts": [
        {
            "name": "Awa Diop",
            "email": "participation@example.org",
            "organization": "Dakar Citizens' Assembly Network",
        }
    ],
}


HEALTH_FIRST = {
    "title": "Health first: communities at the centre of drug policy",
    "conference": "un-csc-2024",
    "summary": "People who use drugs and their communities bring health and human rights "
    "evidence to UN drug policy.",
    "themes": ["health", "human_rights"],
    "principles": "Health, human rights and the participation of affected communities in drug "
    "policy.",
    "asks": "Put health and human rights at the centre of the UN's drug policy work; include "
    "affected communities in national consultations.",
    "youth_focus": False,
    "members": [
        _member("Asia Drug Policy Forum", "TH", ["ngos"], role="lead"),
        _member("Harm Reduction Africa Network", "ZA", ["ngos", "local_communities"]),
        _member("Beirut Harm Reduction Collective", "LB", ["ngos", "children_youth"]),
        _member("Toronto Drug Policy Clinic", "CA", ["persons_with_disabilities"]),
    ],
    "engagement": {"targets": ["un_agencies"], "plan": PLAN},
    "work_plan": [
        {"date": "2024-05-09", "title": "Workshop on drug policy at the Nairobi conference"},
        {"date": "2024-09-23", "title": "Dialogue on health and drug policy after the Summit"},
    ],
    "contacts": [
        {
            "name": "Somchai Prasert",
            "email": "somchai@adpf.example.org",
            "organization": "Asia Drug Policy Forum",
        }
    ],
}


def _publish(proposal: Proposal, *, organizer) -> None:
    """Take a submitted proposal through review to the hub."""
    if proposal.status == ProposalStatus.SUBMITTED:
        proposal = workflow.start_review(proposal, actor=organizer)
    if proposal.status == ProposalStatus.IN_REVIEW:
        proposal = workflow.shortlist(proposal, actor=organizer, reason="Demo data")
    if proposal.status == ProposalStatus.SHORTLISTED:
        workflow.publish(proposal, actor=organizer)


def load(stdout=None) -> list[Proposal]:
    themes = list(Theme.objects.order_by("pk"))
    for i, (email, network_slug) in enumerate(REVIEWERS):
        network = Network.objects.filter(slug=network_slug).first()
        if network is None:
            continue
        profile, created = Reviewer.objects.get_or_create(
            user=demo_user(email),
            defaults={"network": network, "languages": [["en", "fr"], ["es", "en"]][i % 2]},
        )
        if created and themes:
            # What the matched assignment looks at: themes and languages (and a conflict below).
            profile.themes.set(themes[i * 2 : i * 2 + 3])
    organizer = demo_user(ORGANIZER)
    filer = demo_user(FILER)
    published = []
    for data in (FINANCING, LISTENS):
        proposal, _created = _ensure(data, owner=filer, submitted=True)
        published.append(proposal)
    icj = Proposal.objects.filter(
        edition__slug="un-csc-2024", title__startswith="Just Institutions"
    ).first()
    if icj is not None:
        published.append(icj)
    for proposal in published:
        _publish(proposal, organizer=organizer)
        if stdout is not None:
            stdout.write(f"  demo coalition in the hub: {proposal.title}")
    if published:
        _report_progress(published[0], lead=filer)
        _declare_conflict(published[-1])
    _similar_pair(filer, stdout)
    _portfolio_targets()
    return published


def _similar_pair(filer, stdout=None) -> None:
    """A second drug-policy proposal beside the first: the similarity index suggests merging
    them (two shared members, the same asks), as it would on submission."""
    drugs = Proposal.objects.filter(
        edition__slug="un-csc-2024", owner=filer, title=DRUG_POLICY["title"]
    ).first()
    if drugs is None:
        return
    health, created = _ensure(HEALTH_FIRST, owner=demo_user(COEDITOR), submitted=True)
    for proposal in (drugs, health):
        similarity.refresh(proposal)
    if stdout is not None and created:
        stdout.write(f"  demo proposal similar to another: {health.title}")


def _declare_conflict(proposal: Proposal) -> None:
    """The expert advises a member of the last demo coalition: it is hidden from them."""
    member = proposal.members.order_by("pk").first()
    expert = Reviewer.objects.filter(user__email=REVIEWERS[1][0]).first()
    if member is not None and expert is not None:
        Conflict.objects.get_or_create(
            user=expert.user,
            organization_id=member.organization_id,
            defaults={"reason": "I advise this organization."},
        )


def _portfolio_targets() -> None:
    """The 2024 edition's own targets for its portfolio (`/review/portfolio/`): half of the
    coalitions led from the global south, its members as C1 asks of each coalition, and a
    fifth of the coalitions working on health (none of the published ones does: a missed
    target, which shortlisting a drug-policy candidate meets)."""
    edition = ConferenceEdition.objects.filter(slug="un-csc-2024").first()
    if edition is None:
        return
    for dimension, key, percent in (
        (PortfolioDimension.GLOBAL_SOUTH, "leads", 50),
        (PortfolioDimension.GLOBAL_SOUTH, "members", 60),
        (PortfolioDimension.THEME, "health", 20),
    ):
        PortfolioTarget.objects.get_or_create(
            edition=edition, dimension=dimension, key=key, defaults={"min_percent": percent}
        )


def _report_progress(proposal: Proposal, *, lead) -> None:
    """The first milestone of a demo coalition marked done, so its page shows a history."""
    proposal.refresh_from_db()
    first = proposal.work_plan.exclude(date=None).order_by("date", "pk").first()
    if proposal.status != ProposalStatus.PUBLISHED or first is None:
        return
    if proposal.milestone_updates.exists():
        return
    progress.report(
        first,
        actor=lead,
        status=MilestoneStatus.DONE,
        note="Held as planned; the summary is on the members' list.",
        happened_on=min(first.date, timezone.localdate()),
    )
