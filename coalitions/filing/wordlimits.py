"""Word counting and word limits, in one place: the long text fields of an EOI
(`WORD_LIMITS`) and the session reports of the Co-Chairs' Summary (validators on the model).

The forms enforce them on save (a message next to the field, nothing lost) and the pages show
a counter as you type (``data-max-words``). Words are whitespace-separated tokens, as for the
criteria.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import ngettext

# Field name (on the proposal, or "<formset>.<field>" in a row) -> maximum number of words.
WORD_LIMITS: dict[str, int] = {
    "summary": 150,
    "principles": 300,
    "asks": 300,
    "engagement_plan": 300,
    "support_needed": 200,
    "support_details": 200,
    "work_plan.description": 100,
}


def count_words(text: str | None) -> int:
    return len((text or "").split())


@deconstructible
class MaxWordsValidator:
    """Rejects text longer than `limit` words. On a model field, every save path enforces it."""

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
