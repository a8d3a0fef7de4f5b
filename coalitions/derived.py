"""Derived data and the sources it follows: the criteria stored on each proposal.

`Proposal.criteria_report`, `eligible` and `failing_criteria` are kept on the row so the
reviewers' change list, its "eligible" and "failing criterion" filters, the exports and the
filers' dashboard read them in the same query as the rest of the row. They are computed from
other tables, and this module is the one place that says which:

=====================  =============================================  =========================
source                 what matters                                   proposals recomputed
=====================  =============================================  =========================
Organization           name, sector, country, region, is_global,      those it is a member of
                       its constituency types (m2m, either side)
ProposalMember         added, removed, changed                        its proposal
Region                 slug, name, is_global_south; added, deleted    every edition's
Sector                 slug, counts_as_civil_society; deleted         every edition's
ConstituencyType       slug, name; deleted                            every edition's
ConferenceEdition      the criteria thresholds, ends_on,              that edition's
                       horizon_date, horizon_label
=====================  =============================================  =========================

("Proposals" here: those not merged nor deleted that have a report; one never evaluated has
nothing stored to go stale, and its first save evaluates it.) A proposal's own fields, work
plan and contacts are not in the map: every save of them refreshes its report already
(`filing.versions.snapshot`).

The signals (`connect()`, from `CoalitionsConfig.ready`) call `queue()`, which recomputes
after the change commits, in a Celery task (`coalitions.recompute_criteria`), in batches: only
rows whose report changed are written, without touching their version, `updated_at` or anyone's
notifications, so running it twice is harmless. `manage.py recompute_criteria` does the same
at once.

`QuerySet.update()`, `bulk_create()` and `bulk_update()` send no signal: code that changes a
source above in bulk must call `queue()` itself with what it changed.

Two other derived values keep their own maps and are connected from here too: the calibrated
scores (`review.calibration_store`) and the portfolio's cached tally (`review.portfolio_cache`).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import translation
from kombu.exceptions import OperationalError

from impact.celery import app
from impact.models import ConferenceEdition
from impact.outbox import broker_presumed_down

from . import criteria
from .criteria_bridge import forget_reference, member_prefetch, proposal_data, reference, thresholds
from .enums import ProposalStatus
from .models import ConstituencyType, Organization, Proposal, ProposalMember, Region, Sector
from .review import calibration_store, portfolio_cache

log = logging.getLogger(__name__)

BATCH = 200
STORED = ["criteria_report", "eligible", "failing_criteria"]


# --- the map ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A table the stored criteria read: the fields that matter, and which proposals follow."""

    model: type[models.Model]
    fields: tuple[str, ...]
    # "organization": the proposals it is a member of; "proposal": the row's proposal;
    # "edition": the edition's proposals; "everything": every edition's (reference data).
    scope: str
    # Whether a new row can change a report (a new region is named in C1's hints).
    created_matters: bool = False
    # Compare the fields with the stored row before a save (rarely saved tables only: the
    # others are queued on every save, at no cost to the request, and the task finds out).
    compare: bool = False


SOURCES = (
    Source(Organization, ("name", "sector", "country", "region", "is_global"), "organization"),
    Source(ProposalMember, ("proposal", "organization", "role"), "proposal", created_matters=True),
    Source(
        Region,
        ("slug", "name", "is_global_south"),
        "everything",
        created_matters=True,
        compare=True,
    ),
    Source(Sector, ("slug", "counts_as_civil_society"), "everything", compare=True),
    Source(ConstituencyType, ("slug", "name"), "everything", compare=True),
    Source(
        ConferenceEdition,
        (
            "min_csos",
            "min_regions",
            "min_global_south",
            "min_constituencies",
            "min_plan_words",
            "min_milestones",
            "ends_on",
            "horizon_date",
            "horizon_label",
        ),
        "edition",
        compare=True,
    ),
)
BY_MODEL = {source.model: source for source in SOURCES}
# Deleting these cannot change a report: an organization in a proposal and an edition with
# proposals are protected (on_delete=PROTECT); without them no report reads them.
DELETION_IRRELEVANT = (Organization, ConferenceEdition)


# --- queueing ---------------------------------------------------------------------------------


@dataclass
class Targets:
    proposals: set[int] = field(default_factory=set)
    organizations: set[int] = field(default_factory=set)
    editions: set[int] = field(default_factory=set)
    every_edition: bool = False
    reference: bool = False

    def __bool__(self) -> bool:
        return bool(self.proposals or self.organizations or self.editions or self.every_edition)

    def task_kwargs(self) -> dict:
        return {
            "proposal_ids": sorted(self.proposals),
            "organization_ids": sorted(self.organizations),
            "edition_ids": sorted(self.editions),
            "every_edition": self.every_edition,
        }


_pending = threading.local()


def queue(
    *,
    proposals: Iterable[int] = (),
    organizations: Iterable[int] = (),
    editions: Iterable[int] = (),
    every_edition: bool = False,
    reference: bool = False,
) -> None:
    """Recompute the stored criteria of these proposals, of the proposals these organizations
    are members of, of these editions' proposals (or every edition's), once the current
    transaction commits (at once outside one). `reference`: the reference tables changed, so
    their cache is dropped first.

    Everything queued in one transaction goes to one task: each call adds to the thread's
    pending targets and registers a flush; the first flush at commit sends them all, the
    others find nothing left. (Targets of a transaction rolled back go with the next flush: a
    recompute too many is harmless.)
    """
    targets = getattr(_pending, "targets", None)
    if targets is None:
        targets = _pending.targets = Targets()
    targets.proposals.update(proposals)
    targets.organizations.update(organizations)
    targets.editions.update(editions)
    targets.every_edition |= every_edition
    targets.reference |= reference
    transaction.on_commit(_flush)


def _flush() -> None:
    targets, _pending.targets = getattr(_pending, "targets", None), None
    if targets is None:
        return
    if targets.reference:
        forget_reference()
    if targets:
        enqueue_recompute(**targets.task_kwargs())


def _queue_for(source: Source, instance: models.Model) -> None:
    if source.scope == "organization":
        queue(organizations=[instance.pk])
    elif source.scope == "proposal":
        queue(proposals=[instance.proposal_id])
    elif source.scope == "edition":
        queue(editions=[instance.pk])
    else:
        queue(every_edition=True, reference=True)


# --- the signals ------------------------------------------------------------------------------


def _attnames(source: Source) -> list[str]:
    return [source.model._meta.get_field(name).attname for name in source.fields]


def before_save(sender, instance, raw: bool = False, **kwargs) -> None:
    """Note whether a save changes a field that matters (one query: rarely saved tables)."""
    if raw or instance._state.adding:
        return
    names = _attnames(BY_MODEL[sender])
    stored = sender._base_manager.filter(pk=instance.pk).values_list(*names).first()
    instance._criteria_sources_unchanged = stored is not None and tuple(stored) == tuple(
        getattr(instance, name) for name in names
    )


def saved(sender, instance, created: bool, raw: bool = False, update_fields=None, **kwargs):
    source = BY_MODEL[sender]
    if raw or (created and not source.created_matters):
        return
    if update_fields is not None and not set(update_fields) & {*source.fields, *_attnames(source)}:
        return
    if not created and getattr(instance, "_criteria_sources_unchanged", False):
        return
    _queue_for(source, instance)


def deleted(sender, instance, **kwargs) -> None:
    _queue_for(BY_MODEL[sender], instance)


def constituencies_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    """An organization's constituency types, changed from either side of the relation."""
    if not reverse:  # organization.constituencies.add/remove/clear/set
        if action == "post_clear" or (action in ("post_add", "post_remove") and pk_set):
            queue(organizations=[instance.pk])
    elif action in ("post_add", "post_remove") and pk_set:  # constituency.organizations…
        queue(organizations=pk_set)
    elif action == "pre_clear":  # …clear(): which organizations had it, before they are gone
        queue(organizations=instance.organizations.values_list("pk", flat=True))


def connect() -> None:
    """Connect the receivers (idempotent: each has a `dispatch_uid`)."""
    for source in SOURCES:
        name = source.model._meta.label_lower
        post_save.connect(saved, sender=source.model, dispatch_uid=f"criteria-saved-{name}")
        if source.compare:
            pre_save.connect(before_save, sender=source.model, dispatch_uid=f"criteria-pre-{name}")
        if source.model not in DELETION_IRRELEVANT:
            post_delete.connect(
                deleted, sender=source.model, dispatch_uid=f"criteria-deleted-{name}"
            )
    m2m_changed.connect(
        constituencies_changed,
        sender=Organization.constituencies.through,
        dispatch_uid="criteria-constituencies",
    )
    calibration_store.connect()
    portfolio_cache.connect()


# --- recomputing ------------------------------------------------------------------------------


def live() -> QuerySet[Proposal]:
    """The proposals whose stored criteria follow their sources: not deleted (the default
    manager), not merged (a merged proposal lives on in its result), evaluated once."""
    return Proposal.objects.exclude(status=ProposalStatus.MERGED).exclude(criteria_report={})


def affected(
    *,
    proposal_ids: Iterable[int] = (),
    organization_ids: Iterable[int] = (),
    edition_ids: Iterable[int] = (),
    every_edition: bool = False,
) -> QuerySet[Proposal]:
    """The proposals a change to these sources concerns (see the map above)."""
    if every_edition:
        return live()
    memberships = ProposalMember.objects.filter(organization_id__in=list(organization_ids))
    return live().filter(
        Q(pk__in=list(proposal_ids))
        | Q(edition_id__in=list(edition_ids))
        | Q(pk__in=memberships.values("proposal_id"))
    )


def recompute(proposals: QuerySet[Proposal], *, batch_size: int = BATCH) -> tuple[int, int]:
    """Evaluate these proposals again and store the reports that changed, `batch_size` rows
    at a time. Returns (how many were evaluated, how many changed).

    Side effects: `criteria_report`, `eligible` and `failing_criteria` of the rows that
    changed, nothing else (no version, no `updated_at`, no notification). A report is written
    in the site's language; one stored in another language of the site (the filer's, at their
    last save) that still says the same is left as it is.
    """
    ids = list(proposals.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), batch_size):
        changed += _recompute_batch(ids[start : start + batch_size])
    return len(ids), changed


def _recompute_batch(ids: list[int]) -> int:
    with transaction.atomic():
        # Locked while evaluated: a save that refreshes one of them waits, then writes its own
        # report over this one, never the other way round.
        rows = list(
            Proposal.objects.filter(pk__in=ids)
            .select_for_update(of=("self",))
            .select_related("edition")
            .prefetch_related(member_prefetch(), "work_plan", "contacts")
            .order_by("pk")
        )
        ref = reference()
        changed = [proposal for proposal in rows if _refreshed(proposal, ref)]
        Proposal.objects.bulk_update(changed, STORED)
    return len(changed)


def _refreshed(proposal: Proposal, ref: criteria.Reference) -> bool:
    """Put the report on the instance; False when what is stored says the same already."""
    data = proposal_data(proposal)
    with translation.override(settings.LANGUAGE_CODE):
        fresh = _stored_form(criteria.evaluate(data, thresholds(proposal.edition), ref))
    current = (proposal.criteria_report, proposal.eligible, proposal.failing_criteria)
    if current == fresh:
        return False
    if _facts(current[0]) == _facts(fresh[0]):
        # The same facts: the hints may only be in another language (or name a renamed row).
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                said = criteria.evaluate(data, thresholds(proposal.edition), ref)
                if current == _stored_form(said):
                    return False
    proposal.criteria_report, proposal.eligible, proposal.failing_criteria = fresh
    return True


def _stored_form(report: criteria.Report) -> tuple[dict, bool, str]:
    # As the JSON column gives it back (tuples become lists), so equal reports compare equal.
    return json.loads(json.dumps(report.to_dict())), report.eligible, " ".join(report.failing)


def _facts(report: dict) -> object:
    """A stored report without its words: what is met, measured and required, which advisories."""
    return (
        report.get("eligible"),
        [
            (c.get("id"), c.get("status"), c.get("measured"), c.get("required"))
            for c in report.get("criteria", [])
        ],
        [a.get("id") for a in report.get("advisories", [])],
    )


# The task (`coalitions.tasks.recompute_criteria`) is sent by name: the task module imports
# this one, never the other way round.
RECOMPUTE_TASK = "coalitions.recompute_criteria"


def enqueue_recompute(**kwargs) -> None:
    """Send the recompute with these keyword arguments (ids only), after a commit."""
    # As for the similarity refresh: a broker just found down does not make the request wait.
    # What is missed is caught up by `manage.py recompute_criteria`.
    if broker_presumed_down():
        log.warning("broker presumed down; criteria recompute skipped: %s", kwargs)
        return
    try:
        app.signature(RECOMPUTE_TASK, kwargs=kwargs).apply_async(retry=False)
    except OperationalError as exc:  # the broker is unreachable: that must not break the change
        log.warning("could not enqueue the criteria recompute %s: %s", kwargs, exc)
