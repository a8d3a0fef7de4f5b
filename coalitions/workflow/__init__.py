"""Every state transition of a proposal, in one place: `from coalitions import workflow`.

Each transition is a function with keyword-only arguments that:
1. locks the proposal row (`select_for_update`) so concurrent transitions serialize,
2. checks who may do it (`coalitions.permissions`) and from which states (the groups of
   `coalitions.enums`), raising `TransitionNotAllowed`,
3. changes the state and records a `ProposalEvent` (who, when, from, to, why),
4. queues its notifications through `impact.notify` in the same transaction.

Views, admin actions, tasks and `review.merging` only call these functions. Where each lives:
`filing` (submit, withdraw, deadline exceptions), `decisions` (review and organizer
decisions), `merges` (the states of a merge), `core` (the shared mechanics).
"""

from .core import CHANGES_WINDOW, TransitionNotAllowed, recipients, record, tell_editors
from .decisions import (
    decline,
    mark_duplicate,
    publish,
    reconsider,
    release_decisions,
    request_changes,
    shortlist,
    start_review,
    unique_slug,
)
from .filing import grant_late_link, reopen, submission_problems, submit, withdraw
from .merges import merge_into, open_merged_result

__all__ = [
    "CHANGES_WINDOW",
    "TransitionNotAllowed",
    "decline",
    "grant_late_link",
    "mark_duplicate",
    "merge_into",
    "open_merged_result",
    "publish",
    "reconsider",
    "recipients",
    "record",
    "release_decisions",
    "reopen",
    "request_changes",
    "shortlist",
    "start_review",
    "submission_problems",
    "submit",
    "tell_editors",
    "unique_slug",
    "withdraw",
]
