"""Role grants edited anywhere (admin, services, shell) keep admin access consistent."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import RoleGrant, role_grants_changed


@receiver([post_save, post_delete], sender=RoleGrant)
def role_grant_changed(sender, instance, **kwargs):
    from .services import sync_staff_group

    role_grants_changed()  # every user object's cached grants reload on next use

    sync_staff_group(instance.user)
