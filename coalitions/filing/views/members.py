"""One member at a time: the small page that adds, edits or removes a member without the
whole form (what a phone without JavaScript gets), and the editor fragment the form page's
script opens in place."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from impact.concurrency import EditToken, fingerprint

from ...enums import MemberRole, ProposalStatus
from ...geography import country_region_map
from ...organizations import corrections
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
    conflict = _stale(request, member, initial, org)
    if conflict is not None:
        return _conflicted(request, proposal, member, conflict, back=back, late=late)
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
            row = member_row(form)
            saved = change_member(proposal, row=row, replacing=org, actor=request.user)
            _refresh(proposal)
            messages.success(request, _("%(name)s is saved as a member.") % {"name": saved})
            tell_suggested(request, [row.suggested] if row.suggested else [])
            return redirect(back)
    return _page(request, proposal, member, form, back=back, late=late, token=initial)


def _page(request, proposal, member, form, *, back, late, token, conflict=None, status=200):
    context = {
        "proposal": proposal,
        "member": member,
        "editor": form,
        "back": back,
        "late": late,
        # What the page showed of this member: a save over someone else's is refused.
        "member_token": EditToken.of_values(_plain(token)).encode() if member else "",
        "conflict": conflict,
        "open_choices": True,  # the constituency types shown unfolded on a page of their own
        "country_regions": country_region_map(),
    }
    return render(request, "coalitions/eoi/member.html", context, status=status)


@dataclass
class MemberConflict:
    fields: list[str]
    removed: bool
    mine: dict  # the posted values the editor changed, by field


def _stale(request: HttpRequest, member, stored: dict, org: int | None) -> MemberConflict | None:
    """For a save of an existing member: what someone else changed in it since this page was
    opened (its token), or None. A save without a token (another client) is not checked."""
    if request.method != "POST" or org is None:
        return None
    opened = EditToken.decode(request.POST.get("member_token"))
    if opened is None:
        return None
    if member is None:
        return MemberConflict(fields=[], removed=True, mine={})
    now = _plain(stored)
    changed = [k for k, v in now.items() if opened.opened.get(k) != fingerprint(v)]
    if not changed:
        return None
    posted = {
        k: request.POST.getlist(k) if isinstance(v, list) else request.POST.get(k, "")
        for k, v in now.items()
    }
    mine = {k: v for k, v in posted.items() if opened.opened.get(k) != fingerprint(v)}
    return MemberConflict(fields=changed, removed=False, mine=mine)


def _plain(values: dict) -> dict:
    """Values as a browser sends them back (text, "on" for a ticked box, lists of text), so
    what was shown, what is stored and what was posted compare alike."""
    plain: dict = {}
    for key, value in values.items():
        if isinstance(value, bool):
            plain[key] = "on" if value else ""
        elif isinstance(value, list | tuple):
            plain[key] = [str(v) for v in value]
        else:
            plain[key] = "" if value is None else str(value)
    return plain


def _conflicted(request, proposal, member, conflict: MemberConflict, *, back, late):
    """The page again after a stale save: the stored member with the editor's own changes
    over it, what changed meanwhile, and a fresh token; nothing written."""
    if conflict.removed:
        messages.error(request, _("This organization is no longer a member of the proposal."))
        return redirect(back)
    stored = one_member_initial(member)
    data = QueryDict(mutable=True)
    for key, value in {**_plain(stored), **conflict.mine}.items():
        if isinstance(value, list):
            data.setlist(key, value)
        elif value:
            data[key] = value
    form = EditorForm(data, initial=stored, choices=RowChoices.load())
    form.is_valid()  # shown bound, with any error next to its field
    return _page(
        request,
        proposal,
        member,
        form,
        back=back,
        late=late,
        token=stored,
        conflict=conflict,
        status=409,
    )


def tell_suggested(request: HttpRequest, suggested: list) -> None:
    """Tell the filer that their change of a shared organization went to those who answer
    for it instead of changing it (the EOI form and the member page)."""
    for correction in suggested:
        if corrections.answered_by_representatives(correction.organization):
            text = _(
                "Your correction of %(name)s was sent to the organization's representatives: "
                "its details change once they accept it."
            )
        else:
            text = _(
                "Your correction of %(name)s was sent to the organizers, as no one has been "
                "confirmed to act for it yet: its details change once they accept it."
            )
        messages.info(request, text % {"name": correction.organization})


def _refresh(proposal) -> None:
    proposal.refresh_from_db()
    if proposal.status != ProposalStatus.DRAFT:
        schedule_refresh(proposal)
