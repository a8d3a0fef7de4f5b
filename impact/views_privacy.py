"""A person's data: the privacy notice, the download of everything held about them, and
the deletion of their account (`impact.personal_data`)."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import personal_data


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "impact/privacy.html",
        {"declined_contacts_days": settings.RETENTION_DECLINED_CONTACTS_DAYS},
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    data = personal_data.readable(personal_data.collect(request.user))
    return render(request, "impact/my_data.html", {"data": data})


@login_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    data = personal_data.collect(request.user)
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-impact-hub-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


class DeleteAccountForm(forms.Form):
    """Asks for the password (or, for an account without one, the e-mail address) so that
    an unattended browser cannot delete the account."""

    confirmation = forms.CharField(strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["confirmation"]
        if user.has_usable_password():
            field.label = gettext_lazy("Your password")
            field.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        else:
            field.label = gettext_lazy("Your e-mail address")
            field.widget = forms.EmailInput(attrs={"autocomplete": "email"})

    def clean_confirmation(self) -> str:
        value = self.cleaned_data["confirmation"]
        if self.user.has_usable_password():
            if not self.user.check_password(value):
                raise forms.ValidationError(_("This is not your password."))
        elif value.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(_("This is not your e-mail address."))
        return value


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    refused = user.is_staff or user.is_superuser
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and not refused and form.is_valid():
        try:
            personal_data.erase_account(user)
        except personal_data.ErasureRefused:
            refused = True
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data are deleted."))
            return redirect("home")
    return render(request, "impact/delete_account.html", {"form": form, "refused": refused})
