"""The whole EOI form: the proposal's fields and its three formsets, validated and saved
together, so a failed validation loses nothing and a valid save changes everything at once."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from impact.concurrency import (
    TOKEN_FIELD,
    Conflict,
    EditToken,
    claim,
    fingerprint,
    model_value,
    reconcile,
    shown_value,
)

from ...models import Proposal
from ..saving import ContactRow, ItemRow, Rows, record_edit, save_rows
from ..versions import keep_unversioned
from . import members, problems
from .proposal import ProposalForm
from .rows import ContactFormSet, MemberForm, MemberFormSet, RowChoices, WorkPlanFormSet

# Formset prefixes, also the values of the "add a row" buttons.
MEMBERS, WORK_PLAN, CONTACTS = "members", "work_plan", "contacts"
# Empty rows shown on a new proposal, so the filer starts typing at once (members are added
# one at a time in their own editor).
STARTING_ROWS = {MEMBERS: 0, WORK_PLAN: 1, CONTACTS: 1}
ROW_LABELS = {MEMBERS: _("Members"), WORK_PLAN: _("Work plan"), CONTACTS: _("Contacts")}


def stored_rows(proposal: Proposal) -> dict[str, list[tuple]]:
    """The rows as saved, in the shape `EOIForm.posted_rows` gives (for the edit token)."""
    return {
        MEMBERS: [
            (m.organization.name.casefold(), str(m.organization.country or ""), m.role)
            for m in proposal.members.all()
        ],
        WORK_PLAN: [(i.date, i.title, i.description) for i in proposal.work_plan.all()],
        CONTACTS: [(c.name, c.email.lower(), c.organization) for c in proposal.contacts.all()],
    }


def shown_rows(proposal: Proposal) -> dict[str, str]:
    """The rows as saved, as a person reads them in the conflict notice."""
    return {
        MEMBERS: "\n".join(
            f"{m.organization.name} ({m.get_role_display()})" for m in proposal.members.all()
        ),
        WORK_PLAN: "\n".join(
            f"{i.date.isoformat() if i.date else '—'} {i.title}" for i in proposal.work_plan.all()
        ),
        CONTACTS: "\n".join(f"{c.name} <{c.email}>" for c in proposal.contacts.all()),
    }


def member_initial(proposal: Proposal) -> list[dict]:
    """Rows for the members (prefetch `criteria_bridge.member_prefetch()`)."""
    return [one_member_initial(m) for m in proposal.members.all()]


def one_member_initial(member) -> dict:
    org = member.organization
    return {"organization": org.pk, "name": org.name, **_details_of(org), "role": member.role}


class EOIForm:
    def __init__(self, proposal: Proposal, data: QueryDict | None = None, *, add: str = "") -> None:
        self.proposal = proposal
        saved = proposal.pk is not None
        if data is not None and add in (WORK_PLAN, CONTACTS):
            # "Add a row" without JavaScript: the same data with one more empty row.
            data = data.copy()
            key = f"{add}-TOTAL_FORMS"
            try:
                count = int(data.get(key, "0"))
            except ValueError:
                count = None  # a tampered count: the formset reports it
            if count is not None:
                data[key] = str(count + 1)
        self.choices = RowChoices.load()
        kwargs = {"form_kwargs": {"choices": self.choices}}
        self.main = ProposalForm(data, instance=proposal)
        self.members = MemberFormSet(
            data, prefix=MEMBERS, initial=member_initial(proposal) if saved else [], **kwargs
        )
        self.work_plan = WorkPlanFormSet(
            data,
            prefix=WORK_PLAN,
            initial=[
                {"id": i.pk, "date": i.date, "title": i.title, "description": i.description}
                for i in proposal.work_plan.all()
            ]
            if saved
            else [],
            **kwargs,
        )
        self.contacts = ContactFormSet(
            data,
            prefix=CONTACTS,
            initial=[
                {"id": c.pk, "name": c.name, "email": c.email, "organization": c.organization}
                for c in proposal.contacts.all()
            ]
            if saved
            else [],
            **kwargs,
        )
        if data is None:
            for prefix, formset in self.formsets.items():
                start = 0 if formset.initial else STARTING_ROWS[prefix]
                formset.extra = start + (1 if add == prefix and prefix != MEMBERS else 0)
        self.saved_members: list = []
        # Corrections of shared organizations the save sent to their representatives.
        self.suggested: list = []
        # The version the editor opened, and what they saw (see impact.concurrency).
        self.conflict: Conflict | None = None
        if data is not None:
            self.edit_token = str(data.get(TOKEN_FIELD, ""))[:4000]
        else:
            self.edit_token = self.token_for(proposal).encode() if saved else ""

    def stored_values(self, proposal: Proposal) -> dict[str, Any]:
        main = {name: model_value(proposal, name) for name in self.main._meta.fields}
        return {**main, **stored_rows(proposal)}

    def posted_values(self) -> dict[str, Any]:
        """The valid posted values, shaped like `stored_values`."""
        main = {name: self.main.cleaned_data.get(name) for name in self.main._meta.fields}
        rows = self.rows()
        return {
            **main,
            MEMBERS: [
                (
                    (m.organization.name if m.organization else m.name).casefold(),
                    str(m.organization.country or "") if m.organization else m.country,
                    m.role,
                )
                for m in rows.members
            ],
            WORK_PLAN: [(i.date, i.title, i.description) for i in rows.work_plan],
            CONTACTS: [(c.name, c.email.lower(), c.organization) for c in rows.contacts],
        }

    def token_for(self, proposal: Proposal) -> EditToken:
        token = EditToken.of(proposal, self.stored_values(proposal))
        # Each row's own fingerprint too ("members[]"…), to merge row lists row by row.
        rows = {
            f"{prefix}[]": ",".join(fingerprint(row) for row in values)
            for prefix, values in stored_rows(proposal).items()
        }
        return EditToken(token.version, {**token.opened, **rows})

    @property
    def formsets(self) -> dict:
        return {MEMBERS: self.members, WORK_PLAN: self.work_plan, CONTACTS: self.contacts}

    # What the page reads of the formsets, as attributes of this form: a template looking up
    # `formset.anything` tries `formset["anything"]` first, which builds every row's form.
    @property
    def management(self) -> dict:
        return {prefix: fs.management_form for prefix, fs in self.formsets.items()}

    @property
    def member_errors(self):
        return self.members.non_form_errors()

    @property
    def work_plan_forms(self) -> list:
        return self.work_plan.forms

    @property
    def contacts_forms(self) -> list:
        return self.contacts.forms

    def member_lines(self) -> list[members.MemberLine]:
        return members.lines(self.members, members.Labels.of(self.choices))

    def saved_member(self, index: int):
        """The organization saved for the member row at formset index `index`, if any."""
        live = self.members.live_forms() if self.members.is_bound else []
        for position, form in enumerate(live):
            if form.prefix == f"{MEMBERS}-{index}" and position < len(self.saved_members):
                return self.saved_members[position]
        return None

    def is_valid(self) -> bool:
        # Evaluate every part, so each shows its own errors.
        results = [self.main.is_valid(), *(fs.is_valid() for fs in self.formsets.values())]
        return all(results)

    def flag_submission_problems(self) -> int:
        """Mark what keeps the proposal from being submitted at its fields (see problems)."""
        return problems.flag_submission_problems(self)

    def error_list(self) -> list[problems.Problem]:
        """Every error shown, in the page's order, with a link to its field."""
        return problems.summary(self, ROW_LABELS)

    def has_changed(self) -> bool:
        return self.main.has_changed() or any(fs.has_changed() for fs in self.formsets.values())

    def rows(self) -> Rows:
        return Rows(
            members=[members.member_row(f) for f in self.members.live_forms()],
            work_plan=[
                ItemRow(
                    id=f.cleaned_data.get("id"),
                    date=f.cleaned_data.get("date"),
                    title=f.cleaned_data["title"].strip(),
                    description=f.cleaned_data.get("description") or "",
                )
                for f in self.work_plan.live_forms()
            ],
            contacts=[
                ContactRow(
                    id=f.cleaned_data.get("id"),
                    name=f.cleaned_data["name"].strip(),
                    email=f.cleaned_data["email"],
                    organization=f.cleaned_data.get("organization") or "",
                )
                for f in self.contacts.live_forms()
            ],
        )

    def save(self, *, actor) -> Proposal:
        """Save everything (call `is_valid()` first). A new proposal is owned by `actor`."""
        changed = self.has_changed() or self.proposal.pk is None
        with transaction.atomic():
            if self.proposal.pk is not None:
                # Refused (StaleEdit, nothing written) when someone saved since it was opened.
                claim(self.proposal, EditToken.decode(self.edit_token), actor=actor)
                keep_unversioned(self.proposal, actor=actor)
            proposal = self.main.save(commit=False)
            if proposal.pk is None:
                proposal.owner = actor
            proposal.save()
            self.main.save_m2m()
            rows = self.rows()
            self.saved_members = save_rows(proposal, rows, actor=actor)
            self.suggested = [row.suggested for row in rows.members if row.suggested]
            if changed:
                record_edit(proposal, actor=actor)
        return proposal

    def _merged_rows(self, prefix: str, current: Proposal, token: EditToken | None) -> list:
        """The rows to show after a stale save when the editor changed this list: theirs as
        typed, less the rows they left untouched that someone else removed, plus the rows
        someone else added (a row counts as itself while its values are unchanged)."""
        live = self.formsets[prefix].live_forms()
        posted = list(zip(live, self.posted_values()[prefix], strict=True))
        raw = token.opened.get(f"{prefix}[]") if token else None
        if raw is None:
            return [_row_initial(f) for f, _row in posted]
        opened = set(filter(None, raw.split(",")))
        stored = [fingerprint(row) for row in stored_rows(current)[prefix]]
        rows = [
            _row_initial(f)
            for f, row in posted
            if fingerprint(row) not in opened or fingerprint(row) in stored
        ]
        mine = {fingerprint(row) for _f, row in posted}
        added = [
            initial
            for fp, initial in zip(stored, _current_initial(current)[prefix], strict=True)
            if fp not in opened and fp not in mine
        ]
        return rows + added

    def reopen(self, current: Proposal) -> EOIForm:
        """The form to show after `StaleEdit`: the stored proposal `current` with the
        editor's own changes (fields and whole row lists), a fresh token and the conflict."""
        stored = self.stored_values(current)
        fields = self.main.fields
        result = reconcile(
            EditToken.decode(self.edit_token),
            stored=stored,
            posted=self.posted_values(),
            current=current,
            labels={**{n: fields[n].label or n for n in self.main._meta.fields}, **ROW_LABELS},
            shown={
                **{n: shown_value(fields[n], stored[n]) for n in self.main._meta.fields},
                **shown_rows(current),
            },
        )
        form = EOIForm(current)
        for name in result.mine & set(self.main._meta.fields):
            form.main.initial[name] = self.main.cleaned_data.get(name)
        token = EditToken.decode(self.edit_token)
        kwargs = {"form_kwargs": {"choices": self.choices}}
        for prefix, factory in (
            (MEMBERS, MemberFormSet),
            (WORK_PLAN, WorkPlanFormSet),
            (CONTACTS, ContactFormSet),
        ):
            if prefix in result.mine:
                rows = self._merged_rows(prefix, current, token)
                setattr(form, prefix, factory(prefix=prefix, initial=rows, **kwargs))
        form.conflict = result.conflict
        return form


def _current_initial(current: Proposal) -> dict[str, list[dict]]:
    """The stored rows as initial row data, in `stored_rows` order."""
    return {
        MEMBERS: member_initial(current),
        WORK_PLAN: [
            {"id": i.pk, "date": i.date, "title": i.title, "description": i.description}
            for i in current.work_plan.all()
        ],
        CONTACTS: [
            {"id": c.pk, "name": c.name, "email": c.email, "organization": c.organization}
            for c in current.contacts.all()
        ],
    }


def _row_initial(row_form) -> dict:
    """A valid posted row as the initial data of a new row form (the typed values)."""
    data = {k: v for k, v in row_form.cleaned_data.items() if k != "DELETE"}
    if getattr(row_form, "organization", None) is not None:
        data["organization"] = row_form.organization.pk
    if isinstance(row_form, MemberForm):
        # The details the filer sent are shown and sent again (see forms.members).
        data["details"] = row_form.details_posted()
        if not row_form.details_posted() and row_form.organization is not None:
            data.update(_details_of(row_form.organization))
    return data


def _details_of(org) -> dict:
    return {
        "acronym": org.acronym,
        "sector": org.sector.slug,
        "country": str(org.country or ""),
        "region": org.region.slug,
        "is_global": org.is_global,
        "constituencies": [c.slug for c in org.constituencies.all()],
    }
