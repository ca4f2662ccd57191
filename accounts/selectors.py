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
    codes = user.role_grants.filter(role=Role.RECOMMENDER).values_list("region_code", flat=True)
    return [region_prefix(code) for code in codes]


def roles_of(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    roles = set(user.role_grants.values_list("role", flat=True))
    if user.is_superuser:
        roles.add(Role.SITE_ADMIN)
    return roles
