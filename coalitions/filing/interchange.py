"""A saved proposal as the interchange JSON of docs/interchange.md (export side; `filing.importing`
reads it back into a new draft)."""

from __future__ import annotations

from typing import Any

from ..models import Proposal


def export_proposal(proposal: Proposal) -> dict[str, Any]:
    """The proposal in the interchange format; `parse_proposal` reads it back."""
    return {
        "title": proposal.title,
        "conference": proposal.edition.slug,
        "summary": proposal.summary,
        "themes": [t.slug for t in proposal.themes.all()],
        "origin": proposal.origin,
        "principles": proposal.principles,
        "asks": proposal.asks,
        "youth_focus": proposal.youth_focus,
        "members": [
            {
                "name": m.organization.name,
                "acronym": m.organization.acronym,
                "sector": m.organization.sector.slug,
                "country": str(m.organization.country or ""),
                "region": m.organization.region.slug,
                "global": m.organization.is_global,
                "constituencies": [c.slug for c in m.organization.constituencies.all()],
                "website": m.organization.website,
                "role": m.role,
            }
            for m in proposal.members.all()
        ],
        "engagement": {
            "targets": list(proposal.engagement_targets or []),
            "plan": proposal.engagement_plan,
            "support_needed": proposal.support_needed,
        },
        "support_requested": list(proposal.support_requested or []),
        "support_details": proposal.support_details,
        "work_plan": [
            {
                "date": i.date.isoformat() if i.date else None,
                "title": i.title,
                "description": i.description,
            }
            for i in proposal.work_plan.all()
        ],
        "contacts": [
            {"name": c.name, "email": c.email, "organization": c.organization}
            for c in proposal.contacts.all()
        ],
    }
