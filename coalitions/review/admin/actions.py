"""Admin actions on proposals. Each one only calls the domain (`workflow`, `merging`,
`merge_requests`, `reviewing`, `exports`); those that need more input show an intermediate page
whose form posts back to the change list with the same selection."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from impact import roles

from ... import workflow
from ...enums import COMPARABLE
from ...models import Proposal
from ...permissions import may_weigh_portfolio
from ...workflow import TransitionNotAllowed
from .. import assigning, merge_requests, merging, portfolio, reviewing
from ..forms import AssignForm, DuplicateForm, MergeForm, PublishForm, ReasonForm
from .export_actions import export_csv, export_csv_excel, export_json

ORGANIZER_ONLY = {"publish_selected", "assign_selected"}


def _each(modeladmin, request, queryset, fn, done) -> None:
    """Run `fn(proposal)` on each selected proposal; report successes and refusals. `done` is
    an `ngettext_lazy` message keyed on "count"."""
    ok = 0
    for proposal in queryset.order_by("pk"):
        try:
            fn(proposal)
            ok += 1
        except TransitionNotAllowed as exc:
            modeladmin.message_user(request, f"{proposal.title}: {exc}", messages.ERROR)
    if ok:
        modeladmin.message_user(request, done % {"count": ok}, messages.SUCCESS)


def _intermediate(modeladmin, request, queryset, form, *, title, action, help_text="", extra=None):
    context = {
        **(extra or {}),
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "action": action,
        "help_text": help_text,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/coalitions/proposal/action_form.html", context)


def _decide_selected(
    modeladmin,
    request,
    queryset,
    *,
    transition,
    done,
    title: str,
    action: str,
    reason_optional: bool = False,
    extra=None,
):
    """A decision (shortlist, decline) on each selected proposal, optionally held for release.
    `extra`: more for the confirmation page (the shortlist's balance meters).

    A proposal whose discussion is closed gets a letter quoting the closure's reasons, so a
    decline needs no reason of its own for it; the field is then refused empty only when a
    selected proposal's discussion is still open (`workflow.decline`)."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    closed = queryset.filter(discussion_closure__isnull=False)
    if closed.exists():
        form.fields["reason"].help_text = _(
            "The letters of proposals whose discussion is closed quote the reasons it was "
            "closed with; a message given here is added after them."
        )
        form.fields["reason"].required = False
    if reason_optional:
        form.fields["reason"].required = False
        form.fields["reason"].label = _("Message to the filers (optional)")
    if form.is_bound and form.is_valid() and _reason_given(form, queryset, reason_optional):
        key = form.cleaned_data["hold_key"] if form.cleaned_data["hold"] else ""
        _each(
            modeladmin,
            request,
            queryset,
            lambda p: transition(
                p, actor=request.user, reason=form.cleaned_data["reason"], hold_key=key
            ),
            done,
        )
        return None
    return _intermediate(
        modeladmin, request, queryset, form, title=title, action=action, extra=extra
    )


def _reason_given(form, queryset, reason_optional: bool) -> bool:
    """False, with an error next to the field, when a proposal whose discussion is open would
    get a letter without any reason."""
    if reason_optional or form.cleaned_data["reason"].strip():
        return True
    still_open = [p.title for p in queryset.filter(discussion_closure__isnull=True).order_by("pk")]
    if not still_open:
        return True
    form.add_error(
        "reason",
        _(
            "Please give a reason: the discussion of %(titles)s is not closed, so there are no "
            "reviewers' reasons to quote."
        )
        % {"titles": ", ".join(f"“{t}”" for t in still_open)},
    )
    return False


def _balance(request, queryset) -> dict:
    """The portfolio before and after the shortlist, for organizers and experts."""
    found = portfolio.for_selection(queryset) if may_weigh_portfolio(request.user) else None
    return {"portfolio_panel": found} if found else {}


@admin.action(description=gettext_lazy("Shortlist"))
def shortlist_selected(modeladmin, request, queryset):
    return _decide_selected(
        modeladmin,
        request,
        queryset,
        transition=workflow.shortlist,
        done=ngettext_lazy(
            "%(count)d proposal shortlisted.", "%(count)d proposals shortlisted.", "count"
        ),
        title=_("Shortlist"),
        action="shortlist_selected",
        reason_optional=True,
        extra=None if "apply" in request.POST else _balance(request, queryset),
    )


@admin.action(description=gettext_lazy("Decline (with a reason)"))
def decline_selected(modeladmin, request, queryset):
    return _decide_selected(
        modeladmin,
        request,
        queryset,
        transition=workflow.decline,
        done=ngettext_lazy(
            "%(count)d proposal declined.", "%(count)d proposals declined.", "count"
        ),
        title=_("Decline"),
        action="decline_selected",
    )


@admin.action(description=gettext_lazy("Request changes (with a message)"))
def request_changes_selected(modeladmin, request, queryset):
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    del form.fields["hold"], form.fields["hold_key"]
    if form.is_bound and form.is_valid():
        _each(
            modeladmin,
            request,
            queryset,
            lambda p: workflow.request_changes(
                p, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            ngettext_lazy(
                "Changes requested on %(count)d proposal.",
                "Changes requested on %(count)d proposals.",
                "count",
            ),
        )
        return None
    return _intermediate(
        modeladmin,
        request,
        queryset,
        form,
        title=_("Request changes"),
        action="request_changes_selected",
        help_text=_("The filers get this message and can edit and resubmit for two weeks."),
    )


@admin.action(description=gettext_lazy("Mark as duplicate of…"))
def mark_duplicate_selected(modeladmin, request, queryset):
    originals = (
        Proposal.objects.filter(status__in=COMPARABLE)
        .exclude(pk__in=queryset.values("pk"))
        .order_by("title")
        .only("pk", "title")
    )
    form = DuplicateForm(request.POST if "apply" in request.POST else None, originals=originals)
    if form.is_bound and form.is_valid():
        _each(
            modeladmin,
            request,
            queryset,
            lambda p: workflow.mark_duplicate(
                p,
                actor=request.user,
                original=form.cleaned_data["original"],
                reason=form.cleaned_data["reason"],
            ),
            ngettext_lazy(
                "%(count)d proposal marked as a duplicate.",
                "%(count)d proposals marked as duplicates.",
                "count",
            ),
        )
        return None
    return _intermediate(
        modeladmin,
        request,
        queryset,
        form,
        title=_("Mark as duplicate"),
        action="mark_duplicate_selected",
        help_text=_("A duplicate is closed and points to the original. Nothing is merged."),
    )


@admin.action(description=gettext_lazy("Merge selected…"))
def merge_selected(modeladmin, request, queryset):
    form = MergeForm(request.POST if "apply" in request.POST else None, proposals=queryset)
    if not roles.is_organizer(request.user):
        form.fields["mode"].choices = form.fields["mode"].choices[:1]
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        target = data["target"]
        proposals = list(queryset.order_by("pk"))
        try:
            if data["mode"] == "now":
                result = merging.merge(
                    [p for p in proposals if not target or p.pk != target.pk],
                    actor=request.user,
                    reason=data["reason"],
                    target=target,
                    title=data["title"],
                )
                modeladmin.message_user(
                    request, _("Merged into “%(title)s”.") % {"title": result.title}
                )
            else:
                merge_requests.propose_merge(
                    proposals,
                    actor=request.user,
                    reason=data["reason"],
                    target=target,
                    title=data["title"],
                )
                modeladmin.message_user(
                    request, _("Merge proposed: it runs when every lead has accepted.")
                )
            return None
        except TransitionNotAllowed as exc:
            form.add_error(None, str(exc))
    return _intermediate(
        modeladmin, request, queryset, form, title=_("Merge proposals"), action="merge_selected"
    )


@admin.action(description=gettext_lazy("Publish to the hub"))
def publish_selected(modeladmin, request, queryset):
    """Publishing is public at once, so it asks for confirmation first."""
    if "apply" not in request.POST:
        return _intermediate(
            modeladmin,
            request,
            queryset,
            PublishForm(),
            title=_("Publish to the hub"),
            action="publish_selected",
            help_text=_(
                "Each coalition becomes public in the hub, with its members, themes and work "
                "plan, and its filers are told. Contact e-mail addresses stay private."
            ),
        )
    _each(
        modeladmin,
        request,
        queryset,
        lambda p: workflow.publish(p, actor=request.user),
        ngettext_lazy("%(count)d coalition published.", "%(count)d coalitions published.", "count"),
    )


@admin.action(description=gettext_lazy("Assign to networks or reviewers…"))
def assign_selected(modeladmin, request, queryset):
    form = AssignForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        proposals = list(queryset)
        try:
            made = reviewing.assign(
                proposals,
                actor=request.user,
                networks=data["networks"],
                reviewers=data["reviewers"],
            )
            if data["auto"]:
                by_edition = defaultdict(list)
                for proposal in proposals:
                    by_edition[proposal.edition].append(proposal)
                runs = [
                    assigning.start_run(edition, chosen, actor=request.user)
                    for edition, chosen in by_edition.items()
                ]
        except TransitionNotAllowed as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
            return None
        modeladmin.message_user(
            request,
            ngettext("%(count)d assignment made.", "%(count)d assignments made.", made)
            % {"count": made},
        )
        if data["auto"] and runs:
            return HttpResponseRedirect(reverse("coalitions:assignment-run", args=[runs[-1].pk]))
        return None
    return _intermediate(
        modeladmin, request, queryset, form, title=_("Assign"), action="assign_selected"
    )


ACTIONS = [
    shortlist_selected,
    decline_selected,
    request_changes_selected,
    mark_duplicate_selected,
    merge_selected,
    publish_selected,
    assign_selected,
    export_csv,
    export_csv_excel,
    export_json,
]
