"""Models of the coalitions app, one module per concern."""

from .hub import CoalitionUpdate, JoinRequest
from .progress import MilestoneUpdate
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
from .review import (
    Assignment,
    MergeConsent,
    MergedText,
    MergeRequest,
    MergeSuggestion,
    Network,
    Posting,
    ProposalTerms,
    Review,
    Reviewer,
    SupportFollowUp,
)

__all__ = [
    "CoalitionUpdate",
    "JoinRequest",
    "Assignment",
    "ConstituencyType",
    "Contact",
    "EditorInvitation",
    "MergeConsent",
    "MergeRequest",
    "MergeSuggestion",
    "MergedText",
    "MilestoneUpdate",
    "Network",
    "Organization",
    "Posting",
    "Proposal",
    "ProposalEvent",
    "ProposalMember",
    "ProposalTerms",
    "ProposalVersion",
    "Region",
    "Review",
    "Reviewer",
    "Sector",
    "SupportFollowUp",
    "Theme",
    "WorkPlanItem",
]
