"""Object permissions used by the state machine's `permission=` arguments and by views."""

from accounts.models import region_prefix
from accounts.roles import Role


def is_applicant_member(application, user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and application.organization.memberships.filter(user=user).exists()
    )


def is_recommender_for(application, user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    region = application.organization.region_code
    return any(
        region.startswith(region_prefix(code))
        for code in user.role_grants.filter(role=Role.RECOMMENDER).values_list("region_code", flat=True)
    )


def is_secretariat(application, user) -> bool:
    return bool(user and user.is_authenticated and user.is_secretariat)


def is_committee_or_secretariat(application, user) -> bool:
    return is_secretariat(application, user) or bool(
        user and user.is_authenticated and user.is_active and user.has_role(Role.COMMITTEE)
    )
