"""Made-up proposal texts for the benchmark: a 6,000-word vocabulary with Zipf frequencies, so
the similarity index meets the spread of terms a real corpus has."""

from __future__ import annotations

import random

WORDS = (
    "accountability inclusion transparency participation reform governance multilateral "
    "summit future climate justice finance debt digital rights youth women indigenous "
    "peace security development sustainable equity partnership dialogue civic space "
    "community health education water food land ocean migration refugees disability "
    "democracy courts accountability institutions council assembly charter financing "
    "platform coalition network local global south solidarity trust data innovation "
    "ethics oversight transition resilience generations commons access protection"
).split()

TITLE_HEADS = [
    "Coalition for",
    "Alliance on",
    "Network for",
    "Partnership for",
    "Civil society platform on",
    "Global compact on",
]


def _vocabulary(size: int = 6000) -> tuple[list[str], list[float]]:
    """Words and cumulative Zipf weights: the topical words first (most frequent), then made-up
    words. Texts drawn from a few dozen words only would make every term occur in every
    proposal, which no real corpus does and which the similarity index is not built for."""
    rng = random.Random(7)
    syllables = "ka ri to mu ne sa lo vi da pe ru ho ba ki ze na mi go te lu fa so".split()
    made: dict[str, None] = {}
    while len(made) < size - len(WORDS):
        made["".join(rng.choices(syllables, k=rng.randint(2, 4)))] = None
    words = [*dict.fromkeys(WORDS), *made]
    cumulative, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1 / rank**1.05
        cumulative.append(total)
    return words, cumulative


VOCABULARY, ZIPF = _vocabulary()


def text(rng: random.Random, words: int) -> str:
    sentences, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 18))
        sentence = " ".join(rng.choices(VOCABULARY, cum_weights=ZIPF, k=n))
        sentences.append(sentence.capitalize() + ".")
        left -= n
    return " ".join(sentences)
