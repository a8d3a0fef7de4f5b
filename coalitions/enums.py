"""Every choice list of the coalitions app, with the named groups of states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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

    @classmethod
    def filer_editable(cls) -> frozenset[str]:
        """States in which the filer and co-editors may edit (deadline rules apply on top)."""
        return frozenset({cls.DRAFT, cls.SUBMITTED, cls.CHANGES_REQUESTED})

    @classmethod
    def under_review(cls) -> frozenset[str]:
        """States reviewers work on."""
        return frozenset({cls.SUBMITTED, cls.IN_REVIEW, cls.CHANGES_REQUESTED})

    @classmethod
    def visible_to_reviewers(cls) -> frozenset[str]:
        """Everything but drafts: reviewers never see a draft."""
        return frozenset(s for s in cls.values if s != cls.DRAFT)

    @classmethod
    def closed(cls) -> frozenset[str]:
        """End states: read-only for everyone but organizers."""
        return frozenset({cls.MERGED, cls.DUPLICATE, cls.DECLINED, cls.WITHDRAWN})

    @classmethod
    def public(cls) -> frozenset[str]:
        return frozenset({cls.PUBLISHED})


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


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted (merge proposed)")
    DISMISSED = "dismissed", _("Dismissed")


class MergeRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the leads")
    DECLINED = "declined", _("Declined by a lead")
    DONE = "done", _("Merged")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def open(cls) -> frozenset[str]:
        return frozenset({cls.PENDING})


class ConsentDecision(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


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
    """How recently a published coalition reported progress (see `coalitions.activity`)."""

    ACTIVE = "active", _("Active")
    REPORT_DUE = "report_due", _("Report due")
    INACTIVE = "inactive", _("Inactive")
