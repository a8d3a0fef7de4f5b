"""`manage.py suggest_partners PROPOSAL_ID [--limit N] [--json]`: the organizations that would
close a proposal's criteria gaps, with their reasons."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from coalitions.organizations import partner_search


class Command(BaseCommand):
    help = "Print the partner suggestions of a proposal, best first, with their reasons."

    def add_arguments(self, parser) -> None:
        parser.add_argument("proposal_id", type=int)
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="JSON instead of text lines")

    def handle(self, *args, proposal_id: int, limit: int, json: bool, **options) -> None:
        if limit < 1:
            raise CommandError("--limit must be at least 1")
        proposal = partner_search.loaded(proposal_id)
        if proposal is None:
            raise CommandError(f"no proposal {proposal_id}")
        found = partner_search.for_proposal(proposal, limit=limit)
        rows = [
            {
                "organization": s.organization_id,
                "name": s.candidate.name,
                "region": s.candidate.region,
                "criteria": list(s.criteria),
                "adds_region": s.adds_region or None,
                "adds_global_south": s.adds_global_south,
                "adds_constituencies": list(s.adds_constituencies),
                "shared_themes": list(s.shared_themes),
                "score": s.score,
                "reason": s.reason,
            }
            for s in found
        ]
        if json:
            self.stdout.write(_dumps({"proposal": proposal.pk, "suggestions": rows}))
            return
        for row in rows:
            self.stdout.write(f"{row['organization']}\t{row['name']}\t{row['reason']}")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
