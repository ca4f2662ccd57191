"""The engine's permission predicates on their own (workflows/permissions.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Membership
from accounts.roles import Role
from tests.factories import AwardApplicationFactory, OrganizationFactory, UserFactory
from workflows import permissions as can

pytestmark = pytest.mark.django_db


def test_is_secretariat_needs_an_active_account_with_a_staff_role():
    staff = UserFactory(roles=[Role.SECRETARIAT])
    former = UserFactory(roles=[Role.SECRETARIAT], is_active=False)
    expert = UserFactory(roles=[Role.EXPERT])

    assert [can.is_secretariat(None, u) for u in (staff, former, expert, AnonymousUser(), None)] == [
        True,
        False,
        False,
        False,
        False,
    ]


def test_recommenders_act_for_organisations_under_their_region_only():
    application = AwardApplicationFactory(organization=OrganizationFactory(region_code="370212"))
    province = UserFactory(roles=[(Role.RECOMMENDER, "370000")])
    city = UserFactory(roles=[(Role.RECOMMENDER, "370200")])
    elsewhere = UserFactory(roles=[(Role.RECOMMENDER, "110000")])

    assert [can.is_recommender_for(application, u) for u in (province, city, elsewhere)] == [True, True, False]


def test_members_of_the_dossiers_organisation_are_its_applicants():
    application = AwardApplicationFactory()
    member, outsider = UserFactory(), UserFactory()
    Membership.objects.create(user=member, organization=application.organization)

    assert [can.is_member_of_organization(application, u) for u in (member, outsider)] == [True, False]


def test_predicates_compose_with_or_and_and_not():
    committee, staff, expert = (
        UserFactory(roles=[Role.COMMITTEE]),
        UserFactory(roles=[Role.SECRETARIAT]),
        UserFactory(roles=[Role.EXPERT]),
    )
    committee_not_staff = can.is_committee & ~can.is_secretariat

    assert [can.is_committee_or_secretariat(None, u) for u in (committee, staff, expert)] == [True, True, False]
    assert [committee_not_staff(None, u) for u in (committee, staff, expert)] == [True, False, False]


def test_nobody_may_make_the_platforms_own_moves():
    assert can.nobody(None, UserFactory(is_superuser=True)) is False
