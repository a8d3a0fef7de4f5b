"""Models of the coalitions app, one module per concern."""

from .hub import CoalitionUpdate, JoinRequest
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
    "CoalitionUpdate",
    "JoinRequest",
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
