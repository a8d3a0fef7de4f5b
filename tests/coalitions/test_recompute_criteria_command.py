"""`manage.py recompute_criteria [--edition SLUG] [--all]`: the stored criteria brought back in
line with their sources at once, after changes made without signals (`QuerySet.update()`)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coalitions.enums import ProposalStatus
from coalitions.models import Proposal, Region
from impact.models import ConferenceEdition
from tests.coalitions.derived_helpers import eligible_proposal, stale_and_live
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def recompute(*args) -> str:
    out = StringIO()
    call_command("recompute_criteria", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def two_editions(edition):
    second = EditionFactory(slug="second-conference", name="Second", is_current=False)
    return {
        "first": [eligible_proposal(edition, "First A"), eligible_proposal(edition, "First B")],
        "second": eligible_proposal(second, "Second A"),
        "merged": eligible_proposal(edition, "Merged", status=ProposalStatus.MERGED),
    }


def test_it_recomputes_one_edition_and_says_how_many_changed(edition, two_editions):
    # update() sends no signal: the stored criteria are stale until recomputed.
    ConferenceEdition.objects.update(min_milestones=3)
    assert recompute("--edition", edition.slug) == "2 of 2 proposals changed."
    assert {p.failing_criteria for p in Proposal.objects.filter(edition=edition)} == {"C4", ""}
    # The other edition waits for its own run; the merged proposal's report is history.
    assert Proposal.objects.get(pk=two_editions["second"].pk).failing_criteria == ""
    assert Proposal.objects.get(pk=two_editions["merged"].pk).failing_criteria == ""
    assert recompute("--edition", edition.slug) == "0 of 2 proposals changed."


def test_all_reads_the_reference_tables_not_their_cache(two_editions):
    Region.objects.filter(slug="asia_pacific").update(is_global_south=False)  # cache untouched
    assert recompute("--all") == "3 of 3 proposals changed."
    assert stale_and_live() == []
    assert set(Proposal.objects.values_list("failing_criteria", flat=True)) == {"C1", ""}
    assert recompute("--all") == "0 of 3 proposals changed."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Name one edition with --edition SLUG, or give --all."),
        (("--all", "--edition", "test-conference"), "Name one edition"),
        (("--edition", "no-such-edition"), "No edition has the slug 'no-such-edition'."),
    ],
)
def test_it_says_what_is_wrong_with_its_arguments(edition, args, message):
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        recompute(*args)
