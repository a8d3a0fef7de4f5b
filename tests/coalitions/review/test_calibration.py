"""Calibrated scores: a reviewer's leniency is taken out of the ranking."""

import pytest

from coalitions.review import calibration

# Merit of four proposals as (relevance, diversity, feasibility); A and B score what they see.
MERIT = {1: (5, 5, 4), 2: (4, 4, 5), 3: (3, 3, 3), 4: (5, 5, 5)}
FAIR = [(1, "A"), (2, "A"), (2, "B"), (3, "A"), (3, "B"), (4, "A"), (4, "B")]
HARSH = [(1, "C"), (3, "C"), (4, "C")]  # C scores every proposal one point lower


def score(proposal, lower=0):
    return sum(s - lower for s in MERIT[proposal]) / 3


def reviews(with_harsh: bool):
    ids = {"A": 10, "B": 11, "C": 12}
    rows = [(p, ids[r], score(p)) for p, r in FAIR]
    if with_harsh:
        rows += [(p, ids[r], score(p, lower=1)) for p, r in HARSH]
    return rows


def raw_ranking(rows):
    fit = calibration.fit(rows)
    return sorted(fit.proposals, key=lambda p: (-fit.proposals[p].raw, p))


def test_a_harsh_reviewer_moves_the_raw_ranking():
    assert raw_ranking(reviews(False)) == [4, 1, 2, 3]
    # Proposal 1 (4.67 from A) gets 3.67 from C: its raw mean falls below proposal 2's 4.33.
    assert raw_ranking(reviews(True)) == [4, 2, 1, 3]


def test_a_harsh_reviewer_no_longer_moves_the_calibrated_ranking():
    without = calibration.fit(reviews(False))
    harsh = calibration.fit(reviews(True))
    assert harsh.rank([1, 2, 3, 4]) == without.rank([1, 2, 3, 4]) == [4, 1, 2, 3]
    assert harsh.offsets[12] == pytest.approx(harsh.offsets[10] - 1)
    assert harsh.offsets[10] == pytest.approx(harsh.offsets[11])
    # The gaps between proposals are the merit's own.
    gap = harsh.proposals[1].calibrated - harsh.proposals[2].calibrated
    assert gap == pytest.approx(score(1) - score(2))
    assert harsh.proposals[1].raw == pytest.approx((score(1) + score(1, lower=1)) / 2)


def test_a_reviewer_with_too_few_reviews_is_not_calibrated():
    rows = [(1, 10, 4.0), (2, 10, 3.0), (1, 11, 2.0)]
    fit = calibration.fit(rows)
    assert fit.offsets == {10: 0.0, 11: 0.0}
    assert fit.proposals[1].calibrated == pytest.approx(3.0)


def test_noise_gives_an_uncertainty():
    rows = reviews(True) + [(2, 12, score(2) - 0.5)]
    fit = calibration.fit(rows)
    assert fit.proposals[2].uncertainty is not None and fit.proposals[2].uncertainty > 0
    assert fit.rank([3, 2, 5]) == [2, 3, 5]  # 5 has no review: last
