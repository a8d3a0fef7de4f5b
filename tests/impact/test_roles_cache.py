"""A user's roles are kept in the cache between requests: every change of membership, from
either side, shows at once."""

import pytest
from django.contrib.auth.models import Group

from impact import roles
from impact.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as the next request loads it (nothing remembered on the object)."""
    return User.objects.get(pk=user.pk)


def test_roles_are_read_once_then_kept(django_assert_num_queries):
    user = UserFactory()
    first = fresh(user)
    roles.is_organizer(first)
    with django_assert_num_queries(0):
        assert roles.is_organizer(first) is False  # remembered on the object
    again = fresh(user)
    with django_assert_num_queries(0):
        assert roles.is_organizer(again) is False  # the cache: no query either


@pytest.mark.parametrize("how", ["user.groups.add", "group.user_set.add"])
def test_joining_a_group_shows_at_once(how):
    user = UserFactory()
    organizers, _ = Group.objects.get_or_create(name=roles.ORGANIZERS)
    assert roles.is_organizer(fresh(user)) is False
    if how == "user.groups.add":
        user.groups.add(organizers)
    else:
        organizers.user_set.add(user)
    assert roles.is_organizer(fresh(user)) is True


@pytest.mark.parametrize("how", ["remove", "clear", "group.clear", "group.delete"])
def test_leaving_a_group_shows_at_once(how):
    user = UserFactory()
    organizers, _ = Group.objects.get_or_create(name=roles.ORGANIZERS)
    user.groups.add(organizers)
    assert roles.is_organizer(fresh(user)) is True
    if how == "remove":
        user.groups.remove(organizers)
    elif how == "clear":
        user.groups.clear()
    elif how == "group.clear":
        organizers.user_set.clear()
    else:
        organizers.delete()
    assert roles.is_organizer(fresh(user)) is False


def test_a_renamed_group_shows_at_once():
    user = UserFactory()
    group = Group.objects.create(name="Helpers")
    user.groups.add(group)
    assert roles.is_organizer(fresh(user)) is False
    Group.objects.filter(name=roles.ORGANIZERS).delete()
    group.name = roles.ORGANIZERS
    group.save()
    assert roles.is_organizer(fresh(user)) is True
