"""Every choice list of the coalitions app, and every named group of proposal states.

A rule that asks "is the proposal in one of these states?" uses a group from here
(`AWAITING_DECISION`, `OPEN_TO_REVIEW`…); no other module spells out a set of states.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    MERGED = "merged", _("Merged")
    DUPLICATE = "duplicate", _("Duplicate")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    PUBLISHED = "published", _("Published")


# --- groups of proposal states: each named for what it means, and defined here only ----------

FILER_EDITABLE = frozenset(
    {ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.CHANGES_REQUESTED}
)
"""The filer and co-editors may edit (deadline rules apply on top)."""

SUBMITTABLE = frozenset({ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED})
"""The filers may submit: a draft, or a proposal reviewers returned for changes."""

UNDECIDED = frozenset(
    {
        ProposalStatus.DRAFT,
        ProposalStatus.SUBMITTED,
        ProposalStatus.IN_REVIEW,
        ProposalStatus.CHANGES_REQUESTED,
    }
)
"""No decision yet: the filers may withdraw, organizers may grant deadline exceptions."""

AWAITING_DECISION = frozenset(
    {ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.CHANGES_REQUESTED}
)
"""Submitted and not decided: reviewers may shortlist, decline or mark it a duplicate."""

RETURNABLE = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW})
"""Reviewers may return it to the filers for changes."""

OPEN_TO_REVIEW = AWAITING_DECISION | {ProposalStatus.SHORTLISTED}
"""Reviewers may review and assign it, and it may be merged (with its merge suggestions)."""

COMPARABLE = OPEN_TO_REVIEW | {ProposalStatus.PUBLISHED}
"""In the similarity index, and what a duplicate may point to as its original."""

RECONSIDERABLE = frozenset(
    {ProposalStatus.SHORTLISTED, ProposalStatus.DECLINED, ProposalStatus.DUPLICATE}
)
"""Decisions organizers may take back (the proposal returns to review)."""

CLOSED = frozenset(
    {
        ProposalStatus.MERGED,
        ProposalStatus.DUPLICATE,
        ProposalStatus.DECLINED,
        ProposalStatus.WITHDRAWN,
    }
)
"""End states: read-only for everyone but organizers."""


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Member")


class CoalitionOrigin(models.TextChoices):
    NEW = "new", _("A new coalition")
    EXISTING = "existing", _("An existing coalition")


class EngagementTarget(models.TextChoices):
    MEMBER_STATES = "member_states", _("Member States")
    UN_COUNTRY_TEAMS = "un_country_teams", _("UN country teams")
    UN_AGENCIES = "un_agencies", _("UN agencies")


class SupportKind(models.TextChoices):
    PARTNER_MATCHING = "partner_matching", _("Matching with partners")
    CONNECTION = "connection", _("Connection to Member States or the UN")
    FACILITATION = "facilitation", _("Facilitation")
    OTHER = "other", _("Other")


class Recommendation(models.TextChoices):
    SHORTLIST = "shortlist", _("Shortlist")
    MERGE = "merge", _("Merge with another proposal")
    DECLINE = "decline", _("Decline")
    NEEDS_CHANGES = "needs_changes", _("Needs changes")


class JoinRequestState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class NetworkKind(models.TextChoices):
    NETWORK = "network", _("Major network")
    EXPERT = "expert", _("Expert sub-committee")


class ConflictState(models.TextChoices):
    DECLARED = "declared", _("Declared by the reviewer")
    PINNED = "pinned", _("Pinned by organizers")
    LIFTED = "lifted", _("Lifted by organizers")


class AssignmentRunState(models.TextChoices):
    QUEUED = "queued", _("Being solved")
    READY = "ready", _("Ready to confirm")
    CONFIRMED = "confirmed", _("Confirmed")
    FAILED = "failed", _("Failed")


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted (merge proposed)")
    DISMISSED = "dismissed", _("Dismissed")


class MergeRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the leads")
    DECLINED = "declined", _("Declined by a lead")
    DONE = "done", _("Merged")
    CANCELLED = "cancelled", _("Cancelled")


class ConsentDecision(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class RepresentativeState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


class CorrectionState(models.TextChoices):
    PENDING = "pending", _("Waiting for a representative")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class OrganizationChange(models.TextChoices):
    """Why an organization's shared details changed (each change is kept as a version)."""

    EDITED = "edited", _("Edited directly")
    CORRECTION = "correction", _("Suggested correction accepted")
    ADMIN = "admin", _("Changed in the admin")


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class EventAction(models.TextChoices):
    """What a `ProposalEvent` records, as reviewers read it in the history. The event's
    `action` column stays free text (no choices): an action not listed shows as stored."""

    SUBMIT = "submit", pgettext_lazy("history", "submitted")
    WITHDRAW = "withdraw", pgettext_lazy("history", "withdrawn")
    START_REVIEW = "start_review", pgettext_lazy("history", "review started")
    REQUEST_CHANGES = "request_changes", pgettext_lazy("history", "changes requested")
    SHORTLIST = "shortlist", pgettext_lazy("history", "shortlisted")
    DECLINE = "decline", pgettext_lazy("history", "declined")
    MARK_DUPLICATE = "mark_duplicate", pgettext_lazy("history", "marked as a duplicate")
    MERGE = "merge", pgettext_lazy("history", "merged")
    MERGED_FROM = "merged_from", pgettext_lazy("history", "merged from other proposals")
    MERGE_PROPOSED = "merge_proposed", pgettext_lazy("history", "merge proposed")
    MERGE_ACCEPTED = "merge_accepted", pgettext_lazy("history", "merge accepted")
    PUBLISH = "publish", pgettext_lazy("history", "published")
    RECONSIDER = "reconsider", pgettext_lazy("history", "reconsidered")
    REOPEN = "reopen", pgettext_lazy("history", "reopened for edits")
    LATE_LINK = "late_link", pgettext_lazy("history", "late-submission link issued")
    JOIN_REQUESTED = "join_requested", pgettext_lazy("history", "request to join")
    JOIN_ACCEPTED = "join_accepted", pgettext_lazy("history", "request to join accepted")
    JOIN_DECLINED = "join_declined", pgettext_lazy("history", "request to join declined")
    UPDATE_POSTED = "update_posted", pgettext_lazy("history", "update posted")
    WORK_PLAN_UPDATED = "work_plan_updated", pgettext_lazy("history", "work plan updated")
    REOWNED = "reowned", pgettext_lazy("history", "handed to a new owner (account deleted)")

    @classmethod
    def label_of(cls, code: str) -> str:
        return str(dict(cls.choices).get(code, code))


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")

    @classmethod
    def open(cls) -> frozenset[str]:
        """Milestones still to be delivered: their date passing calls for an update."""
        return frozenset({cls.PLANNED, cls.IN_PROGRESS})


class Activity(models.TextChoices):
    """How recently a published coalition reported progress (see `coalitions.hub.activity`)."""

    ACTIVE = "active", _("Active")
    REPORT_DUE = "report_due", _("Report due")
    INACTIVE = "inactive", _("Inactive")


class PortfolioDimension(models.TextChoices):
    """What a balance meter of the portfolio measures (`coalitions.review.portfolio`)."""

    REGION = "region", _("Members by region")
    GLOBAL_SOUTH = "global_south", _("Global south")
    CONSTITUENCY = "constituency", _("Constituency types")
    THEME = "theme", _("Themes")
    LEAD_REGION = "lead_region", _("Lead organization's region")
    LANGUAGE = "language", _("Working languages")
