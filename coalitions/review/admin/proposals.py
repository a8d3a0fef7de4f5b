"""The reviewers' admin: proposals with their criteria, reviews, history and similar proposals."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Avg, Count, F, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coalitions.organizations import partner_search, partner_views
from impact import roles

from ...criteria_bridge import evaluate_proposal, reference
from ...enums import OPEN_TO_REVIEW, EngagementTarget, SuggestionStatus, SupportKind
from ...models import (
    MergedText,
    MergeSuggestion,
    Network,
    Proposal,
    ProposalEvent,
    ProposalMember,
    Region,
    Review,
)
from ...permissions import hidden_proposals, without_conflicts
from ...workflow import TransitionNotAllowed
from .. import merge_requests
from ..criteria_display import readable_report
from ..hidden import hidden_by_conflict
from ..similarity import models_q_either
from . import rows
from .actions import ACTIONS, ORGANIZER_ONLY
from .deletion import DeletedFilter, SoftDeleteMixin, undelete_selected
from .export_actions import _measured
from .filters import ThemeFilter


class FailingCriterionFilter(admin.SimpleListFilter):
    title = _("failing criterion")
    parameter_name = "failing"

    def lookups(self, request, model_admin):
        return [(c, c) for c in ("C1", "C2", "C3", "C4")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(failing_criteria__contains=self.value())
        return queryset


class NetworkFilter(admin.SimpleListFilter):
    title = _("network")
    parameter_name = "network"

    def lookups(self, request, model_admin):
        return [(n.pk, str(n)) for n in Network.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            assigned = Proposal.objects.filter(assignments__network_id=self.value()).values("pk")
            return queryset.filter(pk__in=assigned)
        return queryset


class RegionFilter(admin.SimpleListFilter):
    """Proposals with at least one member whose primary region is this one."""

    title = _("member region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(r.slug, str(r)) for r in Region.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            having = ProposalMember.objects.filter(organization__region__slug=self.value())
            return queryset.filter(pk__in=having.values("proposal_id"))
        return queryset


class ReviewInline(admin.TabularInline):
    model = Review
    fk_name = "proposal"
    extra = 0
    can_delete = False
    fields = [
        "reviewer",
        "network",
        "recommendation",
        "merge_with",
        "relevance",
        "diversity",
        "feasibility",
        "comment",
        "private_note",
    ]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer", "network", "merge_with")


class MemberInline(admin.TabularInline):
    model = ProposalMember
    extra = 0
    can_delete = False
    fields = ["organization", "role", "sector", "region", "country"]
    readonly_fields = fields
    verbose_name_plural = _("members")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organization__sector", "organization__region")
        )

    @admin.display(description=_("sector"))
    def sector(self, m):
        return m.organization.sector

    @admin.display(description=_("primary region"))
    def region(self, m):
        return m.organization.region

    @admin.display(description=_("country"))
    def country(self, m):
        return m.organization.country.name if m.organization.country else ""


class EventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "action_display", "from_display", "to_display", "reason"]
    readonly_fields = fields
    verbose_name_plural = _("history")
    fk_name = "proposal"

    # Stored codes (`start_review`, `in_review`) shown as labels in the reader's language.
    @admin.display(description=_("action"))
    def action_display(self, event):
        return event.action_label

    @admin.display(description=_("from"))
    def from_display(self, event):
        return event.from_label

    @admin.display(description=_("to"))
    def to_display(self, event):
        return event.to_label

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


def mark(criterion: str):
    @admin.display(description=criterion)
    def show(self, p):
        if not p.criteria_report:
            return "—"
        if criterion in p.failing_criteria.split():
            return format_html('<span class="crit-fail" title="{}">✗</span>', _("not met"))
        return format_html('<span class="crit-ok" title="{}">✓</span>', _("met"))

    return show


@admin.register(Proposal)
class ProposalAdmin(SoftDeleteMixin, admin.ModelAdmin):
    change_list_template = "admin/coalitions/proposal/change_list.html"
    change_form_template = "admin/coalitions/proposal/change_form.html"
    list_display = rows.DISPLAY
    list_select_related = ["owner"]
    list_filter = [
        "status",
        "eligible",
        FailingCriterionFilter,
        NetworkFilter,
        ("themes", ThemeFilter),
        RegionFilter,
        "activity",
        "edition",
        DeletedFilter,
    ]
    search_fields = [
        "title",
        "summary",
        "principles",
        "asks",
        "members__organization__name",
        "owner__email",
    ]
    list_per_page = 50
    # One COUNT per page, not two: the unfiltered total is a second scan of every proposal.
    show_full_result_count = False
    actions = [*ACTIONS, undelete_selected]
    inlines = [MemberInline, ReviewInline, EventInline]
    fieldsets = [
        (None, {"fields": ["title", "status", "edition", "owner", "origin", "summary", "themes"]}),
        (_("Principles and asks"), {"fields": ["principles", "asks", "youth_focus"]}),
        (
            _("Engagement (C3)"),
            {"fields": ["engagement_targets_display", "engagement_plan", "support_needed"]},
        ),
        (
            _("Support asked of the networks"),
            {"fields": ["support_requested_display", "support_details"]},
        ),
        (
            _("Decisions"),
            {
                "fields": [
                    "decision_held",
                    "merged_into",
                    "duplicate_of",
                    "public_slug",
                    "submitted_at",
                    "published_at",
                    "version",
                ]
            },
        ),
    ]

    c1, c2, c3, c4 = mark("C1"), mark("C2"), mark("C3"), mark("C4")

    @admin.display(description=_("engagement targets"))
    def engagement_targets_display(self, obj: Proposal) -> str:
        names = dict(EngagementTarget.choices)
        return ", ".join(str(names.get(t, t)) for t in obj.engagement_targets or []) or "—"

    @admin.display(description=_("support asked of the networks"))
    def support_requested_display(self, obj: Proposal) -> str:
        names = dict(SupportKind.choices)
        return ", ".join(str(names.get(s, s)) for s in obj.support_requested or []) or "—"

    def get_changelist(self, request, **kwargs):
        return rows.ChangeList

    def get_queryset(self, request):
        reviews = Review.objects.filter(proposal=OuterRef("pk")).values("proposal")
        score = (F("relevance") + F("diversity") + F("feasibility")) / 3.0
        visible = without_conflicts(super().get_queryset(request).for_reviewers(), request.user)
        return visible.annotate(
            review_count=Subquery(reviews.annotate(n=Count("pk")).values("n")[:1]),
            mean_score=Subquery(reviews.annotate(m=Avg(Cast(score, FloatField()))).values("m")[:1]),
            # Stored by `review.calibration_store` (a fit over the whole edition): a join.
            calibrated=F("calibration__score"),
            calibrated_uncertainty=F("calibration__uncertainty"),
        )

    @admin.display(description=_("regions"))
    def regions(self, p):
        return _measured(p).get("regions", "—")

    @admin.display(description=_("constituencies"))
    def constituencies(self, p):
        return _measured(p).get("constituencies", "—")

    @admin.display(description=_("reviews"), ordering="review_count")
    def reviews(self, p):
        return p.review_count or 0

    # Ascending: unreviewed first; descending (the useful way): best first, unreviewed last.
    @admin.display(description=_("calibrated"), ordering=F("calibrated").asc(nulls_first=True))
    def calibrated_display(self, p):
        if p.calibrated is None:
            return "—"
        if p.calibrated_uncertainty is None:
            return f"{p.calibrated:.2f}"
        return f"{p.calibrated:.2f} ± {p.calibrated_uncertainty:.2f}"

    @admin.display(description=_("mean score"), ordering="mean_score")
    def mean_score_display(self, p):
        return f"{p.mean_score:.1f}" if p.mean_score is not None else "—"

    # Reviewers read proposals; the filers own their content. Actions change the state.
    def get_readonly_fields(self, request, obj=None):
        return [f for fs in self.fieldsets for f in fs[1]["fields"]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not roles.is_organizer(request.user):
            for name in ORGANIZER_ONLY:
                actions.pop(name, None)
        return actions

    def changelist_view(self, request, extra_context=None):
        hidden = Proposal.objects.for_reviewers().filter(pk__in=hidden_proposals(request.user))
        extra = {"hidden": hidden.count(), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, object_id)
        if proposal is None and str(object_id).isdigit():
            hidden = Proposal.objects.for_reviewers().filter(
                pk=int(object_id), pk__in=hidden_proposals(request.user)
            )
            if hidden.exists():
                return hidden_by_conflict(request, int(object_id))
        extra = {
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        if proposal is not None:
            extra.update(self.review_context(request, proposal))
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def review_context(self, request, proposal) -> dict:
        suggestions = list(
            MergeSuggestion.objects.filter(models_q_either(proposal.pk))
            .exclude(status=SuggestionStatus.DISMISSED)
            .select_related("proposal_a", "proposal_b")
            .order_by("-score")[:10]
        )
        for s in suggestions:
            s.other_proposal = s.other(proposal)
        mine = Review.objects.filter(proposal=proposal, reviewer=request.user).first()
        # Evaluated again, so the hints are in the reviewer's language (the stored report is
        # in the language of whoever saved last); keys and slugs become labels and names.
        report = evaluate_proposal(proposal).to_dict() if proposal.criteria_report else {}
        return {
            "criteria": readable_report(report, reference()),
            "advisories": report.get("advisories", []),
            "suggestions": suggestions,
            "merged_texts": MergedText.objects.filter(result=proposal).select_related("source"),
            "merged_from": Proposal.objects.filter(merged_into=proposal).only("pk", "title"),
            "duplicates": Proposal.objects.filter(duplicate_of=proposal).only("pk", "title"),
            "my_review": mine,
            "partners": partner_views.panel(
                request,
                partner_search.loaded(proposal.pk),
                back=reverse("admin:coalitions_proposal_change", args=[proposal.pk]),
            ),
            "review_add_url": reverse("admin:coalitions_review_add") + f"?proposal={proposal.pk}",
            "reviewable": proposal.status in OPEN_TO_REVIEW,
        }

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/suggestions/<int:sid>/<str:answer>/",
                self.admin_site.admin_view(require_POST(self.answer_suggestion)),
                name="coalitions_proposal_suggestion",
            ),
        ]
        return extra + super().get_urls()

    def answer_suggestion(self, request, pk, sid, answer):
        proposal = get_object_or_404(self.get_queryset(request), pk=pk)
        suggestion = get_object_or_404(
            MergeSuggestion.objects.filter(Q(proposal_a=proposal) | Q(proposal_b=proposal)),
            pk=sid,
        )
        back = reverse("admin:coalitions_proposal_change", args=[pk])
        if not self.has_change_permission(request, proposal):
            messages.error(request, _("You may not answer suggestions."))
            return HttpResponseRedirect(back)
        try:
            if answer == "accept":
                merge_requests.accept_suggestion(suggestion, actor=request.user)
                messages.success(request, _("Merge proposed to the leads of both proposals."))
            else:
                merge_requests.dismiss_suggestion(suggestion, actor=request.user)
                messages.success(request, _("Suggestion dismissed."))
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(back)
