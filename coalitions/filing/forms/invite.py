from django import forms
from django.utils.translation import gettext_lazy as _


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Invite a co-editor by e-mail"),
        widget=forms.EmailInput(
            attrs={
                "class": "form-control",
                "autocomplete": "off",
                "placeholder": "name@example.org",
            },
        ),
    )
