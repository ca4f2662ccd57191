"""Reads about users, organisations and roles."""

from django.db.models import QuerySet

from .models import Organization, User, region_prefix
from .roles import Role


def organizations_of(user: User) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).order_by("name")


def recommender_region_prefixes(user: User) -> list[str]:
    if not user.is_authenticated:
        return []
    return [region_prefix(code) for code in user.region_codes_for(Role.RECOMMENDER)]


def roles_of(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    roles = user.role_set()
    if user.is_superuser:
        roles.add(Role.SITE_ADMIN)
    return roles
