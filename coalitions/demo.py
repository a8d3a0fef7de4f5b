"""Demo coalitions (fictional organizations), loaded by `manage.py load_demo`; idempotent.

Two proposals drawn from the 2024 conference's own examples, both submitted to `un-csc-2024`
by the demo filer: one meets all four criteria, one misses regional diversity (C1). And one
draft in the open demo edition, to try the form with. The demo filer acts for the lead
organization of the first (their claim, filed by typing it, confirmed by the demo organizer),
so the representatives' panel, invitations and corrections can be tried.
"""

from __future__ import annotations

import datetime as dt

from impact.demo import demo_user
from impact.models import ConferenceEdition

from .enums import MemberRole, ProposalStatus, RepresentativeState
from .filing.importing import import_proposal
from .filing.versions import snapshot
from .models import Proposal, Representative
from .organizations import representatives

FILER = "filer@demo.impact-hub.org"
COEDITOR = "coeditor@demo.impact-hub.org"
ORGANIZER = "organizer@demo.impact-hub.org"

PLAN_ICJ = (
    "We will brief the permanent missions of the States that have not yet accepted the "
    "Court's compulsory jurisdiction, in New York and The Hague, and meet the UN Office of "
    "Legal Affairs and UNDP rule-of-law teams in five countries before the Summit."
)
PLAN_DRUGS = (
    "We will hold a dialogue with Member States on the Commission on Narcotic Drugs, present "
    "community evidence to UNODC, WHO and OHCHR, and ask UN country teams in three regions to "
    "include people who use drugs in national consultations."
)


def _member(name, country, constituencies, *, sector="civil_society", role="member", **kw):
    return {
        "name": name,
        "sector": sector,
        "country": country,
        "constituencies": constituencies,
        "role": role,
        **kw,
    }


JUST_INSTITUTIONS = {
    "title": "Just Institutions and the International Court of Justice",
    "conference": "un-csc-2024",
    "summary": "Civil society from every region for a stronger, more accessible World Court.",
    "themes": ["justice_rule_of_law", "global_governance", "peace_security"],
    "principles": "Accountability, access to justice and the rule of law among nations.",
    "asks": "Universal acceptance of the Court's compulsory jurisdiction; a trust fund to help "
    "least developed countries bring cases.",
    "youth_focus": False,
    "members": [
        _member(
            "Nairobi Centre for International Law", "KE", ["ngos"], role="lead", acronym="NCIL"
        ),
        _member("Andean Rule of Law Network", "CO", ["ngos", "indigenous_peoples"]),
        _member("Pacific Justice Collective", "FJ", ["local_communities"]),
        _member("Levant Legal Aid Forum", "LB", ["women"]),
        _member("Hague Academy for Peace Studies", "NL", ["education_academia"], sector="academia"),
        _member("Global Jurists' Alliance", "CH", ["ngos"], region="europe", **{"global": True}),
    ],
    "engagement": {"targets": ["member_states", "un_agencies"], "plan": PLAN_ICJ},
    "support_requested": ["connection"],
    "work_plan": [
        {"date": "2024-05-10", "title": "Coalition session at the Nairobi conference"},
        {"date": "2024-07-15", "title": "Briefing for permanent missions in New York"},
        {"date": "2024-09-22", "title": "Side event at the Summit of the Future"},
    ],
    "contacts": [
        {
            "name": "Wanjiru Kamau",
            "email": "wanjiru@ncil.example.org",
            "organization": "Nairobi Centre for International Law",
        }
    ],
}

DRUG_POLICY = {
    "title": "The future of drug policy – civil society perspectives on addressing the world "
    "drug situation",
    "conference": "un-csc-2024",
    "summary": "Communities affected by drug policy bring their evidence to the UN system.",
    "themes": ["health", "human_rights"],
    "principles": "Health, human rights and the meaningful participation of affected people.",
    "asks": "Put health and human rights at the centre of the UN's drug policy work.",
    "youth_focus": True,
    # Four civil-society members from three regions: C1 is not met.
    "members": [
        _member("Harm Reduction Africa Network", "ZA", ["ngos", "local_communities"], role="lead"),
        _member("Mujeres y Políticas de Drogas", "MX", ["women"]),
        _member("Asia Drug Policy Forum", "TH", ["ngos"]),
        _member("Lisbon Drug Policy Institute", "PT", ["science_technology"], sector="academia"),
    ],
    "engagement": {"targets": ["member_states", "un_country_teams"], "plan": PLAN_DRUGS},
    "support_requested": ["partner_matching", "facilitation"],
    "support_details": "We are looking for partners in Western Asia and North America.",
    "work_plan": [
        {"date": "2024-05-09", "title": "Workshop at the Nairobi conference"},
        {"date": "2024-06-26", "title": "Statement for the International Day against Drug Abuse"},
        {"date": "2024-09-23", "title": "Follow-up dialogue after the Summit"},
    ],
    "contacts": [
        {
            "name": "Thandiwe Mokoena",
            "email": "thandiwe@hran.example.org",
            "organization": "Harm Reduction Africa Network",
        }
    ],
}

OPEN_DRAFT = {
    "title": "Digital rights coalition (draft)",
    "conference": "demo-open-call",
    "principles": "An open, safe and rights-respecting digital future.",
    "members": [
        _member("Nairobi Centre for International Law", "KE", ["ngos"], role="lead"),
        _member("Pacific Justice Collective", "FJ", ["local_communities"]),
    ],
    "engagement": {"targets": [], "plan": ""},
    "work_plan": [],
}


def _ensure(data: dict, *, owner, submitted: bool) -> tuple[Proposal, bool]:
    edition = ConferenceEdition.objects.filter(slug=data["conference"]).first()
    existing = Proposal.objects.filter(edition=edition, owner=owner, title=data["title"]).first()
    if existing is not None:
        return existing, False
    proposal = import_proposal(data, owner=owner)
    if submitted:
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_at = edition.eoi_deadline - dt.timedelta(days=3)
        proposal.save(update_fields=["status", "submitted_at", "updated_at"])
        snapshot(proposal, actor=owner, note="submitted")
    return proposal, True


def load(stdout=None) -> list[Proposal]:
    filer = demo_user(FILER)
    made = []
    for data, submitted in ((JUST_INSTITUTIONS, True), (DRUG_POLICY, True), (OPEN_DRAFT, False)):
        if not ConferenceEdition.objects.filter(slug=data["conference"]).exists():
            continue
        proposal, created = _ensure(data, owner=filer, submitted=submitted)
        if proposal.edition.slug == "demo-open-call":
            proposal.editors.add(demo_user(COEDITOR))
        made.append(proposal)
        if stdout is not None and created:
            stdout.write(f"  demo proposal: {proposal.title} ({proposal.get_status_display()})")
    if made:
        _confirm_lead(made[0], filer)
    return made


def _confirm_lead(proposal: Proposal, filer) -> None:
    """The filer's claim on the proposal's lead organization, confirmed (once)."""
    lead = proposal.members.filter(role=MemberRole.LEAD).select_related("organization").first()
    if lead is None:
        return
    claim = Representative.objects.filter(
        organization=lead.organization, user=filer, state=RepresentativeState.PENDING
    ).first()
    if claim is not None:
        representatives.confirm(claim, actor=demo_user(ORGANIZER))
