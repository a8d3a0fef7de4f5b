"""A decision whose letter is held: what the filers' side sees until it is released.

A shortlist or decline recorded with a release group (`workflow.shortlist(..., hold_key=)`)
changes the proposal's status at once, for reviewers and organizers; its filers (the owner,
co-editors, their organizations' representatives) must not learn it before the letter. The
proposal names the group in `decision_held` until `workflow.release_decisions` clears it, and
every display of the status on the filers' side goes through `filer_status` /
`get_filer_status_display`, which answer "in review" meanwhile.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import CLOSED, ProposalStatus


class HeldDecision(models.Model):
    decision_held = models.CharField(
        _("decision held for release"),
        max_length=120,
        blank=True,
        default="",
        db_default="",
        help_text=_("The release group whose letter announces the decision, until released."),
    )

    class Meta:
        abstract = True

    @property
    def filer_status(self) -> str:
        """The status its filers see: "in review" while the decision's letter is held."""
        return ProposalStatus.IN_REVIEW if self.decision_held else self.status  # type: ignore[attr-defined]

    def get_filer_status_display(self) -> str:
        return str(ProposalStatus(self.filer_status).label)

    def filer_sees_closed(self) -> bool:
        """Whether its filers' page shows it closed (the co-editors' invitation hidden)."""
        return self.filer_status in CLOSED

    def personal_data_row(self, row: dict) -> dict:
        """The row as its filers' data download shows it (`impact.personal_data`)."""
        if self.decision_held:
            row = {**row, "status": str(ProposalStatus.IN_REVIEW)}
        row.pop("decision_held", None)
        return row
