"""Role grants edited anywhere (admin, services, shell) keep admin access consistent."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import RoleGrant


@receiver([post_save, post_delete], sender=RoleGrant)
def role_grant_changed(sender, instance, **kwargs):
    from .services import sync_staff_group

    sync_staff_group(instance.user)
