"""One member at a time: the small page that adds, edits or removes a member without the
whole form (what a phone without JavaScript gets), and the editor fragment the form page's
script opens in place."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from ...enums import MemberRole, ProposalStatus
from ...geography import country_region_map
from ...permissions import edit_state, get_filer_proposal_by_key, late_token
from ...tasks import schedule_refresh
from ..forms.eoi import one_member_initial
from ..forms.members import EditorForm, member_row
from ..forms.rows import RowChoices
from ..saving import change_member
from .addresses import edit_url


@login_required
def member_editor(request: HttpRequest) -> HttpResponse:
    """The member editor alone (no proposal in it): the same for every proposal, so a
    browser keeps it for an hour and a repeat visit does not fetch it again."""
    form = EditorForm(choices=RowChoices.load(), initial={"role": MemberRole.MEMBER})
    context = {"editor": form, "country_regions": country_region_map(), "fragment": True}
    response = render(request, "coalitions/eoi/_member_editor.html", context)
    patch_cache_control(response, private=True, max_age=3600)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


@login_required
def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _member_page(request, pk, org=None)


@login_required
def member_edit(request: HttpRequest, pk: int, org: int) -> HttpResponse:
    return _member_page(request, pk, org=org)


def _member_page(request: HttpRequest, pk: int, *, org: int | None) -> HttpResponse:
    proposal = get_filer_proposal_by_key(request, pk)
    late = late_token(request)
    state = edit_state(proposal, late=late)
    back = edit_url(proposal, late=late) + "#members"
    if not state.editable:
        if request.method == "POST":
            messages.error(request, state.reason + " " + _("Your changes were not saved."))
        return redirect(proposal)
    members = list(
        proposal.members.select_related("organization__sector", "organization__region")
        .prefetch_related("organization__constituencies")
        .order_by()
    )
    member = next((m for m in members if m.organization_id == org), None)
    if org is not None and member is None:
        messages.info(request, _("This organization is no longer a member of the proposal."))
        return redirect(back)
    initial = one_member_initial(member) if member else {"role": MemberRole.MEMBER}
    if request.method == "POST" and request.POST.get("action") == "remove" and member:
        change_member(proposal, row=None, replacing=member.organization_id, actor=request.user)
        _refresh(proposal)
        messages.success(
            request, _("%(name)s was removed from the members.") % {"name": member.organization}
        )
        return redirect(back)
    form = EditorForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        choices=RowChoices.load(),
    )
    if request.method == "POST" and form.is_valid():
        taken = {m.organization_id for m in members} - {org}
        if form.organization is not None and form.organization.pk in taken:
            form.add_error("name", _("This organization is already a member."))
        elif member is not None and not form.has_changed():
            return redirect(back)  # saved unchanged: no new version of the proposal
        else:
            saved = change_member(proposal, row=member_row(form), replacing=org, actor=request.user)
            _refresh(proposal)
            messages.success(request, _("%(name)s is saved as a member.") % {"name": saved})
            return redirect(back)
    context = {
        "proposal": proposal,
        "member": member,
        "editor": form,
        "back": back,
        "late": late,
        "open_choices": True,  # the constituency types shown unfolded on a page of their own
        "country_regions": country_region_map(),
    }
    return render(request, "coalitions/eoi/member.html", context)


def _refresh(proposal) -> None:
    proposal.refresh_from_db()
    if proposal.status != ProposalStatus.DRAFT:
        schedule_refresh(proposal)
