"""Forms of the review pages and of the admin's intermediate pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from impact import roles
from impact.widgets import Textarea

from ..models import Network, Organization, Proposal, Reviewer, SupportFollowUp
from ..organizations import records


class MergeAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept the merge")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline: tell the reviewers why."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("comment", "").strip():
            self.add_error("comment", _("Please say why you decline."))
        return data


def reviewer_users():
    names = [roles.NETWORK_REVIEWERS, roles.EXPERT_REVIEWERS, roles.ORGANIZERS]
    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=names) | Q(is_superuser=True))
        .distinct()
        .order_by("name", "email")
    )


class SupportFollowUpForm(forms.ModelForm):
    class Meta:
        model = SupportFollowUp
        fields = ["assignee", "status", "action_taken"]
        widgets = {"action_taken": Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewer_users()


class ReasonForm(forms.Form):
    """Intermediate page of admin actions that need a reason (request changes, decline)."""

    reason = forms.CharField(
        label=_("Message to the filers"), widget=Textarea(attrs={"rows": 5, "cols": 80})
    )
    hold = forms.BooleanField(
        label=_("Hold the message until organizers release the decisions together"),
        required=False,
    )
    hold_key = forms.SlugField(
        label=_("Release group"), max_length=120, required=False, initial="round-1"
    )


class LettersForm(forms.Form):
    """The portfolio's "Shortlist the ticked candidates": send the letters now, or hold them
    under a release group as the admin's Shortlist can (`templates/.../portfolio.html`)."""

    letters = forms.ChoiceField(
        choices=[
            ("hold", _("Hold the letters until organizers release the decisions together")),
            ("now", _("Send the letters now")),
        ],
        widget=forms.RadioSelect,
    )
    hold_key = forms.SlugField(label=_("Release group"), max_length=120, required=False)

    def clean(self):
        data = super().clean()
        if data.get("letters") == "hold" and not data.get("hold_key"):
            self.add_error("hold_key", _("Name the release group the letters wait in."))
        return data

    @property
    def key(self) -> str:
        """The release group to hold the letters in, or "" to send them now."""
        data = self.cleaned_data
        return data["hold_key"] if data["letters"] == "hold" else ""


class PublishForm(forms.Form):
    """The confirmation page of "Publish to the hub": nothing to fill in, only to confirm."""


class DuplicateForm(forms.Form):
    original = forms.ModelChoiceField(
        label=_("Duplicate of"), queryset=Proposal.objects.none(), empty_label=None
    )
    reason = forms.CharField(label=_("Note"), required=False, widget=Textarea({"rows": 3}))

    def __init__(self, *args, originals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = originals


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Proposal.objects.none(),
        required=False,
        empty_label=_("A new proposal"),
    )
    title = forms.CharField(label=_("Title of the new proposal"), max_length=200, required=False)
    reason = forms.CharField(label=_("Why merge"), widget=Textarea(attrs={"rows": 4, "cols": 80}))
    mode = forms.ChoiceField(
        label=_("How"),
        choices=[
            ("propose", _("Ask the lead of every proposal to agree")),
            ("now", _("Merge now (organizers)")),
        ],
        initial="propose",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, proposals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = proposals

    def clean(self):
        data = super().clean()
        if not data.get("target") and not (data.get("title") or "").strip():
            self.add_error("title", _("Give the new proposal a title, or choose a target."))
        return data


class AssignForm(forms.Form):
    networks = forms.ModelMultipleChoiceField(
        label=_("Networks"),
        queryset=Network.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=get_user_model().objects.filter(reviewer_profile__isnull=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    auto = forms.BooleanField(
        label=_(
            "Or: matched automatic assignment (reviewers per network as the edition sets, "
            "no conflicts, best theme and language match), previewed before it is made"
        ),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not (data.get("networks") or data.get("reviewers") or data.get("auto")):
            raise forms.ValidationError(_("Choose networks, reviewers, or automatic assignment."))
        return data


class ReviewerProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Reviewer
        fields = ["themes", "languages", "capacity"]
        widgets = {"themes": forms.CheckboxSelectMultiple}

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity > 500:
            raise forms.ValidationError(_("At most 500 proposals."))
        return capacity


class ConflictForm(forms.Form):
    # Typed, not chosen from a list: the list would grow with every organization.
    organization = forms.CharField(
        label=_("Organization"),
        max_length=200,
        help_text=_("Its name or acronym."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For example: I advise this organization."),
    )

    def clean_organization(self) -> Organization:
        """The organization whose name or acronym is exactly what was typed (any case), else
        the one whose name or acronym contains it. An exact match is looked up on its own: a
        short acronym ("NCIL") is also part of many names ("Council"), which could push it out
        of the search's first results."""
        typed = self.cleaned_data["organization"].strip()
        exact = list(
            Organization.objects.filter(Q(name__iexact=typed) | Q(acronym__iexact=typed))
            .select_related("region")
            .order_by("name", "pk")[: records.SEARCH_LIMIT]
        )
        named = [o for o in exact if o.name.casefold() == typed.casefold()]
        if len(named) == 1:
            return named[0]
        if len(exact) == 1:
            return exact[0]
        found = exact or records.search(typed)
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(_("No organization has this name or acronym."))
        raise forms.ValidationError(
            _("Several organizations match: %(names)s. Type the full name.")
            % {"names": "; ".join(str(o) for o in found)}
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)


class DiscussionForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=Textarea(attrs={"rows": 4}),
        help_text=_("Mention someone taking part with @ and their e-mail address."),
    )


class CloseDiscussionForm(forms.Form):
    reasons = forms.CharField(
        label=_("The decision's reasons"),
        max_length=5000,
        widget=Textarea(attrs={"rows": 4}),
        help_text=_("The decision letter quotes them."),
    )
