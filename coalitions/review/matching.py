"""Matched assignment: every proposal gets k reviewers from each network, as a min-cost flow.

Plain data in, a plan out (no database): `coalitions.review.assigning` loads the data, runs
this in a Celery job, and shows the plan to organizers before anything is written.

For each network the problem is a flow from proposals to reviewers (OR-Tools' min-cost
flow, `SimpleMinCostFlow`):

    source → proposal class  capacity: its proposals × the reviewers each still needs
    class  → reviewer        capacity: the class's proposal count (one per proposal);
                             cost: minus the theme and language match; absent on a conflict
                             of interest or an assignment the reviewer already has or declined
    class  → sink            "uncovered": what no reviewer can take, at a prohibitive cost
    reviewer → sink          up to the reviewer's fair share of the network's load for free,
                             then up to their capacity at a cost (`SPREAD`), so load spreads

Proposals that are interchangeable for the network (same themes, language, reviewers they
may not get and reviewers still needed) form one class: the graph grows with the kinds of
proposals rather than their number, which is what keeps 5,000 proposals × 200 reviewers in
seconds. A class's flow is dealt back to its proposals in turn, so no proposal gets the same
reviewer twice (each reviewer's flow is at most the class's size).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.graph.python import min_cost_flow

LANGUAGE_MATCH = 3  # the reviewer works in the proposal's language
THEME_MATCH = 2  # per theme both share, counted up to `THEMES_COUNTED`
THEMES_COUNTED = 2
SPREAD = 3  # the cost of one proposal above a reviewer's fair share
UNCOVERED = 10_000  # the cost of leaving a place empty: only when nothing else is possible


@dataclass(frozen=True)
class ReviewerSlot:
    """A reviewer as the solver sees them."""

    user_id: int
    network_id: int
    themes: frozenset[int] = frozenset()
    languages: frozenset[str] = frozenset()
    capacity_left: int = 0  # capacity less the assignments they already have in the edition
    load: int = 0  # the assignments they already have in the edition
    conflicts: frozenset[int] = (
        frozenset()
    )  # organization ids (`permissions.conflict_organizations`)


@dataclass(frozen=True)
class ProposalNeed:
    """A proposal as the solver sees it."""

    proposal_id: int
    themes: frozenset[int] = frozenset()
    language: str = ""
    members: frozenset[int] = frozenset()  # member organization ids
    # Network id → reviewers it already has there (counted towards k).
    assigned: dict[int, frozenset[int]] = field(default_factory=dict)
    # Reviewers who declined it: never proposed again.
    declined: frozenset[int] = frozenset()


@dataclass
class Uncovered:
    proposal_id: int
    network_id: int
    missing: int
    reason: str  # "no_reviewers" | "conflicts" | "capacity"
    eligible: int  # reviewers of the network who may take it
    reviewers: int  # active reviewers of the network

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class Plan:
    assignments: list[tuple[int, int, int, int]] = field(default_factory=list)
    loads: dict[int, int] = field(default_factory=dict)
    uncovered: list[Uncovered] = field(default_factory=list)

    @property
    def total_score(self) -> int:
        return sum(a[3] for a in self.assignments)

    def as_dict(self) -> dict:
        return {
            "assignments": [list(a) for a in self.assignments],
            "loads": {str(k): v for k, v in self.loads.items()},
            "uncovered": [u.as_dict() for u in self.uncovered],
        }


def match_score(proposal: ProposalNeed, reviewer: ReviewerSlot) -> int:
    """How well a reviewer fits a proposal: language, then shared themes."""
    shared = min(len(proposal.themes & reviewer.themes), THEMES_COUNTED)
    return LANGUAGE_MATCH * (proposal.language in reviewer.languages) + THEME_MATCH * shared


def solve(
    proposals: Sequence[ProposalNeed],
    reviewers: Sequence[ReviewerSlot],
    *,
    per_network: int,
    networks: Sequence[int] = (),
) -> Plan:
    """The plan that gives each proposal `per_network` reviewers from every network of
    `reviewers`, never over a reviewer's capacity, never with a conflict of interest, with the
    best total match and the most even load. What cannot be covered is in `plan.uncovered`
    with its reason. `networks`: every network to cover (by default those of `reviewers`)."""
    plan = Plan(loads={r.user_id: r.load for r in reviewers})
    by_network: dict[int, list[ReviewerSlot]] = defaultdict(list)
    for r in reviewers:
        by_network[r.network_id].append(r)
    for network_id in sorted(set(networks) | set(by_network)):
        _solve_network(network_id, proposals, by_network[network_id], per_network, plan)
    return plan


Classes = list[tuple[tuple, list[ProposalNeed]]]


def _classes(
    network_id: int, proposals: Sequence[ProposalNeed], reviewers: list[ReviewerSlot], k: int
) -> Classes:
    """The network's proposals that still need reviewers, grouped by what the solver sees of
    them: (themes, language, reviewers barred, reviewers needed) → proposals, by first id."""
    conflicted_by: dict[int, set[int]] = defaultdict(set)  # organization → reviewers
    for r in reviewers:
        for org in r.conflicts:
            conflicted_by[org].add(r.user_id)
    classes: dict[tuple, list[ProposalNeed]] = defaultdict(list)
    for p in proposals:
        have = p.assigned.get(network_id, frozenset())
        needed = k - len(have)
        if needed <= 0:
            continue
        barred = set(have) | set(p.declined)
        for org in p.members:
            barred |= conflicted_by.get(org, set())
        classes[(p.themes, p.language, frozenset(barred), needed)].append(p)
    return sorted(classes.items(), key=lambda kv: kv[1][0].proposal_id)


def _flow(ordered: Classes, reviewers: list[ReviewerSlot]) -> list[list[tuple[int, int | None]]]:
    """Solve the network's min-cost flow; per class, (units, reviewer or None) as dealt."""
    demand = sum(len(ps) * key[3] for key, ps in ordered)
    total_load = demand + sum(r.load for r in reviewers)
    fair = math.ceil(total_load / max(len(reviewers), 1))
    # Nodes: 0 source, 1 sink, then two per reviewer (in, over fair share), then the classes.
    solver = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    node_of = {r.user_id: 2 + 2 * i for i, r in enumerate(reviewers)}
    for r in reviewers:
        node = node_of[r.user_id]
        free = min(r.capacity_left, max(fair - r.load, 0))
        solver.add_arc_with_capacity_and_unit_cost(node, sink, free, 0)
        solver.add_arc_with_capacity_and_unit_cost(node, node + 1, r.capacity_left - free, SPREAD)
        solver.add_arc_with_capacity_and_unit_cost(node + 1, sink, r.capacity_left - free, 0)
    first_class = 2 + 2 * len(reviewers)
    arcs: list[list[tuple[int, int | None]]] = []
    for i, ((_themes, _language, barred, needed), members) in enumerate(ordered):
        node, size = first_class + i, len(members)
        solver.add_arc_with_capacity_and_unit_cost(source, node, size * needed, 0)
        mine = [
            (
                solver.add_arc_with_capacity_and_unit_cost(
                    node, node_of[r.user_id], size, -match_score(members[0], r)
                ),
                r.user_id,
            )
            for r in reviewers
            if r.user_id not in barred
        ]
        uncovered = solver.add_arc_with_capacity_and_unit_cost(node, sink, size * needed, UNCOVERED)
        arcs.append([*mine, (uncovered, None)])
    solver.set_node_supply(source, demand)
    solver.set_node_supply(sink, -demand)
    status = solver.solve()
    if status != solver.OPTIMAL:  # cannot happen: the uncovered arcs make it always feasible
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return [[(solver.flow(arc), user_id) for arc, user_id in mine] for mine in arcs]


def _solve_network(
    network_id: int,
    proposals: Sequence[ProposalNeed],
    reviewers: list[ReviewerSlot],
    per_network: int,
    plan: Plan,
) -> None:
    ordered = _classes(network_id, proposals, reviewers, per_network)
    if not ordered:
        return
    open_reviewers = [r for r in reviewers if r.capacity_left > 0]
    flows = _flow(ordered, open_reviewers)
    by_id = {r.user_id: r for r in open_reviewers}
    for ((_themes, _language, barred, needed), members), flow in zip(ordered, flows, strict=True):
        dealt: list[int | None] = []
        for units, user_id in flow:
            dealt += [user_id] * units
        missing: dict[int, int] = defaultdict(int)
        for j, user_id in enumerate(dealt):
            proposal = members[j % len(members)]
            if user_id is None:
                missing[proposal.proposal_id] += 1
                continue
            score = match_score(proposal, by_id[user_id])
            plan.assignments.append((proposal.proposal_id, network_id, user_id, score))
            plan.loads[user_id] = plan.loads.get(user_id, 0) + 1
        eligible = sum(1 for r in reviewers if r.user_id not in barred)
        for proposal_id, count in sorted(missing.items()):
            if not reviewers:
                reason = "no_reviewers"
            elif eligible < needed:
                reason = "conflicts"
            else:
                reason = "capacity"
            plan.uncovered.append(
                Uncovered(proposal_id, network_id, count, reason, eligible, len(reviewers))
            )
