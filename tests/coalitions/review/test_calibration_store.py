"""The stored calibrated scores follow every change that can move them."""

import time

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from coalitions.models import CalibratedScore, Review
from coalitions.review import calibration, calibration_store, reviewing
from impact import outbox, personal_data
from tests.coalitions.review.review_helpers import fast_hashing, join, submitted  # noqa: F401
from tests.factories import EditionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def scores(value):
    return {"relevance": value, "diversity": value, "feasibility": value}


def stored(proposal):
    return CalibratedScore.objects.filter(proposal=proposal).first()


@pytest.fixture
def refit(django_capture_on_commit_callbacks):
    """Runs what commits schedule (the refit), as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def panel_of_four(expert, reviewer, refit):
    """The expert (2 reviews: too few to calibrate, so the anchor) scores Two and Three; the
    reviewer scores them two points lower, and alone One and Lone."""
    join(reviewer)
    join(expert, "expert-sub-committee")
    one, two, three, lone = (submitted(title=t) for t in ("One", "Two", "Three", "Lone"))
    with refit():
        for p, fair in ((two, 4), (three, 3)):
            reviewing.save_review(p, reviewer=expert, recommendation="shortlist", **scores(fair))
            reviewing.save_review(
                p, reviewer=reviewer, recommendation="shortlist", **scores(fair - 2)
            )
        for p in (one, lone):
            reviewing.save_review(p, reviewer=reviewer, recommendation="shortlist", **scores(3))
    return [one, two, three, lone]


def stale():
    """Spoil every stored score, so that matching the fit afterwards proves a refit ran."""
    CalibratedScore.objects.update(score=0, raw=0, reviews=0)


def assert_matches_the_fit(edition_id):
    fit = calibration.for_edition(edition_id)
    rows = {
        s.proposal_id: s for s in CalibratedScore.objects.filter(proposal__edition_id=edition_id)
    }
    assert set(rows) == set(fit.proposals)
    for pk, c in fit.proposals.items():
        assert rows[pk].score == pytest.approx(c.calibrated)
        assert rows[pk].raw == pytest.approx(c.raw)
        assert rows[pk].reviews == c.reviews
        if c.uncertainty is None:
            assert rows[pk].uncertainty is None
        else:
            assert rows[pk].uncertainty == pytest.approx(c.uncertainty)


def test_saving_reviews_stores_the_editions_calibrated_scores(panel_of_four):
    lone = panel_of_four[3]
    assert_matches_the_fit(lone.edition_id)
    # 3 from a reviewer two points harsher than the expert: 5 once calibrated.
    assert stored(lone).score == pytest.approx(5.0)
    assert stored(lone).raw == pytest.approx(3.0)


def test_nothing_is_stored_before_the_change_commits(expert, reviewer):
    join(reviewer)
    p = submitted()
    reviewing.save_review(p, reviewer=reviewer, recommendation="shortlist", **scores(4))
    assert stored(p) is None  # the refit is scheduled after commit, and this one never commits


def test_changing_one_review_refits_the_whole_edition(panel_of_four, reviewer, refit):
    _one, two, _three, lone = panel_of_four
    stale()
    with refit():
        reviewing.save_review(two, reviewer=reviewer, recommendation="shortlist", **scores(4))
    # The reviewer now agrees with the expert on Two: less harsh, so Lone's score drops.
    assert 3.0 < stored(lone).score < 5.0
    assert_matches_the_fit(lone.edition_id)


def test_deleting_a_proposals_last_review_removes_its_score(panel_of_four, reviewer, refit):
    lone = panel_of_four[3]
    stale()
    with refit():
        Review.objects.get(proposal=lone, reviewer=reviewer).delete()
    assert stored(lone) is None
    assert_matches_the_fit(lone.edition_id)


def test_deleting_a_proposal_for_good_refits_its_edition(panel_of_four, reviewer, refit):
    one, _two, _three, lone = panel_of_four
    stale()
    with refit():
        one.delete()
    assert not CalibratedScore.objects.filter(proposal_id=one.pk).exists()
    assert_matches_the_fit(lone.edition_id)


def test_a_proposal_moving_edition_refits_both(panel_of_four, refit):
    one, _two, _three, lone = panel_of_four
    other = EditionFactory(slug="other-edition")
    stale()
    with refit():
        one.edition = other
        one.save()
    assert_matches_the_fit(lone.edition_id)
    assert_matches_the_fit(other.pk)
    # Alone in its new edition, with reviewers of fewer than 3 reviews: its raw mean.
    assert stored(one).score == pytest.approx(stored(one).raw)


def test_a_reviewers_account_cannot_be_erased_so_their_scores_stay(panel_of_four, reviewer):
    before = {s.pk: s.score for s in CalibratedScore.objects.all()}
    with pytest.raises(personal_data.ErasureRefused):
        personal_data.erase_account(reviewer)
    assert Review.objects.filter(reviewer=reviewer).count() == 4
    assert {s.pk: s.score for s in CalibratedScore.objects.all()} == before


def test_a_filer_erasing_their_account_keeps_their_proposals_scores(panel_of_four, refit):
    lone = panel_of_four[3]
    before, leaving = stored(lone).score, lone.owner_id
    with refit():
        personal_data.erase_account(lone.owner)
    lone.refresh_from_db()
    assert lone.owner_id != leaving  # handed over
    assert stored(lone).score == pytest.approx(before) == pytest.approx(5.0)


def test_the_command_and_the_hourly_job_refit_what_bulk_changes_missed(panel_of_four):
    lone = panel_of_four[3]
    Review.objects.filter(proposal=lone).update(relevance=1, diversity=1, feasibility=1)
    CalibratedScore.objects.filter(proposal=panel_of_four[0]).delete()
    call_command("refresh_calibration", "--edition", lone.edition.slug)
    assert_matches_the_fit(lone.edition_id)
    Review.objects.filter(proposal=lone).update(relevance=2, diversity=2, feasibility=2)
    assert calibration_store.refresh_all() == 1
    assert stored(lone).raw == pytest.approx(2.0)


def test_the_command_refuses_an_unknown_edition_or_no_choice(panel_of_four):
    with pytest.raises(CommandError, match="No edition"):
        call_command("refresh_calibration", "--edition", "nowhere")
    with pytest.raises(CommandError, match="--all"):
        call_command("refresh_calibration")


def test_the_far_reviewers_are_kept_in_the_cache_and_refitted_if_lost(panel_of_four, reviewer):
    edition_id = panel_of_four[0].edition_id
    assert calibration_store.far(edition_id) == [(reviewer.pk, pytest.approx(-2.0))]
    cache.delete(calibration_store.far_key(edition_id))
    assert calibration_store.far(edition_id) == [(reviewer.pk, pytest.approx(-2.0))]
    assert cache.get(calibration_store.far_key(edition_id)) is not None


def test_an_unreviewed_editions_refit_stores_nothing():
    edition = EditionFactory(slug="quiet-edition")
    submitted(edition=edition)
    assert calibration_store.refresh(edition.pk) == 0
    assert calibration_store.refresh(10**9) == 0  # an edition that is gone
    assert not CalibratedScore.objects.exists()


def test_the_hourly_job_clears_scores_whose_reviews_went_in_bulk(panel_of_four):
    Review.objects.all()._raw_delete(Review.objects.db)  # no signal, as a bulk delete could be
    assert CalibratedScore.objects.exists()
    assert calibration_store.refresh_all() == 1
    assert not CalibratedScore.objects.exists()


def test_with_the_broker_down_a_review_is_saved_and_the_hourly_job_catches_up(
    reviewer, refit, monkeypatch, caplog
):
    join(reviewer)
    p = submitted()
    monkeypatch.setattr(outbox, "_broker_down_until", time.monotonic() + 60)
    with refit():
        reviewing.save_review(p, reviewer=reviewer, recommendation="shortlist", **scores(4))
    assert Review.objects.filter(proposal=p).exists() and stored(p) is None
    assert "calibration refit" in caplog.text
    calibration_store.refresh_all()
    assert stored(p).score == pytest.approx(4.0)
