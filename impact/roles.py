"""Roles are Django groups; these names are created by a migration."""

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from . import caches

FILERS = "Filers"
NETWORK_REVIEWERS = "Network reviewers"
EXPERT_REVIEWERS = "Expert reviewers"
ORGANIZERS = "Organizers"
ALL_ROLES = (FILERS, NETWORK_REVIEWERS, EXPERT_REVIEWERS, ORGANIZERS)
# The group names as people read them (the names themselves are fixed, in English).
LABELS = {
    FILERS: _("Filers"),
    NETWORK_REVIEWERS: _("Network reviewers"),
    EXPERT_REVIEWERS: _("Expert reviewers"),
    ORGANIZERS: _("Organizers"),
}


def label(group_name: str) -> str:
    return str(LABELS.get(group_name, group_name))


GROUPS_CACHE_SECONDS = 300


def groups_cache_key(user_id: int) -> str:
    return caches.key("roles", user_id=user_id)


def _group_names(user) -> set[str]:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return set()
    # On the user object for the request, and in the cache between requests (cleared when the
    # user's groups or a group change: impact.signals), so a signed-in page does not ask the
    # database for them each time.
    if not hasattr(user, "_impact_group_names"):
        key = groups_cache_key(user.pk)
        names = cache.get(key)
        if names is None:
            names = sorted(user.groups.values_list("name", flat=True))
            cache.set(key, names, GROUPS_CACHE_SECONDS)
        user._impact_group_names = set(names)
    return user._impact_group_names


@caches.flushes("roles")
def forget_groups(user_ids) -> None:
    """Drop the cached roles of these users (impact.signals: any change of membership)."""
    cache.delete_many([groups_cache_key(pk) for pk in user_ids])


def is_organizer(user) -> bool:
    return bool(
        user and user.is_authenticated and (user.is_superuser or ORGANIZERS in _group_names(user))
    )


def is_reviewer(user) -> bool:
    """Network or Expert reviewers; organizers can do whatever reviewers can."""
    names = _group_names(user)
    return is_organizer(user) or bool(names & {NETWORK_REVIEWERS, EXPERT_REVIEWERS})


def organizer_required(view):
    """A view for signed-in conference organizers only: others get 403, anonymous visitors the
    log-in page."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_organizer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def is_expert(user) -> bool:
    """The Expert sub-committee (organizers can do whatever experts can)."""
    return is_organizer(user) or EXPERT_REVIEWERS in _group_names(user)
