"""A signed-in person's profile: their name, the language the portal speaks to them and the
time zone it shows session times in."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import language
from .models import User
from .signup import TimeZoneField


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField()

    class Meta:
        model = User
        fields = ["name", "language", "time_zone", "looking_for_coalitions"]


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The site follows at once, and e-mails from now on.
        language.use(request, form.cleaned_data["language"])
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return render(request, "impact/profile.html", {"form": form})
