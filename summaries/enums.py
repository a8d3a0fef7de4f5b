"""Every choice of the summaries app: session kinds and formats, report and export states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionKind(models.TextChoices):
    """In the order the Co-Chairs' Summary presents its sections."""

    PLENARY = "plenary", _("Plenary")
    WORKSHOP = "workshop", _("Workshop")
    SIDE_EVENT = "side_event", _("Side event")
    COALITION = "coalition_session", _("ImPACT Coalition session")
    DIALOGUE = "dialogue", _("Dialogue")
    OTHER = "other", _("Other")

    @classmethod
    def order(cls) -> list[str]:
        return [kind.value for kind in cls]

    @classmethod
    def section_titles(cls) -> dict[str, str]:
        """Headings of the summary's sections, one per kind."""
        return {
            cls.PLENARY: _("Plenary sessions"),
            cls.WORKSHOP: _("Workshops"),
            cls.SIDE_EVENT: _("Side events"),
            cls.COALITION: _("ImPACT Coalition sessions"),
            cls.DIALOGUE: _("Dialogues"),
            cls.OTHER: _("Other sessions"),
        }


class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")
    ONLINE = "online", _("Online")


class ParticipantRole(models.TextChoices):
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")
    PANELIST = "panelist", _("Panelist")


class ReportStatus(models.TextChoices):
    # A context of their own: "Submitted" and "Accepted" also label proposals and join
    # requests, and French and Spanish give a report's status another grammatical gender.
    DRAFT = "draft", pgettext_lazy("session report status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("session report status", "Submitted")
    RETURNED = "returned", pgettext_lazy("session report status", "Returned for changes")
    ACCEPTED = "accepted", pgettext_lazy("session report status", "Accepted")

    @classmethod
    def editable_by_session_organizers(cls) -> frozenset[str]:
        return frozenset({cls.DRAFT, cls.RETURNED})


class ExportFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", _("PDF")
    MD = "md", _("Markdown")


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")

    @classmethod
    def unfinished(cls) -> frozenset[str]:
        return frozenset({cls.QUEUED, cls.RUNNING})


# Interpretation languages a session may offer (the UN's six official languages).
INTERPRETATION_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("ru", _("Russian")),
]
