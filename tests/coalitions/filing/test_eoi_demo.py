import pytest

from coalitions import demo
from coalitions.enums import ProposalStatus
from coalitions.models import Organization, Proposal
from impact import demo as impact_demo

pytestmark = pytest.mark.django_db


def test_the_demo_coalitions_load_once_one_eligible_one_not():
    impact_demo.load()
    demo.load()
    counts = (Proposal.objects.count(), Organization.objects.count())
    demo.load()
    assert (Proposal.objects.count(), Organization.objects.count()) == counts == (3, 10)

    icj = Proposal.objects.get(title__startswith="Just Institutions")
    drugs = Proposal.objects.get(title__startswith="The future of drug policy")
    draft = Proposal.objects.get(edition__slug="demo-open-call")
    for p in (icj, drugs):
        assert (p.edition.slug, p.status, p.owner.email) == (
            "un-csc-2024",
            ProposalStatus.SUBMITTED,
            "filer@demo.impact-hub.org",
        )
        assert [v.note for v in p.versions.all()] == ["submitted", "imported"]
    assert icj.eligible is True
    assert (drugs.eligible, drugs.failing_criteria) == (False, "C1")
    assert [a["id"] for a in drugs.criteria_report["advisories"]] == ["youth_engagement"]
    assert draft.status == ProposalStatus.DRAFT
    assert draft.editors.get().email == "coeditor@demo.impact-hub.org"
