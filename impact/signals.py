from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User
from .roles import FILERS


@receiver(post_save, sender=User)
def everyone_is_a_filer(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    """Everyone who signs up may file an EOI."""
    if created and not raw:
        group, _ = Group.objects.get_or_create(name=FILERS)
        instance.groups.add(group)
