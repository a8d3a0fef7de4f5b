"""Models of the coalitions app, one module per concern."""

from .assigning import AssignmentRun, Conflict, DiscussionClosure, DiscussionMessage
from .directory import PartnerInvitation, Representative
from .hub import CoalitionUpdate, JoinRequest
from .organizations import OrganizationCorrection, OrganizationVersion
from .portfolio import CalibratedScore, PortfolioTarget
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
    "CalibratedScore",
    "CoalitionUpdate",
    "JoinRequest",
    "Assignment",
    "AssignmentRun",
    "Conflict",
    "DiscussionClosure",
    "DiscussionMessage",
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
    "OrganizationCorrection",
    "OrganizationVersion",
    "PartnerInvitation",
    "PortfolioTarget",
    "Posting",
    "Proposal",
    "ProposalEvent",
    "ProposalMember",
    "ProposalTerms",
    "ProposalVersion",
    "Region",
    "Representative",
    "Review",
    "Reviewer",
    "Sector",
    "SupportFollowUp",
    "Theme",
    "WorkPlanItem",
]
