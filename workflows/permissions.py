"""Who may act: small named predicates `(obj, user) -> bool`, composable with `|`, `&` and `~`.

Transitions name them in `@transition(permission=...)`; views and services call them; nothing
re-checks roles by hand. A predicate reads only what every dossier has (`.organization`) or the
user's own grants, so every program can use them as they are (docs/programs.md). Each area's
module (awards/permissions.py, brands/permissions.py) composes these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accounts.models import region_prefix
from accounts.roles import Role


class Predicate:
    """A named permission check; `a | b`, `a & b` and `~a` build new predicates.

    `needs_object=False` marks a check that reads only the user (a role), so a list page may ask
    it once for all its rows (workflows/desks.py).
    """

    def __init__(self, check: Callable[[Any, Any], bool], name: str = "", *, needs_object: bool = True):
        self.check = check
        self.__name__ = name or getattr(check, "__name__", "predicate")
        self.needs_object = needs_object

    def __call__(self, obj, user) -> bool:
        return bool(self.check(obj, user))

    def __or__(self, other: Predicate) -> Predicate:
        return Predicate(
            lambda obj, user: self(obj, user) or other(obj, user),
            f"{self.__name__}|{other.__name__}",
            needs_object=self.needs_object or other.needs_object,
        )

    def __and__(self, other: Predicate) -> Predicate:
        return Predicate(
            lambda obj, user: self(obj, user) and other(obj, user),
            f"{self.__name__}&{other.__name__}",
            needs_object=self.needs_object or other.needs_object,
        )

    def __invert__(self) -> Predicate:
        return Predicate(lambda obj, user: not self(obj, user), f"~{self.__name__}", needs_object=self.needs_object)

    def __repr__(self) -> str:
        return f"<Predicate {self.__name__}>"


def predicate(check: Callable[[Any, Any], bool]) -> Predicate:
    return Predicate(check)


def user_predicate(check: Callable[[Any, Any], bool]) -> Predicate:
    """A predicate that reads only the user, never the object."""
    return Predicate(check, needs_object=False)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@user_predicate
def is_active_user(obj, user) -> bool:
    return _active(user)


@user_predicate
def is_secretariat(obj, user) -> bool:
    """评审办: an active user with a staff role, or a site administrator (accounts.User.is_secretariat)."""
    return _active(user) and user.is_secretariat


def has_role(role: str) -> Predicate:
    return Predicate(lambda obj, user: _active(user) and user.has_role(role), f"has_role({role})", needs_object=False)


is_committee = has_role(Role.COMMITTEE)
is_committee_or_secretariat = is_committee | is_secretariat


@predicate
def is_member_of_organization(obj, user) -> bool:
    """A member of the dossier's organisation (the applicant, the creating body)."""
    return _active(user) and obj.organization.memberships.filter(user=user).exists()


@predicate
def is_recommender_for(obj, user) -> bool:
    """A recommender whose region covers the dossier's organisation (370000 covers all of Shandong)."""
    if not _active(user):
        return False
    region = _region_of(obj)
    return any(region.startswith(region_prefix(code)) for code in user.region_codes_for(Role.RECOMMENDER))


def _region_of(obj) -> str:
    own = getattr(obj, "region_code", "")  # a zone has its own region; an application its organisation's
    return own or obj.organization.region_code


is_expert = has_role(Role.EXPERT)


@predicate
def is_assigned_expert(assignment, user) -> bool:
    """The expert of a review assignment, or of its scorecard (both carry `expert_id`)."""
    return _active(user) and assignment.expert_id == user.pk


@predicate
def is_panel_leader(panel, user) -> bool:
    """The team leader (组长) of a review panel (workflows.review.Panel)."""
    return _active(user) and panel.leader_id is not None and panel.leader_id == user.pk


@predicate
def is_profile_owner(profile, user) -> bool:
    """The expert whose pool profile this is (workflows.review.ExpertProfile)."""
    return _active(user) and profile.user_id == user.pk


@predicate
def is_same_user(person, user) -> bool:
    """`user` acts for themself (e.g. an expert declining the panel they sit on)."""
    return _active(user) and person is not None and person.pk == user.pk


# What staff may also do on an expert's behalf.
is_assigned_expert_or_secretariat = is_assigned_expert | is_secretariat
is_panel_leader_or_secretariat = is_panel_leader | is_secretariat
is_profile_owner_or_secretariat = is_profile_owner | is_secretariat
is_same_user_or_secretariat = is_same_user | is_secretariat


@user_predicate
def nobody(obj, user) -> bool:
    """Moves the platform makes on its own (scheduled jobs, a title's end): no person may trigger them."""
    return False


def user_is_secretariat(user) -> bool:
    """The object-free form, for views and selectors that filter by role."""
    return is_secretariat(None, user)
