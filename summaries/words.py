"""Only for migration 0001, which names `summaries.words.MaxWordsValidator`: word counting
and word limits live in `coalitions.filing.wordlimits`."""

from coalitions.filing.wordlimits import MaxWordsValidator

__all__ = ["MaxWordsValidator"]
