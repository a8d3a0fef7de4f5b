"""Filer pages: the dashboard, the EOI form, the read-only view, submit, withdraw, export."""

from __future__ import annotations

import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalitions.organizations import partner_views as partners
from impact.concurrency import StaleEdit
from impact.models import ConferenceEdition

from ... import criteria, workflow
from ...criteria_bridge import member_prefetch, proposal_data, reference, thresholds
from ...enums import ProposalStatus, SupportKind
from ...filing import dashboard as dashboard_data
from ...models import Proposal
from ...permissions import (
    edit_state,
    filer_proposals,
    get_filer_proposal,
    get_filer_proposal_by_key,
    late_token,
    may_submit,
    may_withdraw,
)
from ...review import similarity
from ...tasks import schedule_refresh
from ..checks import filing_warnings
from ..formcache import form_key, with_key_sources
from ..forms import EOIForm, InviteForm
from ..wordlimits import WORD_LIMITS
from .addresses import edit_url, member_new_url, member_url
from .members import tell_suggested


def similar_proposals(proposal: Proposal) -> list[Proposal]:
    """Existing proposals close to this one's text: a hint to join rather than duplicate."""
    if not proposal.pk or not proposal.title:
        return []
    text = " ".join([proposal.title, proposal.summary, proposal.principles, proposal.asks])
    return similarity.similar_to_text(text, edition_id=proposal.edition_id, exclude=proposal.pk)


FULL = ("work_plan", "contacts", "themes", "merged_from")


def full_proposals(request: HttpRequest):
    """The user's proposals with everything the form and the checklist read, in a fixed
    number of queries whatever the number of members, milestones and contacts."""
    return (
        filer_proposals(request)
        .select_related("merged_into", "duplicate_of")
        .prefetch_related(member_prefetch(), *FULL)
    )


# What the form page reads of a proposal when its rendered form is in the cache.
HOT_FIELDS = (
    "title", "reopened_until", "late_token", "late_token_expires", "edit_version", "version",
    "save_key", "merged_into", "duplicate_of", "updated_at",
)  # fmt: skip


def loaded(proposal: Proposal) -> Proposal:
    """`proposal` whole, with what `full_proposals` prefetches, fetched now if it was not (the
    form page fetches it only when its rendered parts are not in the cache)."""
    deferred = proposal.get_deferred_fields() if proposal.pk is not None else set()
    if deferred:
        proposal.refresh_from_db(fields=list(deferred))
    if proposal.pk is not None and "members" not in getattr(
        proposal, "_prefetched_objects_cache", {}
    ):
        prefetch_related_objects([proposal], member_prefetch(), *FULL)
    return proposal


def checklist(proposal: Proposal) -> dict:
    """The criteria report as the checklist shows it (a new proposal: measured as empty)."""
    data = proposal_data(proposal) if proposal.pk else criteria.ProposalData()
    report = criteria.evaluate(data, thresholds(proposal.edition), reference())
    warnings = filing_warnings(
        data.members,
        data.work_plan,
        starts_on=proposal.edition.starts_on,
        horizon=proposal.edition.horizon_date,
    )
    return {
        **report.to_dict(),
        "met_count": len(report.criteria) - len(report.failing),
        "warnings": warnings,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    # One narrow read of the list feeds the other panels, bounded (`dashboard.build`).
    data = dashboard_data.build(filer_proposals(request), request.user)
    return render(
        request,
        "coalitions/dashboard.html",
        {
            "proposals": data.proposals,
            "merge_waiting": data.merge_waiting,
            "join_requests": data.join_requests,
            "edition": ConferenceEdition.objects.current(),
            "user_id": request.user.pk,
            "panel": data.panel,
        },
    )


@login_required
def proposal_new(request: HttpRequest) -> HttpResponse:
    edition = ConferenceEdition.objects.current()
    if edition is None or not edition.is_open:
        messages.error(request, _("No call for expressions of interest is open at the moment."))
        return redirect("coalitions:dashboard")
    proposal = Proposal(edition=edition, owner=request.user)
    return _form_page(request, proposal, late="")


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    # Fetched in full only when needed: a form page kept in the cache does not need it.
    if request.method == "GET":
        # With the sources of the form's cache key (formcache), in the same query.
        proposal = get_filer_proposal_by_key(
            request, pk, only=HOT_FIELDS, annotate=with_key_sources
        )
    else:
        proposal = get_filer_proposal(request, pk, full_proposals(request))
    late = late_token(request)
    state = edit_state(proposal, late=late)
    if not state.editable:
        if request.method == "POST":
            messages.error(request, state.reason + " " + _("Your changes were not saved."))
            return redirect(proposal)
        return _detail_page(request, loaded(proposal), notice=state.reason)
    return _form_page(request, proposal, late=late)


# The form's buttons beside a member line (see forms.members), without JavaScript.
MEMBER_ACTION = re.compile(r"^(edit|remove|keep)-members-(\d+)$")
# Sent by the page's script when it saves in the background: answered with JSON.
SCRIPT_HEADER = "X-EOI-Save"
# The form after "Save and submit" saved a draft that cannot be submitted yet.
SUBMIT_CHECK = "submit"
FORM_CACHE_SECONDS = 300


def _form_page(request: HttpRequest, proposal: Proposal, *, late: str) -> HttpResponse:
    if request.method != "POST":
        add = request.GET.get("add", "")
        if request.GET.get("check") == SUBMIT_CHECK and proposal.pk is not None:
            checked = _checked_draft(request, proposal, late=late)
            if checked is not None:
                return checked
        # Built only if the rendered form is not in the cache (see _render_form).
        lazy_form = SimpleLazyObject(lambda: EOIForm(loaded(proposal), add=add))
        return _render_form(
            request,
            proposal,
            lazy_form,
            late=late,
            cache_key=form_key(proposal, late=late, add=add),
        )
    action = request.POST.get("action", "save")
    key = request.POST.get("save_key", "")[:64]
    done = _already_saved(request, proposal, key)
    if done is not None:
        # The same save again (a retry after the answer was lost): applied once only.
        messages.info(request, _("These changes had already been saved."))
        adding = action == "add-members"
        url = member_new_url(done, late=late) if adding else edit_url(done, late=late)
        return _answer(request, redirect(url))
    add = action.removeprefix("add-") if action.startswith("add-") else ""
    was_submitted = proposal.pk is not None and not may_submit(proposal)
    form = EOIForm(proposal, _with_member_action(request.POST, action), add=add)
    if not form.is_valid():
        if request.headers.get(SCRIPT_HEADER):
            return JsonResponse({"resubmit": True})  # the page posts again, to show why
        if action == "submit" and not was_submitted:
            # Shown with the others at once, not on the next attempt.
            form.flag_submission_problems()
        return _render_form(request, proposal, form, late=late, status=200)
    proposal.save_key = key
    try:
        proposal = form.save(actor=request.user)
    except StaleEdit:
        if request.headers.get(SCRIPT_HEADER):
            return JsonResponse({"resubmit": True})
        current = get_filer_proposal(request, proposal.pk, full_proposals(request))
        return _render_form(request, current, form.reopen(current), late=late, status=409)
    tell_suggested(request, form.suggested)
    if proposal.status != ProposalStatus.DRAFT:
        # Reviewers' merge suggestions follow the text and the membership.
        schedule_refresh(proposal)
    return _answer(request, _after_save(request, form, proposal, action, was_submitted, late))


def _already_saved(request: HttpRequest, proposal: Proposal, key: str) -> Proposal | None:
    if not key:
        return None
    if proposal.pk is not None:
        return proposal if proposal.save_key == key else None
    return filer_proposals(request).filter(save_key=key).first()


def _with_member_action(data: QueryDict, action: str) -> QueryDict:
    """The posted form with a member line's remove (or keep) button applied to its row."""
    match = MEMBER_ACTION.match(action)
    if not match or match.group(1) == "edit":
        return data
    data = data.copy()
    key = f"members-{match.group(2)}-DELETE"
    if match.group(1) == "remove":
        data[key] = "on"
    else:
        data.pop(key, None)
    return data


def _answer(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A redirect as the page's script wants it (JSON), else as is."""
    if request.headers.get(SCRIPT_HEADER) and isinstance(response, HttpResponseRedirect):
        return JsonResponse({"redirect": response.url})
    return response


def _after_save(
    request: HttpRequest, form: EOIForm, proposal: Proposal, action: str, was_submitted, late
) -> HttpResponse:
    match = MEMBER_ACTION.match(action)
    if action == "add-members":
        return redirect(member_new_url(proposal, late=late))
    if match and match.group(1) == "edit":
        org = form.saved_member(int(match.group(2)))
        if org is not None:
            return redirect(member_url(proposal, org.pk, late=late))
    if action in ("add-work_plan", "add-contacts"):
        return redirect(edit_url(proposal, late=late, add=action.removeprefix("add-")))
    if action == "submit" and may_submit(proposal):
        return _submit(request, proposal, late=late)
    if match and match.group(1) == "remove":
        messages.success(request, _("The member was removed."))
    elif was_submitted:
        messages.success(
            request,
            _("Changes saved as version %(number)d; the previous version is kept.")
            % {"number": proposal.version},
        )
    else:
        messages.success(request, _("Draft saved."))
    anchor = "#members" if match else ""
    return redirect(edit_url(proposal, late=late) + anchor)


def _checked_draft(request: HttpRequest, proposal: Proposal, *, late: str) -> HttpResponse | None:
    """The form of a draft just saved but not submitted, what keeps it from being submitted
    marked at its fields; None when nothing does (any more) or it cannot be submitted."""
    proposal = loaded(proposal)
    if not may_submit(proposal):
        return None
    form = EOIForm(proposal)
    if not form.flag_submission_problems():
        return None
    return _render_form(request, proposal, form, late=late, draft_saved=True)


def _submit(request: HttpRequest, proposal: Proposal, *, late: str) -> HttpResponse:
    if workflow.submission_problems(proposal):
        # Saved as a draft: the form says what is missing, at each field.
        return redirect(edit_url(proposal, late=late, check=SUBMIT_CHECK))
    try:
        workflow.submit(proposal, actor=request.user, late_token=late)
    except workflow.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
        return redirect(proposal)
    messages.success(request, _("Your expression of interest has been submitted. Thank you!"))
    return redirect(proposal)


def _render_form(
    request: HttpRequest,
    proposal: Proposal,
    form,
    *,
    late: str,
    status: int = 200,
    cache_key: str = "",
    draft_saved: bool = False,
) -> HttpResponse:
    context = {
        # Saved as a draft and not submitted: what is missing is marked (see _checked_draft).
        "draft_saved": draft_saved,
        # Rendered parts kept for a few minutes, for a saved proposal shown as stored; the
        # others (a new proposal, a form with errors) are never kept.
        "cache_key": cache_key,
        "cache_timeout": FORM_CACHE_SECONDS if cache_key else 0,
        "proposal": proposal,
        "form": form,
        # Lazy: read only when the rendered parts are not in the cache.
        "report": SimpleLazyObject(lambda: checklist(loaded(proposal))),
        "similar": lambda: similar_proposals(proposal),
        # Partner suggestions are searched for after the page has loaded (see
        # `proposal_checklist`): the form itself never waits for them.
        "partners_url": reverse("coalitions:proposal-checklist", args=[proposal.pk])
        if proposal.pk
        else "",
        "late": late,
        "edition": proposal.edition,
        "may_submit": proposal.pk is None or may_submit(proposal),
        "member_lines": lambda: form.member_lines(),
        "member_count": lambda: len(loaded(proposal).members.all()) if proposal.pk else 0,
        "save_key": uuid.uuid4().hex,
        "word_limits": WORD_LIMITS,
        "form_action": edit_url(proposal, late=late)
        if proposal.pk
        else reverse("coalitions:proposal-new"),
    }
    return render(request, "coalitions/eoi/form.html", context, status=status)


@login_required
def proposal_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist with its partner suggestions, which the form page's script swaps in."""
    proposal = get_filer_proposal(request, pk, full_proposals(request))
    context = {"report": checklist(proposal), "partners": partners.panel(request, proposal)}
    if context["partners"]:
        context["partners"]["back"] = edit_url(proposal, late=late_token(request))
    return render(request, "coalitions/eoi/_checklist.html", context)


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_filer_proposal(request, pk, full_proposals(request))
    return _detail_page(request, proposal)


def _detail_page(
    request: HttpRequest,
    proposal: Proposal,
    *,
    notice: str = "",
    invite_form: InviteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    late = late_token(request)
    state = edit_state(proposal, late=late)
    support = dict(SupportKind.choices)
    context = {
        "proposal": proposal,
        "report": checklist(proposal),
        "partners": partners.panel(request, proposal),
        "state": state,
        "notice": notice,
        "late": late,
        "edit_url": edit_url(proposal, late=late),
        "may_submit": state.editable and may_submit(proposal),
        "may_withdraw": may_withdraw(request.user, proposal),
        "invite_form": invite_form or InviteForm(),
        "editors": list(proposal.editors.all()),
        "invitations": list(proposal.invitations.filter(accepted_at__isnull=True)),
        "versions": list(proposal.versions.only("number", "created_at", "note")[:10]),
        "support_requested": [support.get(s, s) for s in proposal.support_requested or []],
        "is_owner": proposal.owner_id == request.user.pk,
    }
    return render(request, "coalitions/proposal_detail.html", context, status=status)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_filer_proposal(request, pk, full_proposals(request))
    late = late_token(request)
    state = edit_state(proposal, late=late)
    if not state.editable or not may_submit(proposal):
        messages.error(request, state.reason or _("This proposal has already been submitted."))
        return redirect(proposal)
    return _submit(request, proposal, late=late)
