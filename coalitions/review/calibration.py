"""Calibrated scores: each proposal's mean score with every reviewer's leniency taken out.

The model is additive: a review's score (the mean of its three 1–5 scores) is the proposal's
merit, plus the reviewer's own offset (how much more or less generous than the others they
are, across everything they reviewed), plus noise. It is fitted by least squares with
alternating means (backfitting), which converges to the same solution as the normal equations
without building a proposals × reviewers matrix. An additive offset rather than per-reviewer
z-scores: with a handful of reviews each, a reviewer's spread is too noisy to divide by, while
their mean offset is already useful; and the calibrated value stays on the 1–5 scale.

A reviewer with fewer than `MIN_REVIEWS` reviews keeps an offset of 0 (too little to tell
leniency from the proposals they happened to get), and so anchors the scale: the others'
offsets are measured from them. When every reviewer has enough reviews, the offsets are centred
to average 0 over all reviews instead: calibration moves proposals relative to each other, not
the whole scale.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Review

MIN_REVIEWS = 3
FAR = 0.75  # an offset this far from 0 (three quarters of a point) is shown to organizers
MAX_ROUNDS = 500
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Calibrated:
    raw: float  # the plain mean of its reviews' scores
    calibrated: float  # the same with each reviewer's offset removed
    uncertainty: float | None  # one standard error; None when the fit leaves no residual
    reviews: int


@dataclass(frozen=True)
class Fit:
    proposals: dict[int, Calibrated]
    offsets: dict[int, float]  # reviewer id → offset (negative: harsher than the others)

    def rank(self, proposal_ids: Iterable[int]) -> list[int]:
        """The ids best first by calibrated mean (unreviewed last), ties by id."""

        def order(pk: int):
            found = self.proposals.get(pk)
            return (found is None, -(found.calibrated if found else 0.0), pk)

        return sorted(proposal_ids, key=order)

    def far(self) -> list[tuple[int, float]]:
        """(reviewer id, offset) of the reviewers whose scores sit far from the others',
        farthest first."""
        found = [(r, o) for r, o in self.offsets.items() if abs(o) >= FAR]
        return sorted(found, key=lambda item: (-abs(item[1]), item[0]))


def fit(reviews: Iterable[tuple[int, int, float]]) -> Fit:
    """`reviews`: (proposal id, reviewer id, score). Returns each proposal's raw and
    calibrated mean and each reviewer's offset."""
    rows = list(reviews)
    by_proposal: dict[int, list[tuple[int, float]]] = defaultdict(list)
    by_reviewer: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for proposal, reviewer, score in rows:
        by_proposal[proposal].append((reviewer, score))
        by_reviewer[reviewer].append((proposal, score))
    calibrated = {r for r, done in by_reviewer.items() if len(done) >= MIN_REVIEWS}
    offset = dict.fromkeys(by_reviewer, 0.0)
    merit: dict[int, float] = {}
    for _round in range(MAX_ROUNDS):
        merit = {
            p: sum(s - offset[r] for r, s in done) / len(done) for p, done in by_proposal.items()
        }
        moved = 0.0
        new = {
            r: (sum(s - merit[p] for p, s in done) / len(done) if r in calibrated else 0.0)
            for r, done in by_reviewer.items()
        }
        if calibrated and len(calibrated) == len(by_reviewer):
            # No uncalibrated reviewer to anchor the scale at 0: centre the offsets instead.
            weight = sum(len(done) for done in by_reviewer.values())
            centre = sum(new[r] * len(by_reviewer[r]) for r in calibrated) / weight
            for r in calibrated:
                new[r] -= centre
        moved = max((abs(new[r] - offset[r]) for r in new), default=0.0)
        offset = new
        if moved < TOLERANCE:
            break
    merit = {p: sum(s - offset[r] for r, s in done) / len(done) for p, done in by_proposal.items()}
    residual = sum((s - merit[p] - offset[r]) ** 2 for p, r, s in rows)
    freedom = len(rows) - len(by_proposal) - max(len(calibrated) - 1, 0)
    sigma = math.sqrt(residual / freedom) if freedom > 0 else None
    return Fit(
        proposals={
            p: Calibrated(
                raw=sum(s for _r, s in done) / len(done),
                calibrated=merit[p],
                uncertainty=sigma / math.sqrt(len(done)) if sigma is not None else None,
                reviews=len(done),
            )
            for p, done in by_proposal.items()
        },
        offsets=offset,
    )


def for_edition(edition_id: int) -> Fit:
    """The fit over every review of the edition's proposals (one query)."""
    rows = Review.objects.filter(proposal__edition_id=edition_id).values_list(
        "proposal_id", "reviewer_id", "relevance", "diversity", "feasibility"
    )
    return fit((p, r, (a + b + c) / 3) for p, r, a, b, c in rows)
