"""What the criteria say: one `CriterionResult` per criterion, the advisories, the `Report`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MET = "met"
NOT_MET = "not_met"


# --- the report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    id: str
    met: bool
    measured: dict[str, Any]
    required: dict[str, Any]
    hints: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return MET if self.met else NOT_MET

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "measured": dict(self.measured),
            "required": dict(self.required),
            "hints": list(self.hints),
        }


@dataclass(frozen=True)
class Advisory:
    id: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "message": self.message}


@dataclass(frozen=True)
class Report:
    criteria: tuple[CriterionResult, ...]
    advisories: tuple[Advisory, ...] = ()

    @property
    def eligible(self) -> bool:
        return all(c.met for c in self.criteria)

    @property
    def failing(self) -> list[str]:
        """Ids of the criteria not met, in order."""
        return [c.id for c in self.criteria if not c.met]

    @property
    def by_id(self) -> dict[str, CriterionResult]:
        return {c.id: c for c in self.criteria}

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of docs/interchange.md."""
        return {
            "eligible": self.eligible,
            "criteria": [c.to_dict() for c in self.criteria],
            "advisories": [a.to_dict() for a in self.advisories],
        }


def report_to_json(report: Report, *, indent: int | None = None) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=indent)
