"""Forms of the filer's pages."""

from .eoi import EOIForm
from .invite import InviteForm

__all__ = ["EOIForm", "InviteForm"]
