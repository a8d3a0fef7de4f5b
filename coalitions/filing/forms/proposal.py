"""The main part of the EOI form: every field of the proposal itself."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from impact.widgets import Textarea

from ...enums import EngagementTarget, SupportKind
from ...models import Proposal, Theme
from .widgets import style


class ProposalForm(forms.ModelForm):
    engagement_targets = forms.MultipleChoiceField(
        label=_("Whom will you engage?"),
        choices=EngagementTarget.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    support_requested = forms.MultipleChoiceField(
        label=_("Do you ask the networks for support?"),
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty if you do not need support."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "summary",
            "themes",
            "origin",
            "principles",
            "asks",
            "youth_focus",
            "engagement_targets",
            "engagement_plan",
            "support_needed",
            "support_requested",
            "support_details",
        ]
        widgets = {
            "summary": Textarea(attrs={"rows": 4}),
            "principles": Textarea(attrs={"rows": 5}),
            "asks": Textarea(attrs={"rows": 5}),
            "engagement_plan": Textarea(attrs={"rows": 5}),
            "support_needed": Textarea(attrs={"rows": 3}),
            "support_details": Textarea(attrs={"rows": 3}),
            "origin": forms.RadioSelect,
        }
        help_texts = {
            "title": _("You can save a draft without one; a title is needed to submit."),
            "principles": _("The principles of governance reform your coalition advances."),
            "asks": _("What exactly you ask Member States and the UN to do."),
            "youth_focus": _("Tick if young people or future generations are a focus."),
            "engagement_plan": _("How and when you will engage them."),
            "support_needed": _(
                "If you cannot engage them yet, describe the support you would need to."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A draft may be saved untitled; submission asks for the title (workflow.submit).
        self.fields["title"].required = False
        style(self)
