"""A generated corpus of proposals for the similarity test and benchmark: topics overlap, so
a planted near-duplicate has to beat many proposals on the same topic."""

from __future__ import annotations

import random

from coalitions.enums import ProposalStatus
from coalitions.models import Proposal

TOPICS = {
    "water": "water sanitation utilities drought rivers aquifers irrigation wells hygiene",
    "climate": "climate emissions adaptation finance resilience carbon warming mitigation loss",
    "youth": "youth intergenerational students young leaders mentoring future generations",
    "digital": "digital compact internet connectivity artificial intelligence data privacy",
    "peace": "peace security disarmament mediation conflict peacebuilding nuclear weapons",
    "finance": "debt finance taxation development banks fiscal lending reform architecture",
    "gender": "gender equality women girls violence leadership feminist parity rights",
    "health": "health pandemic preparedness vaccines clinics nurses primary care",
    "food": "food farmers hunger nutrition agriculture seeds markets smallholders",
    "education": "education schools teachers literacy curricula universities learning",
    "indigenous": "indigenous peoples land territories knowledge consent forests languages",
    "cities": "cities urban housing mayors transport slums local governments planning",
}
GENERAL = (
    "coalition governance reform united nations summit pact member states civil society "
    "accountability participation inclusion transparency multilateral institutions partners "
    "regional global national advocacy implementation monitoring dialogue networks campaign "
    "commitments agenda sustainable progress voices communities capacity platform outreach "
    "research evidence policy recommendations engagement follow review conference organizations"
).split()


def text(rng: random.Random, topic: str, words: int) -> str:
    vocab = TOPICS[topic].split()
    return " ".join(
        rng.choice(vocab) if rng.random() < 0.35 else rng.choice(GENERAL) for _ in range(words)
    )


def fields(rng: random.Random, topic: str) -> dict:
    title_words = rng.sample(TOPICS[topic].split(), 3)
    return {
        "title": f"Coalition on {' '.join(title_words)} {rng.randint(1, 999)}",
        "summary": text(rng, topic, 40),
        "principles": text(rng, topic, 60),
        "asks": text(rng, topic, 60),
    }


def near_duplicate(rng: random.Random, original: dict, change: float = 0.25) -> dict:
    """The same proposal filed again by someone else: a quarter of the words changed."""

    def perturb(s: str) -> str:
        words = s.split()
        return " ".join(rng.choice(GENERAL) if rng.random() < change else w for w in words)

    return {
        "title": "Joint " + original["title"].lower(),
        **{k: perturb(original[k]) for k in ("summary", "principles", "asks")},
    }


def generate(n: int, *, edition, owner, seed: int = 7) -> list[Proposal]:
    rng = random.Random(seed)
    topics = list(TOPICS)
    rows = [
        Proposal(
            edition=edition,
            owner=owner,
            status=ProposalStatus.SUBMITTED,
            **fields(rng, topics[i % len(topics)]),
        )
        for i in range(n)
    ]
    return Proposal.objects.bulk_create(rows, batch_size=500)
