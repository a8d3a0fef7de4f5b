"""Admin for networks, reviewers, reviews, assignments, merge suggestions and requests."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from impact import roles

from ...enums import OPEN_TO_REVIEW
from ...models import (
    Assignment,
    AssignmentRun,
    Conflict,
    MergeConsent,
    MergeRequest,
    MergeSuggestion,
    Network,
    Review,
    Reviewer,
    SupportFollowUp,
)
from ...permissions import has_conflict
from ...workflow import TransitionNotAllowed
from .. import conflicts, reviewing
from ..hidden import HidesConflicts


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "organization", "active"]
    list_filter = ["network", "active"]
    list_select_related = ["user", "network", "organization"]
    raw_id_fields = ["user", "organization"]
    search_fields = ["user__email", "user__name", "organization__name"]


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = [
            "proposal",
            "recommendation",
            "merge_with",
            "relevance",
            "diversity",
            "feasibility",
            "comment",
            "private_note",
        ]
        widgets = {
            f: forms.RadioSelect(choices=[(i, i) for i in range(1, 6)])
            for f in ("relevance", "diversity", "feasibility")
        }

    def clean(self):
        data = super().clean()
        if data.get("recommendation") == "merge" and not data.get("merge_with"):
            self.add_error("merge_with", _("Say which proposal to merge with."))
        return data


@admin.register(Review)
class ReviewAdmin(HidesConflicts, admin.ModelAdmin):
    """Each reviewer writes their own review; `reviewing.save_review` checks the rules."""

    form = ReviewForm
    list_display = [
        "proposal",
        "reviewer",
        "network",
        "recommendation",
        "relevance",
        "diversity",
        "feasibility",
    ]
    list_filter = ["recommendation", "network"]
    list_select_related = ["proposal", "reviewer", "network"]
    autocomplete_fields = ["proposal", "merge_with"]
    search_fields = ["proposal__title", "reviewer__email"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.reviewer_id != request.user.pk:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The domain function does the saving; the admin's form has validated the fields.
        data = {f: form.cleaned_data[f] for f in form.Meta.fields if f != "proposal"}
        saved = reviewing.save_review(obj.proposal, reviewer=request.user, **data)
        obj.pk = saved.pk

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        user = request.user

        class Checked(form_class):
            def _post_clean(self):
                # The reviewer is the signed-in user (model validation needs it).
                if not self.instance.reviewer_id:
                    self.instance.reviewer = user
                super()._post_clean()

            def clean(self):
                data = super().clean()
                proposal = data.get("proposal")
                if proposal is None:
                    return data
                if (
                    not self.instance.pk
                    and Review.objects.filter(proposal=proposal, reviewer=user).exists()
                ):
                    self.add_error("proposal", _("You already reviewed this proposal."))
                    return data
                if has_conflict(user, proposal):
                    self.add_error(
                        "proposal",
                        _(
                            "Your organization is a member of this proposal: someone else must "
                            "review it."
                        ),
                    )
                elif proposal.status not in OPEN_TO_REVIEW:
                    self.add_error("proposal", _("This proposal is not under review."))
                elif not roles.is_reviewer(user):
                    raise forms.ValidationError(_("Only reviewers may review."))
                return data

        return Checked

    def response_add(self, request, obj, post_url_continue=None):
        from django.http import HttpResponseRedirect

        self.message_user(request, _("Your review is saved."))
        return HttpResponseRedirect(
            reverse("admin:coalitions_proposal_change", args=[obj.proposal_id])
        )

    response_change = response_add


@admin.register(Assignment)
class AssignmentAdmin(HidesConflicts, admin.ModelAdmin):
    list_display = ["proposal", "network", "reviewer", "assigned_by", "created_at", "declined_at"]
    list_filter = ["network", ("declined_at", admin.EmptyFieldListFilter)]
    list_select_related = ["proposal", "network", "reviewer", "assigned_by"]
    autocomplete_fields = ["proposal", "reviewer"]


@admin.register(MergeSuggestion)
class MergeSuggestionAdmin(HidesConflicts, admin.ModelAdmin):
    conflict_paths = ("proposal_a", "proposal_b")
    list_display = ["proposal_a", "proposal_b", "score", "text_score", "member_score", "status"]
    list_filter = ["status"]
    list_select_related = ["proposal_a", "proposal_b"]
    readonly_fields = [
        "proposal_a",
        "proposal_b",
        "score",
        "text_score",
        "member_score",
        "shared_words",
        "shared_members",
        "decided_by",
        "decided_at",
    ]


class ConsentInline(admin.TabularInline):
    model = MergeConsent
    extra = 0
    readonly_fields = ["proposal", "decision", "comment", "decided_by", "decided_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MergeRequest)
class MergeRequestAdmin(HidesConflicts, admin.ModelAdmin):
    conflict_paths = ("target", "result")
    list_display = ["__str__", "status", "target", "result", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["target", "result", "created_by"]
    readonly_fields = [
        "target",
        "title",
        "reason",
        "status",
        "result",
        "suggestion",
        "created_by",
        "closed_at",
    ]
    inlines = [ConsentInline]

    def has_add_permission(self, request):
        return False  # proposed from the proposals' "Merge selected…" action


@admin.register(SupportFollowUp)
class SupportFollowUpAdmin(HidesConflicts, admin.ModelAdmin):
    list_display = ["proposal", "assignee", "status", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["proposal", "assignee"]
    autocomplete_fields = ["proposal"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    """Organizers pin a conflict (the reviewer cannot remove it) or lift one (a representation
    or a declaration that should not count; a reviewer's own organization always counts)."""

    list_display = ["user", "organization", "reason", "state", "changed_by", "updated_at"]
    list_filter = ["state"]
    list_select_related = ["user", "organization", "changed_by"]
    raw_id_fields = ["user", "organization"]
    search_fields = ["user__email", "organization__name", "reason"]
    fields = ["user", "organization", "reason", "state"]
    actions = ["pin", "lift"]

    def save_model(self, request, obj, form, change):
        if form.changed_data:
            obj.changed_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Pin the selected conflicts"), permissions=["change"])
    def pin(self, request, queryset):
        self._set(request, conflicts.pin, queryset)

    @admin.action(description=_("Lift the selected conflicts"), permissions=["change"])
    def lift(self, request, queryset):
        self._set(request, conflicts.lift, queryset)

    def _set(self, request, change, queryset):
        """Each conflict saved on its own: the audit trail records it, and a conflict that
        counts again withdraws the assignments it touches (`review.conflicts`)."""
        try:
            changed = change(queryset, actor=request.user)
        except TransitionNotAllowed as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext("%(count)d conflict changed.", "%(count)d conflicts changed.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )


@admin.register(AssignmentRun)
class AssignmentRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "edition", "state", "created_by", "created_at", "confirmed_at"]
    list_filter = ["state"]
    fields = ["edition", "state", "created_by", "created_at", "confirmed_at", "error"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def view_on_site(self, obj):
        return reverse("coalitions:assignment-run", args=[obj.pk])
