"""Review: networks and their reviewers, assignments, reviews, merge suggestions and merge
requests with each lead's consent, support follow-ups, and the similarity index."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..enums import (
    ConsentDecision,
    FollowUpStatus,
    MergeRequestStatus,
    NetworkKind,
    Recommendation,
    SuggestionStatus,
)
from .proposals import Proposal
from .reference import Organization, Theme


class Network(models.Model):
    """One of the conference's major networks, or its Expert sub-committee (editable)."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=NetworkKind.choices, default=NetworkKind.NETWORK
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        # Seeded names are in the catalogues (migration 0006); a renamed network is as typed.
        return gettext(self.name)


class Reviewer(models.Model):
    """A reviewer's membership of a network, and the organization they work for.

    The organization is what the conflict-of-interest rule looks at: a reviewer may not review
    a proposal their organization is a member of.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
    )
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="reviewers"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewers",
    )
    active = models.BooleanField(_("takes new assignments"), default=True)
    # What the matched assignment (coalitions.review.matching) looks at, declared by the reviewer.
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes I know"), blank=True, related_name="reviewers"
    )
    languages = models.JSONField(
        _("working languages"), default=list, blank=True, help_text=_("Codes: en, fr, es.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=10,
        help_text=_("How many proposals of an edition you can review."),
    )

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["network__order", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} ({self.network})"


class Assignment(models.Model):
    """A proposal given to a network (any of its reviewers) or to one reviewer."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    # A declined assignment stays, so the same reviewer is never proposed again for it.
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    decline_reason = models.CharField(_("why declined"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["proposal", "network__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"],
                condition=Q(reviewer__isnull=False),
                name="assignment_once_per_reviewer",
            ),
            models.UniqueConstraint(
                fields=["proposal", "network"],
                condition=Q(reviewer__isnull=True),
                name="assignment_once_per_network",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} → {self.reviewer or self.network}"


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Review(models.Model):
    """One reviewer's view of one proposal: a recommendation, three scores, a comment."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    # The reviewer's network when they reviewed: the network view groups by it.
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices
    )
    merge_with = models.ForeignKey(
        Proposal,
        verbose_name=_("merge with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("When recommending a merge: the proposal to merge with."),
    )
    relevance = models.PositiveSmallIntegerField(_("relevance (1–5)"), validators=SCORE)
    diversity = models.PositiveSmallIntegerField(_("diversity (1–5)"), validators=SCORE)
    feasibility = models.PositiveSmallIntegerField(_("feasibility (1–5)"), validators=SCORE)
    comment = models.TextField(_("comment"), blank=True)
    private_note = models.TextField(
        _("private note"), blank=True, help_text=_("Seen by reviewers and organizers only.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="review_once"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{f}__gte": 1, f"{f}__lte": 5}), name=f"review_{f}_1_to_5"
                )
                for f in ("relevance", "diversity", "feasibility")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.proposal}"

    @property
    def score(self) -> float:
        return round((self.relevance + self.diversity + self.feasibility) / 3, 2)


class MergeSuggestion(models.Model):
    """A possible merge found by `coalitions.review.similarity`, with the reasons for it.

    The pair is stored once, lower id first.
    """

    proposal_a = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    proposal_b = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("similarity"), db_index=True)
    text_score = models.FloatField(_("text similarity"))
    member_score = models.FloatField(_("shared members"))
    shared_words = models.JSONField(_("shared words"), default=list, blank=True)
    shared_members = models.JSONField(_("shared member organizations"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default="open"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("merge suggestion")
        verbose_name_plural = _("merge suggestions")
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["proposal_a", "proposal_b"], name="suggestion_once"),
            models.CheckConstraint(
                condition=Q(proposal_a__lt=models.F("proposal_b")), name="suggestion_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_a_id} ~ {self.proposal_b_id} ({self.score:.2f})"

    def other(self, proposal: Proposal) -> Proposal:
        return self.proposal_b if proposal.pk == self.proposal_a_id else self.proposal_a


class MergeRequest(models.Model):
    """A merge suggested by reviewers, waiting for the lead of every source to agree."""

    sources = models.ManyToManyField(Proposal, through="MergeConsent", related_name="+")
    target = models.ForeignKey(
        Proposal,
        verbose_name=_("merge into"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: the merge creates a new proposal."),
    )
    title = models.CharField(_("title of the merged proposal"), max_length=200, blank=True)
    reason = models.TextField(_("why merge"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MergeRequestStatus.choices, default="pending"
    )
    result = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    suggestion = models.ForeignKey(
        MergeSuggestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("merge request")
        verbose_name_plural = _("merge requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"


class MergeConsent(models.Model):
    """One source's answer to a merge request, given by that proposal's owner (its lead)."""

    request = models.ForeignKey(MergeRequest, on_delete=models.CASCADE, related_name="consents")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="consents")
    decision = models.CharField(
        _("answer"), max_length=10, choices=ConsentDecision.choices, default="pending"
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("merge consent")
        verbose_name_plural = _("merge consents")
        ordering = ["request", "proposal"]
        constraints = [models.UniqueConstraint(fields=["request", "proposal"], name="consent_once")]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_decision_display()}"


class MergedText(models.Model):
    """What each source of a merge brought, kept with attribution on the result."""

    result = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="merged_texts")
    source = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    source_title = models.CharField(_("source title"), max_length=200)
    lead = models.CharField(_("lead organization"), max_length=200, blank=True)
    principles = models.TextField(_("principles advanced"), blank=True)
    asks = models.TextField(_("specific asks"), blank=True)

    class Meta:
        verbose_name = _("merged text")
        verbose_name_plural = _("merged texts")
        ordering = ["result", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["result", "source"], name="merged_text_once")
        ]

    def __str__(self) -> str:
        return self.source_title


class SupportFollowUp(models.Model):
    """Who follows up a proposal's request for support, and what was done."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="support_follow_up"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_follow_ups",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default="open"
    )
    action_taken = models.TextField(_("what was done"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("support follow-up")
        verbose_name_plural = _("support follow-ups")

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_status_display()}"


class ProposalTerms(models.Model):
    """The similarity index: a proposal's weighted terms (see `coalitions.review.similarity`)."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="terms")
    # Copied from the proposal so the index is read without joins.
    edition_id_copy = models.PositiveIntegerField(db_index=True)
    mergeable = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("similarity index entry")
        verbose_name_plural = _("similarity index")

    def __str__(self) -> str:
        return str(self.proposal_id)


class Posting(models.Model):
    """One term of one proposal (the inverted index: term → proposals)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    edition_id_copy = models.PositiveIntegerField()
    term = models.CharField(max_length=40)
    # The term's weight in the proposal's length-normalised log-tf vector (SMART "lnc").
    weight = models.FloatField()

    class Meta:
        # Covering (PostgreSQL): a lookup reads postings from the index alone.
        indexes = [
            models.Index(
                fields=["edition_id_copy", "term"],
                include=["proposal", "weight"],
                name="posting_term",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "term"], name="posting_once"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.term}"
