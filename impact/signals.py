from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from . import pagecache
from .models import ConferenceEdition, User
from .roles import FILERS, forget_groups


@receiver(post_save, sender=User)
def everyone_is_a_filer(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    """Everyone who signs up may file an EOI."""
    if created and not raw:
        group, _ = Group.objects.get_or_create(name=FILERS)
        instance.groups.add(group)


@receiver([post_save, post_delete], sender=ConferenceEdition)
def edition_changed(sender, raw: bool = False, **kwargs) -> None:
    """The home page shows the current edition: cached pages are rebuilt."""
    if not raw:
        pagecache.invalidate()


@receiver(m2m_changed, sender=User.groups.through)
def groups_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """A user's roles are cached (impact.roles): a change of membership shows at once."""
    if reverse and action == "pre_clear":  # group.user_set.clear(): its users, while known
        forget_groups(list(instance.user_set.values_list("pk", flat=True)))
    elif reverse and action in ("post_add", "post_remove"):
        forget_groups(pk_set or ())
    elif not reverse and action.startswith("post_"):
        forget_groups([instance.pk])


@receiver(pre_delete, sender=Group)
@receiver(post_save, sender=Group)
def group_changed(sender, instance: Group, raw: bool = False, **kwargs) -> None:
    """A group renamed or deleted: its members' cached roles are dropped."""
    if not raw and instance.pk:
        forget_groups(instance.user_set.values_list("pk", flat=True))
