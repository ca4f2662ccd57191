"""A user object loads its role grants once (one query) and every role check reads that set; a grant
made or removed afterwards, through any object, is seen by the next check (accounts.models)."""

import pytest

from accounts.models import RoleGrant, User
from accounts.roles import Role
from accounts.selectors import recommender_region_prefixes, roles_of
from tests.factories import UserFactory
from workflows.permissions import is_committee, is_secretariat

pytestmark = pytest.mark.django_db


def test_every_role_check_of_one_user_object_shares_one_query(django_assert_num_queries):
    user = User.objects.get(pk=UserFactory(roles=[Role.SECRETARIAT, (Role.RECOMMENDER, "370200")]).pk)

    with django_assert_num_queries(1):
        answers = [
            user.is_secretariat,
            user.has_role(Role.EXPERT),
            is_secretariat(None, user),
            is_committee(None, user),
            user.is_secretariat,
            sorted(roles_of(user)),
            recommender_region_prefixes(user),
        ]

    assert answers == [True, False, True, False, True, ["recommender", "secretariat"], ["3702"]]


def test_a_grant_made_through_another_object_is_seen_by_the_next_check():
    user = UserFactory()
    assert user.has_role(Role.COMMITTEE) is False  # the empty set is now cached on this object

    RoleGrant.objects.create(user=User.objects.get(pk=user.pk), role=Role.COMMITTEE)

    assert user.has_role(Role.COMMITTEE) is True


def test_a_revoked_grant_is_no_longer_held_by_the_same_object():
    user = UserFactory(roles=[Role.SECRETARIAT])
    assert user.is_secretariat is True

    RoleGrant.objects.filter(user_id=user.pk, role=Role.SECRETARIAT).delete()

    assert user.is_secretariat is False
    assert roles_of(user) == set()


def test_a_deactivated_user_holds_no_role_even_from_the_cache():
    user = UserFactory(roles=[Role.EXPERT])
    assert user.has_role(Role.EXPERT) is True

    user.is_active = False

    assert user.has_role(Role.EXPERT) is False
