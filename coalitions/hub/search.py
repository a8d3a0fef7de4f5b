"""Full-text search over the hub's coalitions.

On PostgreSQL, `Proposal.search_vector` holds a weighted tsvector of the title (A), summary (B),
principles and asks (C) and member names (D), built with the `simple` configuration so that
English, French and Spanish texts are indexed alike; a GIN index (migration `0006_hub_*`)
serves the `@@` match. `refresh()` rebuilds one proposal's vector; the model signals in
`coalitions.models.hub` call it when a published coalition or its membership changes.

Everywhere else (SQLite in development and in `make test`), `fallback_search()` matches the
same columns with `icontains`. Both treat the query the same way: every word must match, as a
word prefix on PostgreSQL and as a substring in the fallback.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.fields import TextField

from ..enums import ProposalStatus
from ..models import Proposal, ProposalMember

CONFIG = "simple"
MAX_TERMS = 8
# Letters and digits only: the words are safe to put in a raw tsquery.
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def terms(query: str) -> list[str]:
    """The words of a query, lower-cased, at most `MAX_TERMS` of them."""
    return WORD.findall((query or "").lower())[:MAX_TERMS]


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def refresh(proposal_id: int) -> None:
    """Rebuild the search vector of one proposal (a no-op without PostgreSQL)."""
    if not uses_full_text():
        return
    row = (
        Proposal.objects.filter(pk=proposal_id)
        .values("title", "summary", "principles", "asks")
        .first()
    )
    if row is None:
        return
    # An organization listed without its name is not found by it (`organizations.unnamed`).
    names = ProposalMember.objects.filter(
        proposal_id=proposal_id, organization__listed_without_name=False
    ).values_list("organization__name", "organization__acronym")
    members = " ".join(f"{name} {acronym}" for name, acronym in names)

    def part(text: str, weight: str) -> SearchVector:
        return SearchVector(Value(text, output_field=TextField()), weight=weight, config=CONFIG)

    vector = (
        part(row["title"], "A")
        + part(row["summary"], "B")
        + part(f"{row['principles']} {row['asks']}", "C")
        + part(members, "D")
    )
    Proposal.objects.filter(pk=proposal_id).update(search_vector=vector)


def refresh_all() -> int:
    """Rebuild the vectors of every published coalition in one statement.

    For data written without model signals (bulk imports, the scale seeder); the weights and
    configuration are those of `refresh()`. Returns the number of coalitions indexed.
    """
    if not uses_full_text():
        return 0
    proposal, member = Proposal._meta.db_table, ProposalMember._meta.db_table
    organization = ProposalMember._meta.get_field("organization").related_model._meta.db_table
    sql = f"""
        UPDATE {proposal} AS p SET search_vector =
            setweight(to_tsvector(%(config)s, coalesce(p.title, '')), 'A')
            || setweight(to_tsvector(%(config)s, coalesce(p.summary, '')), 'B')
            || setweight(to_tsvector(%(config)s, p.principles || ' ' || p.asks), 'C')
            || setweight(to_tsvector(%(config)s, coalesce((
                SELECT string_agg(o.name || ' ' || o.acronym, ' ')
                FROM {member} AS m JOIN {organization} AS o ON o.id = m.organization_id
                WHERE m.proposal_id = p.id AND NOT o.listed_without_name), '')), 'D')
        WHERE p.status = %(status)s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"config": CONFIG, "status": ProposalStatus.PUBLISHED})
        return cursor.rowcount


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Filter to matches and annotate `rank` (higher is better), on any database."""
    words = terms(query)
    if not words:
        return queryset
    if uses_full_text():
        return full_text_search(queryset, words)
    return fallback_search(queryset, words)


def full_text_search(queryset: QuerySet, words: list[str]) -> QuerySet:
    tsquery = SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config=CONFIG
    )
    return queryset.filter(search_vector=tsquery).annotate(
        rank=SearchRank(F("search_vector"), tsquery)
    )


def fallback_search(queryset: QuerySet, words: list[str]) -> QuerySet:
    """Substring search for databases without full-text search; ranks title hits first."""
    for word in words:
        in_members = ProposalMember.objects.filter(
            proposal=OuterRef("pk"), organization__listed_without_name=False
        ).filter(Q(organization__name__icontains=word) | Q(organization__acronym__icontains=word))
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(principles__icontains=word)
            | Q(asks__icontains=word)
            | Exists(in_members)
        )
    return queryset.annotate(
        rank=Case(
            When(title__icontains=words[0], then=Value(2)),
            When(summary__icontains=words[0], then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
