"""Soft delete in the proposals admin: "delete" hides a proposal and keeps its history; a
filter shows the deleted ones and an action brings them back."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ... import deletion
from ...models import Proposal


class DeletedFilter(admin.SimpleListFilter):
    title = _("deleted")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("yes", _("Deleted proposals"))]

    def queryset(self, request, queryset):
        return queryset.filter(deleted_at__isnull=self.value() != "yes")


@admin.action(description=_("Undelete the selected proposals"), permissions=["delete"])
def undelete_selected(modeladmin, request, queryset) -> None:
    restored = [p for p in queryset if p.deleted_at is not None]
    for proposal in restored:
        deletion.undelete(proposal, actor=request.user)
    modeladmin.message_user(
        request,
        ngettext("%(n)d proposal undeleted.", "%(n)d proposals undeleted.", len(restored))
        % {"n": len(restored)},
        messages.SUCCESS,
    )


class SoftDeleteMixin:
    """For `ProposalAdmin`: sees deleted proposals too (the filter hides them by default);
    deleting, one or many, is a soft delete."""

    def get_queryset(self, request):
        queryset = Proposal.all_objects.get_queryset()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_actions(self, request):
        # Deleted proposals are only undeleted; the review actions apply to live ones.
        actions = super().get_actions(request)
        if request.GET.get(DeletedFilter.parameter_name) == "yes":
            return {k: v for k, v in actions.items() if k == "undelete_selected"}
        actions.pop("undelete_selected", None)
        return actions

    def delete_model(self, request, obj: Proposal) -> None:
        deletion.soft_delete(obj, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for proposal in queryset:
            deletion.soft_delete(proposal, actor=request.user)
