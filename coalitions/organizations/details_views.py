"""Pages of an organization's shared details: the suggested corrections its representatives
answer, their direct edit, and its history."""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coalitions.models import Organization, OrganizationCorrection
from coalitions.organizations import changes, corrections, history, unnamed
from coalitions.organizations.forms import DetailsForm
from coalitions.permissions import may_edit_organization, may_hide_name, may_show_name
from impact.concurrency import Conflict, EditToken, StaleEdit, fingerprint, reconcile, shown_value

PAGE_SIZE = 20


@login_required
def correction_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(corrections.to_decide(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "corrections": history.corrections_shown(page)}
    return render(request, "coalitions/directory/corrections.html", context)


@login_required
@require_POST
def decide_correction(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    correction = get_object_or_404(OrganizationCorrection, pk=pk)
    if not corrections.may_decide(request.user, correction):
        raise PermissionDenied(_("Only a representative of the organization may decide this."))
    action = {"accept": corrections.accept, "decline": corrections.decline}.get(decision)
    if action is None:
        raise Http404
    try:
        action(correction, actor=request.user)
    except corrections.CorrectionError as error:
        messages.error(request, str(error))
    else:
        if decision == "accept":
            messages.success(request, _("Correction accepted: the organization is updated."))
        else:
            messages.success(request, _("Correction declined: the organization is unchanged."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    return redirect(back or "coalitions:organization-corrections")


def _editable(request: HttpRequest, pk: int) -> Organization:
    org = get_object_or_404(Organization.objects.select_related("sector", "region"), pk=pk)
    if not may_edit_organization(request.user, org):
        raise PermissionDenied(_("Only a representative of the organization may do this."))
    return org


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = _editable(request, pk)
    form = DetailsForm(request.POST or None, instance=org)
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            version = changes.edit(
                org, form.values(), actor=request.user, opened=form.opened_version()
            )
        except changes.ChangeError as error:
            form.add_error("name", str(error))
        except StaleEdit:
            form, conflict = _reopened(form, pk)
            status = 409
        else:
            if version is None:
                messages.info(request, _("Nothing to save: the details are unchanged."))
            else:
                messages.success(
                    request,
                    _("Saved as version %(number)d of the organization's details.")
                    % {"number": version.number},
                )
            return redirect("coalitions:directory-detail", pk=org.pk)
    context = {"organization": org, "form": form, "conflict": conflict}
    return render(request, "coalitions/directory/edit.html", context, status=status)


def _reopened(form: DetailsForm, pk: int) -> tuple[DetailsForm, Conflict]:
    """After `StaleEdit`: the stored details with the editor's own changes kept, and what
    changed since they opened the page (from the versions recorded since)."""
    current = Organization.objects.select_related("sector", "region").get(pk=pk)
    stored = changes.details(current)
    posted = form.values()
    opened = form.opened_version() or 0
    since = list(current.versions.filter(number__gt=opened).select_related("changed_by"))
    # What they saw: the details before the first change since the version they opened.
    seen = since[-1].before if since else stored
    last = since[0] if since else None
    result = reconcile(
        EditToken(opened, {k: fingerprint(v) for k, v in seen.items()}),
        stored=stored,
        posted=posted,
        current=SimpleNamespace(
            edited_by=last.changed_by if last else None, edited_at=last.created_at if last else None
        ),
        labels={k: form.fields[k].label for k in changes.SHARED},
        shown={k: shown_value(form.fields[k], v) for k, v in stored.items()},
    )
    reopened = DetailsForm(
        instance=current, initial={k: form.cleaned_data.get(k) for k in result.mine}
    )
    return reopened, result.conflict


@login_required
def organization_history(request: HttpRequest, pk: int) -> HttpResponse:
    org = _editable(request, pk)
    context = {"organization": org, **history.of_organization(org)}
    return render(request, "coalitions/directory/history.html", context)


class NameListingForm(forms.Form):
    listed_without_name = forms.BooleanField(
        label=gettext_lazy("List this organization without its name"),
        required=False,
        help_text=gettext_lazy(
            "Public pages, feeds, open data and the Co-Chairs' Summary then show it as an "
            "organization from its region, with its constituency types. Reviewers and "
            "organizers still see its name; the criteria still count it."
        ),
    )


@login_required
def name_listing(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask that an organization at risk be listed without its name, or by its name again:
    anyone who may hide it asks (`may_hide_name`); only its representatives (or filers, when
    it has none) and organizers name it again (`may_show_name`)."""
    org = get_object_or_404(Organization.objects.select_related("region"), pk=pk)
    may_hide, may_show = may_hide_name(request.user, org), may_show_name(request.user, org)
    if not (may_hide or may_show):
        raise PermissionDenied
    # Bound on any POST: an unticked box is a POST without the field.
    form = NameListingForm(
        request.POST if request.method == "POST" else None,
        initial={"listed_without_name": org.listed_without_name},
    )
    if request.method == "POST" and form.is_valid():
        hidden = form.cleaned_data["listed_without_name"]
        allowed = may_hide if hidden else may_show
        if hidden != org.listed_without_name and not allowed:
            form.add_error(
                "listed_without_name",
                _(
                    "Only the organization's representatives or an organizer can list it by "
                    "its name again."
                ),
            )
        else:
            if unnamed.set_listed_without_name(org, hidden=hidden, actor=request.user):
                messages.success(
                    request,
                    _("It is now listed without its name.")
                    if hidden
                    else _("It is now listed by its name."),
                )
            return redirect("coalitions:organization-name-listing", pk=org.pk)
    return render(
        request,
        "coalitions/directory/name_listing.html",
        {"organization": org, "form": form, "may_show": may_show},
    )
