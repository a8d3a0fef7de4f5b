"""The calibrated scores stored on each reviewed proposal (`CalibratedScore`) and the reviewers
far from the others (in the cache), and what keeps them current.

The fit is over every review of an edition, so any change to one review can move every score
of its edition. What can change them, and what follows:

- a review created, changed or deleted: that edition refitted
  (the review's signals; a proposal deleted for good deletes its reviews, and so does this);
- a reviewed proposal moving to another edition: both editions refitted (the proposal's
  signals); a merge leaves the sources' reviews where they are, and the merged result starts
  unreviewed, so it needs nothing more;
- an account deleted: a reviewer's account cannot be (`Review.reviewer` protects it,
  `impact.personal_data.ErasureRefused`); a filer's hands its proposals over, which moves
  no review;
- `QuerySet.update()` / `bulk_create()` on reviews send no signal: callers call `queue()`.

Each refit runs after the change commits, in a Celery task (`coalitions.refresh_calibration`),
under a lock on the edition's row so two refits of one edition cannot write out of order;
`manage.py refresh_calibration` and an hourly job refit every edition.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from kombu.exceptions import OperationalError

from impact import caches
from impact.celery import app
from impact.models import ConferenceEdition
from impact.outbox import broker_presumed_down

from ..models import CalibratedScore, Proposal, Review
from . import calibration

log = logging.getLogger(__name__)

FAR_TTL = 24 * 3600  # refitted far more often than this: hourly at the latest


def far_key(edition_id: int) -> str:
    return caches.key("calibration-far", edition_id=edition_id)


@caches.flushes("calibration-far")
def refresh(edition_id: int) -> int:
    """Refit the edition and store every reviewed proposal's scores (rows of proposals no
    longer reviewed in it removed) and the far reviewers. Returns how many are stored."""
    with transaction.atomic():
        # Serialises refits of one edition: the reviews are read after the lock, so the last
        # to write has seen every change committed before it.
        locked = ConferenceEdition.objects.select_for_update().filter(pk=edition_id)
        if not list(locked.values_list("pk", flat=True)):
            return 0
        fit = calibration.for_edition(edition_id)
        CalibratedScore.objects.filter(proposal__edition_id=edition_id).exclude(
            proposal_id__in=list(fit.proposals)
        ).delete()
        CalibratedScore.objects.bulk_create(
            [
                CalibratedScore(
                    proposal_id=pk,
                    score=c.calibrated,
                    uncertainty=c.uncertainty,
                    raw=c.raw,
                    reviews=c.reviews,
                )
                for pk, c in fit.proposals.items()
            ],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["proposal"],
            update_fields=["score", "uncertainty", "raw", "reviews", "fitted_at"],
        )
        far = fit.far()
        transaction.on_commit(lambda: cache.set(far_key(edition_id), far, FAR_TTL))
    return len(fit.proposals)


def far(edition_id: int) -> list[tuple[int, float]]:
    """(reviewer id, offset) of the edition's reviewers far from the others, as last fitted;
    fitted now if the cache lost them."""
    found = cache.get(far_key(edition_id))
    if found is None:
        found = calibration.for_edition(edition_id).far()
        cache.set(far_key(edition_id), found, FAR_TTL)
    return found


@app.task(name="coalitions.refresh_calibration", acks_late=True)
def refresh_task(*, edition_id: int) -> int:
    return refresh(edition_id)


@app.task(name="coalitions.refresh_all_calibrations")
def refresh_all() -> int:
    """The safety net: refit every edition that has reviews or stored scores. Returns how many
    editions were refitted."""
    editions = set(Review.objects.values_list("proposal__edition_id", flat=True).distinct())
    editions |= set(
        CalibratedScore.objects.values_list("proposal__edition_id", flat=True).distinct()
    )
    for edition_id in sorted(editions):
        refresh(edition_id)
    return len(editions)


def _enqueue(edition_id: int) -> None:
    # As for the criteria recompute: a broker found down does not make the change wait; the
    # hourly refit (or `manage.py refresh_calibration`) catches up.
    if broker_presumed_down():
        log.warning("broker presumed down; calibration refit of edition %s skipped", edition_id)
        return
    try:
        refresh_task.apply_async(kwargs={"edition_id": edition_id}, retry=False)
    except OperationalError as exc:
        log.warning("could not enqueue the calibration refit of edition %s: %s", edition_id, exc)


def queue(*edition_ids: int | None) -> None:
    """Refit these editions once the current transaction commits."""
    for edition_id in sorted({e for e in edition_ids if e is not None}):
        transaction.on_commit(lambda edition_id=edition_id: _enqueue(edition_id))


def _review_changed(sender, instance: Review, **kwargs) -> None:
    editions = Proposal.all_objects.filter(pk=instance.proposal_id).values_list("edition_id")
    queue(*(e for (e,) in editions))


LOADED_EDITION = "_calibration_loaded_edition"


def _proposal_loaded(sender, instance: Proposal, **kwargs) -> None:
    """Remember the edition a proposal was read with (no query: a deferred field stays so)."""
    if "edition_id" in instance.__dict__:
        instance.__dict__[LOADED_EDITION] = instance.__dict__["edition_id"]


def _proposal_saved(sender, instance: Proposal, created: bool, **kwargs) -> None:
    """A reviewed proposal moved to another edition: both refitted (one query, only then)."""
    old = instance.__dict__.get(LOADED_EDITION)
    instance.__dict__[LOADED_EDITION] = instance.edition_id
    if created or kwargs.get("raw") or old is None or old == instance.edition_id:
        return
    if Review.objects.filter(proposal_id=instance.pk).exists():
        queue(old, instance.edition_id)


def connect() -> None:
    uid = "calibration-store"
    post_save.connect(_review_changed, sender=Review, dispatch_uid=f"{uid}-review-saved")
    post_delete.connect(_review_changed, sender=Review, dispatch_uid=f"{uid}-review-deleted")
    post_init.connect(_proposal_loaded, sender=Proposal, dispatch_uid=f"{uid}-proposal-loaded")
    post_save.connect(_proposal_saved, sender=Proposal, dispatch_uid=f"{uid}-proposal-saved")
