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


def test_review_predicates_name_the_expert_the_leader_and_the_profile_owner():
    from types import SimpleNamespace

    expert, other, staff = (
        UserFactory(roles=[Role.EXPERT]),
        UserFactory(roles=[Role.EXPERT]),
        UserFactory(roles=[Role.SECRETARIAT]),
    )
    gone = UserFactory(roles=[Role.EXPERT], is_active=False)
    # The predicates read only the ids a review row carries, so plain objects stand in for the rows.
    assignment = SimpleNamespace(expert_id=expert.pk)
    panel = SimpleNamespace(leader_id=expert.pk)
    leaderless = SimpleNamespace(leader_id=None)
    profile = SimpleNamespace(user_id=expert.pk)

    assert [can.is_assigned_expert(assignment, u) for u in (expert, other, staff, AnonymousUser())] == [
        True,
        False,
        False,
        False,
    ]
    assert can.is_assigned_expert(SimpleNamespace(expert_id=gone.pk), gone) is False
    assert [can.is_panel_leader(panel, u) for u in (expert, other)] == [True, False]
    assert can.is_panel_leader(leaderless, AnonymousUser()) is False
    assert [can.is_profile_owner(profile, u) for u in (expert, other)] == [True, False]
    assert [can.is_same_user(expert, u) for u in (expert, other)] == [True, False]
    assert can.is_same_user(gone, gone) is False
    # Staff may act on an expert's behalf; another expert may not.
    assert [can.is_assigned_expert_or_secretariat(assignment, u) for u in (expert, staff, other)] == [True, True, False]
    assert [can.is_panel_leader_or_secretariat(panel, u) for u in (expert, staff, other)] == [True, True, False]
    assert [can.is_profile_owner_or_secretariat(profile, u) for u in (expert, staff, other)] == [True, True, False]
    assert can.is_expert(None, expert) and not can.is_expert(None, staff)


def test_review_services_ask_the_named_predicates():
    """One home per rule: the review services compare no user ids by hand (workflows/permissions.py)."""
    import re
    from pathlib import Path

    services = Path(can.__file__).parent / "review" / "services"
    by_hand = re.compile(r"(actor|user)\.pk\s*[!=]=|[!=]=\s*(actor|user)\.pk\b|actor\s*!=\s*expert|_is_staff\(")
    offending = {
        f"{path.name}:{n}": line.strip()
        for path in sorted(services.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    }

    assert offending == {}
