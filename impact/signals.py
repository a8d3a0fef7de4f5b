from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import pagecache
from .models import ConferenceEdition, User
from .roles import FILERS


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
