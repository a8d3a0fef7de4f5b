"""What renews the cached tally of a portfolio (`portfolio.before`), in one place.

The key holds a fingerprint of the portfolio's proposals (how many, the latest `updated_at`:
one indexed query) and a generation that `forget()` renews. What the tally reads, and what
renews the generation (`connect()`):

=========================  =====================================================
read                       renewed by
=========================  =====================================================
the proposals in it        their count and latest `updated_at` (in the key); a
                           proposal saved while shortlisted or published
their members              a membership saved or deleted
the members' organizations an organization saved; its constituency types (m2m)
themes, co-editors         the proposal's themes or co-editors changed (m2m)
owners' and co-editors'    a user saved (a save naming its fields: when they
languages                  include `language`; not a new account)
regions, constituency      one saved or deleted
types, themes
=========================  =====================================================

(`coalitions.derived`'s `connect()` connects these.) `QuerySet.update()` and `bulk_create()`
send no signal: a proposal entering or leaving the portfolio that way still changes the count
in the key; other bulk changes must call `forget()`. An entry expires after `portfolio.TTL`
in any case.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from impact.models import User

from ..models import ConstituencyType, Organization, Proposal, ProposalMember, Region, Theme
from . import portfolio
from .portfolio import forget


def _proposal_saved(sender, instance: Proposal, **kwargs) -> None:
    if instance.status in portfolio.IN_PORTFOLIO:
        forget()


def _user_saved(sender, instance: User, created: bool = False, **kwargs) -> None:
    if created:  # owns and co-edits nothing yet: no portfolio reads their language
        return
    fields = kwargs.get("update_fields")
    if fields is None or "language" in fields:
        forget()


def connect() -> None:
    uid = "portfolio-tally"
    post_save.connect(_proposal_saved, sender=Proposal, dispatch_uid=f"{uid}-proposal")
    post_save.connect(_user_saved, sender=User, dispatch_uid=f"{uid}-user")
    for model in (ProposalMember, Organization, Region, ConstituencyType, Theme):
        name = model._meta.model_name
        post_save.connect(forget, sender=model, dispatch_uid=f"{uid}-save-{name}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"{uid}-delete-{name}")
    for through in (
        Organization.constituencies.through,
        Proposal.themes.through,
        Proposal.editors.through,
    ):
        name = through._meta.model_name
        m2m_changed.connect(forget, sender=through, dispatch_uid=f"{uid}-m2m-{name}")
