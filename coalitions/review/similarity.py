"""Similar proposals: text similarity (TF-IDF cosine) combined with shared member organizations.

Scheme (SMART "lnc.ltc", Manning et al., *Introduction to Information Retrieval* §6.4.3):
an indexed proposal's vector is its log term frequencies, length-normalised ("lnc"), stored
term by term in `Posting`; a query (a proposal being checked, or a draft's text) is weighted
by log tf × idf and normalised ("ltc"). The dot product is a cosine in [0, 1]. Because the
idf lives on the query side only, nothing stored goes stale as the corpus grows, and a query
reads only the postings of its own terms — one indexed query per lookup, portable to SQLite.

Text = title (twice: titles are short and telling), summary, principles, asks and themes;
terms = its words and adjacent word pairs (pairs separate a re-filed copy from a proposal that
merely shares the topic).
Member score = shared organizations / members of the smaller proposal. Combined score =
`TEXT_WEIGHT` × text + `MEMBER_WEIGHT` × members.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q

from ..enums import COMPARABLE, OPEN_TO_REVIEW, SuggestionStatus
from ..models import (
    MergeSuggestion,
    Organization,
    Posting,
    Proposal,
    ProposalMember,
    ProposalTerms,
)

log = logging.getLogger(__name__)

TEXT_WEIGHT = 0.7
MEMBER_WEIGHT = 0.3
SUGGEST_AT = 0.25  # combined score from which reviewers see a possible merge
KEEP_PER_PROPOSAL = 10
# Terms in more than this share of the corpus carry almost no idf; not reading their postings
# keeps a lookup cheap on a large edition (their contribution is ≤ a few percent of a score).
MAX_DF_SHARE = 0.4

STOP_WORDS = frozenset(
    """
    the and for with that this from into our their are was were will shall can all any its
    been being have has had not but also such other more most than then them they these those
    which who whom whose what when where while within without through across among between
    over under about after before each per via upon ensure including both very well
    les des une pour avec dans par sur est sont aux du de la le et en au
    los las del por con para una que sus como entre sobre
    """.split()
)
TOKEN = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-cased words of 3+ letters, accents folded, stop words out, plural `s` trimmed."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    out = []
    for word in TOKEN.findall(folded):
        if word in STOP_WORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word[:40])
    return out


def terms(text: str) -> Counter:
    """Words and adjacent word pairs: pairs tell a copied text from one on the same topic."""
    words = tokens(text)
    counts = Counter(words)
    counts.update(f"{a}_{b}"[:40] for a, b in zip(words, words[1:], strict=False))
    return counts


def proposal_text(proposal: Proposal) -> str:
    themes = " ".join(t.name for t in proposal.themes.all())
    return " ".join(
        [proposal.title, proposal.title, proposal.summary, proposal.principles, proposal.asks]
        + [themes]
    )


def _lnc(counts: Counter) -> dict[str, float]:
    weights = {t: 1 + math.log(c) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


# --- the index ----------------------------------------------------------------------------


def index(proposal: Proposal) -> None:
    """(Re)write the proposal's postings, or drop them when it is no longer indexed."""
    with transaction.atomic():
        Posting.objects.filter(proposal=proposal).delete()
        if proposal.status not in COMPARABLE:
            ProposalTerms.objects.filter(proposal=proposal).delete()
            return
        weights = _lnc(terms(proposal_text(proposal)))
        ProposalTerms.objects.update_or_create(
            proposal=proposal,
            defaults={
                "edition_id_copy": proposal.edition_id,
                "mergeable": proposal.status in OPEN_TO_REVIEW,
            },
        )
        Posting.objects.bulk_create(
            Posting(
                proposal=proposal, edition_id_copy=proposal.edition_id, term=term, weight=weight
            )
            for term, weight in weights.items()
        )


# --- lookups ------------------------------------------------------------------------------


@dataclass
class Match:
    proposal_id: int
    text_score: float = 0.0
    member_score: float = 0.0
    contributions: dict[str, float] = field(default_factory=dict)
    shared_members: list[int] = field(default_factory=list)

    @property
    def score(self) -> float:
        return TEXT_WEIGHT * self.text_score + MEMBER_WEIGHT * self.member_score

    def shared_words(self, n: int = 8) -> list[str]:
        """The single words that weigh most in the match (pairs are shown as their words)."""
        ranked = sorted(self.contributions.items(), key=lambda kv: -kv[1])
        return [t for t, _ in ranked if "_" not in t][:n]


@dataclass
class Query:
    """A text weighted for lookups: ltc weights of its useful terms (already normalised)."""

    weights: dict[str, float]

    @classmethod
    def build(cls, text: str, *, edition_id: int) -> Query:
        counts = terms(text)
        n_docs = ProposalTerms.objects.filter(edition_id_copy=edition_id).count()
        if not counts or not n_docs:
            return cls({})
        df = dict(
            Posting.objects.filter(edition_id_copy=edition_id, term__in=list(counts))
            .values_list("term")
            .annotate(n=Count("*"))
            .values_list("term", "n")
        )
        raw = {
            t: (1 + math.log(c)) * (math.log((1 + n_docs) / (1 + df.get(t, 0))) + 1)
            for t, c in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
        cap = max(20, MAX_DF_SHARE * n_docs)
        return cls({t: w / norm for t, w in raw.items() if 0 < df.get(t, 0) <= cap})


def top_by_text(query: Query, *, edition_id: int, exclude: int | None, k: int) -> list[int]:
    """The `k` proposals with the highest cosine, summed by the database in one query.

    The query's weights travel as a VALUES list joined to the postings (portable SQL: SQLite
    and PostgreSQL), so only `k` rows come back however many postings match.
    """
    if not query.weights:
        return []
    table = Posting._meta.db_table
    values = ", ".join(["(%s, %s)"] * len(query.weights))
    params: list = [x for tw in query.weights.items() for x in tw]
    sql = (
        f"WITH q(term, w) AS (VALUES {values}) "
        f"SELECT p.proposal_id FROM {table} p JOIN q ON p.term = q.term "
        "WHERE p.edition_id_copy = %s AND p.proposal_id <> %s "
        "GROUP BY p.proposal_id ORDER BY SUM(p.weight * q.w) DESC, p.proposal_id LIMIT %s"
    )
    params += [edition_id, exclude or 0, k]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def score_text(query: Query, proposal_ids: Iterable[int]) -> dict[int, Match]:
    """Exact text scores, with each term's share, for a few proposals."""
    matches = {pid: Match(pid) for pid in proposal_ids}
    rows = Posting.objects.filter(proposal_id__in=list(matches), term__in=list(query.weights))
    for pid, term, weight in rows.values_list("proposal_id", "term", "weight"):
        part = weight * query.weights[term]
        matches[pid].text_score += part
        matches[pid].contributions[term] = part
    return matches


def member_overlap(
    organization_ids: set[int], *, exclude: int | None = None
) -> dict[int, tuple[list[int], float]]:
    """Indexed proposals sharing members: {id: (shared organization ids, overlap score)}.

    Overlap = shared / members of the smaller proposal.
    """
    if not organization_ids:
        return {}
    shared = (
        ProposalMember.objects.filter(organization_id__in=organization_ids)
        .filter(proposal__terms__isnull=False)
        .exclude(proposal_id=exclude)
        .values_list("proposal_id", "organization_id")
    )
    by_proposal: dict[int, list[int]] = {}
    for pid, oid in shared:
        by_proposal.setdefault(pid, []).append(oid)
    sizes = dict(
        ProposalMember.objects.filter(proposal_id__in=list(by_proposal))
        .values_list("proposal_id")
        .annotate(n=Count("pk"))
        .values_list("proposal_id", "n")
    )
    return {
        pid: (sorted(orgs), len(orgs) / max(1, min(len(organization_ids), sizes.get(pid, 1))))
        for pid, orgs in by_proposal.items()
    }


def similar_to_proposal(proposal: Proposal, *, limit: int = KEEP_PER_PROPOSAL) -> list[Match]:
    """The mergeable proposals most like this one, best first."""
    query = Query.build(proposal_text(proposal), edition_id=proposal.edition_id)
    candidates = set(
        top_by_text(query, edition_id=proposal.edition_id, exclude=proposal.pk, k=3 * limit)
    )
    orgs = set(proposal.members.values_list("organization_id", flat=True))
    overlap = member_overlap(orgs, exclude=proposal.pk)
    candidates |= set(overlap)
    mergeable = set(
        ProposalTerms.objects.filter(proposal_id__in=candidates, mergeable=True).values_list(
            "proposal_id", flat=True
        )
    )
    matches = score_text(query, mergeable)
    for pid, (shared, score) in overlap.items():
        if pid in matches:
            matches[pid].shared_members, matches[pid].member_score = shared, score
    return sorted(matches.values(), key=lambda m: (-m.score, m.proposal_id))[:limit]


def similar_to_text(
    text: str, *, edition_id: int, exclude: int | None = None, limit: int = 5, minimum: float = 0.2
) -> list[Proposal]:
    """For filers writing an EOI: existing proposals close to `text` (a hint, never a block).

    Returns proposals (submitted, in review or published) with `.similarity` set, best first.
    """
    query = Query.build(text, edition_id=edition_id)
    top = top_by_text(query, edition_id=edition_id, exclude=exclude, k=limit)
    scored = score_text(query, top)
    best = [m for m in scored.values() if m.text_score >= minimum]
    best.sort(key=lambda m: -m.text_score)
    by_id = Proposal.objects.in_bulk([m.proposal_id for m in best])
    out = []
    for m in best:
        p = by_id.get(m.proposal_id)
        if p is not None:
            p.similarity = round(m.text_score, 2)
            out.append(p)
    return out


# --- suggestions --------------------------------------------------------------------------


def refresh(proposal: Proposal) -> list[MergeSuggestion]:
    """Re-index the proposal and recompute its open merge suggestions.

    Decided suggestions (accepted or dismissed) keep their status; open ones that no longer
    reach `SUGGEST_AT` are removed. Returns the open suggestions involving the proposal.
    """
    index(proposal)
    with transaction.atomic():
        involving = MergeSuggestion.objects.filter(
            models_q_either(proposal.pk), status=SuggestionStatus.OPEN
        )
        if proposal.status not in OPEN_TO_REVIEW:
            involving.delete()
            return []
        matches = [m for m in similar_to_proposal(proposal) if m.score >= SUGGEST_AT]
        keep = []
        names = _org_names({o for m in matches for o in m.shared_members})
        for m in matches:
            a, b = sorted([proposal.pk, m.proposal_id])
            suggestion, _ = MergeSuggestion.objects.get_or_create(
                proposal_a_id=a,
                proposal_b_id=b,
                defaults={"score": 0, "text_score": 0, "member_score": 0},
            )
            if suggestion.status == SuggestionStatus.OPEN:
                suggestion.score = round(m.score, 4)
                suggestion.text_score = round(m.text_score, 4)
                suggestion.member_score = round(m.member_score, 4)
                suggestion.shared_words = m.shared_words()
                suggestion.shared_members = [names[o] for o in m.shared_members if o in names]
                suggestion.save()
                keep.append(suggestion.pk)
        involving.exclude(pk__in=keep).delete()
        return list(MergeSuggestion.objects.filter(pk__in=keep))


def models_q_either(pk: int) -> Q:
    return Q(proposal_a_id=pk) | Q(proposal_b_id=pk)


def _org_names(ids: set[int]) -> dict[int, str]:
    return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
