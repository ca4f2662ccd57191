"""Object permissions for zones, used by the state machine's `permission=` arguments and by views.

The same rules as for awards (awards/permissions.py), read against the zone's creating body; a
quality-city program can reuse them as they are, because they only need `.organization`.
"""

from accounts.models import region_prefix
from accounts.roles import Role


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_creating_body_member(zone, user) -> bool:
    return _active(user) and zone.organization.memberships.filter(user=user).exists()


def is_provincial_recommender_for(zone, user) -> bool:
    """A recommender whose region covers the zone's region (370000 covers all of Shandong)."""
    if not _active(user):
        return False
    return any(
        zone.region_code.startswith(region_prefix(code))
        for code in user.role_grants.filter(role=Role.RECOMMENDER).values_list("region_code", flat=True)
    )


def is_secretariat(zone, user) -> bool:
    return _active(user) and user.is_secretariat


def is_committee_or_secretariat(zone, user) -> bool:
    return is_secretariat(zone, user) or (_active(user) and user.has_role(Role.COMMITTEE))
