"""The ImPACT Coalition criteria (docs/criteria.md): a pure function from proposal data to a
report of the four criteria C1-C4 and the advisories.

Where each part lives: `inputs` (what the criteria read), `rules` (C1–C4 and the advisories:
the place to change a criterion), `report` (what they say) and `parsing` (the interchange
JSON). `coalitions.criteria_bridge` builds the inputs from the database.

Nothing here touches the database: callers build a :class:`ProposalData` (from a form, a model
instance or the interchange JSON via :func:`parse_proposal`), :class:`Thresholds` from the
conference edition and a :class:`Reference` from the reference tables, then call
:func:`evaluate`. The criteria never block a submission; the report says what is met, what was
measured, what was required and what to do next.
"""

from .inputs import (
    Contact,
    Engagement,
    Member,
    ProposalData,
    Reference,
    RegionInfo,
    Thresholds,
    WorkPlanItem,
)
from .parsing import InputError, parse_proposal
from .report import MET, NOT_MET, Advisory, CriterionResult, Report, report_to_json
from .rules import evaluate, primary_region

__all__ = [
    "MET",
    "NOT_MET",
    "Advisory",
    "Contact",
    "CriterionResult",
    "Engagement",
    "InputError",
    "Member",
    "ProposalData",
    "Reference",
    "RegionInfo",
    "Report",
    "Thresholds",
    "WorkPlanItem",
    "evaluate",
    "parse_proposal",
    "primary_region",
    "report_to_json",
]
