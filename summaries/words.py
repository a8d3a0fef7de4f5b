"""Word counting and word limits for report texts (words are whitespace-separated tokens)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import ngettext


def count_words(text: str | None) -> int:
    return len((text or "").split())


@deconstructible
class MaxWordsValidator:
    """Rejects text longer than `limit` words. Used by the model, so every save path enforces it."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, value: str) -> None:
        words = count_words(value)
        if words > self.limit:
            raise ValidationError(
                ngettext(
                    "Keep this to %(limit)d word or fewer (it has %(words)d).",
                    "Keep this to %(limit)d words or fewer (it has %(words)d).",
                    self.limit,
                )
                % {"limit": self.limit, "words": words},
                code="max_words",
                params={"limit": self.limit, "words": words},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaxWordsValidator) and other.limit == self.limit


def word_limit(field) -> int | None:
    """The word limit of a model or form field, if it has one."""
    for validator in getattr(field, "validators", []):
        if isinstance(validator, MaxWordsValidator):
            return validator.limit
    return None
