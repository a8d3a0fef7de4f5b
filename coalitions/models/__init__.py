"""Models of the coalitions app, one module per concern."""

from .proposals import (
    Contact,
    EditorInvitation,
    Proposal,
    ProposalEvent,
    ProposalMember,
    ProposalVersion,
    WorkPlanItem,
)
from .reference import ConstituencyType, Organization, Region, Sector, Theme

__all__ = [
    "ConstituencyType",
    "Contact",
    "EditorInvitation",
    "Organization",
    "Proposal",
    "ProposalEvent",
    "ProposalMember",
    "ProposalVersion",
    "Region",
    "Sector",
    "Theme",
    "WorkPlanItem",
]
