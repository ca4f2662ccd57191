"""A desk offers what the state machine allows the user now (workflows/desks.py), from the buttons
declared on the transitions; zones are the example because their desk has forms, a transition with
two buttons, a stacked transition and a condition."""

import pytest

from accounts.roles import Role
from brands.models import ExtensionRequest, State, Zone
from tests.brands.factories import zone_in_state
from tests.factories import UserFactory, applicant_for
from workflows import desks
from workflows import permissions as can

pytestmark = pytest.mark.django_db


def names(actions):
    return [action.name for action in actions]


def test_the_buttons_of_the_state_in_the_order_the_model_declares_them():
    staff = UserFactory(roles=[Role.SECRETARIAT])

    offered = {
        state: names(desks.offered(zone_in_state(state), staff))
        for state in (State.NATIONAL_REVIEW, State.EXPERT_ASSESSMENT, State.EXPIRY_REVIEW, State.REVOKED)
    }

    assert offered == {
        State.NATIONAL_REVIEW: ["approve", "reject"],
        # one transition (propose) reached through two buttons; reject from here is not a button
        State.EXPERT_ASSESSMENT: ["open_indicator_review", "conclude_assessment"],
        State.EXPIRY_REVIEW: ["renew", "expire", "revoke"],
        State.REVOKED: [],
    }


def test_a_button_carries_its_transition_form_reason_and_style():
    staff = UserFactory(roles=[Role.SECRETARIAT])

    [approve, reject] = desks.offered(zone_in_state(State.NATIONAL_REVIEW), staff)

    assert (approve.transition, approve.form, approve.needs_reason, approve.danger) == (
        "approve_for_creation",
        "approval",
        False,
        False,
    )
    assert (reject.transition, reject.form, reject.needs_reason, reject.danger) == ("reject", "reason", True, True)


def test_a_user_without_the_transitions_permission_is_offered_nothing():
    zone = zone_in_state(State.NATIONAL_REVIEW)

    assert (
        names(desks.offered(zone, applicant_for(zone.organization))),
        names(desks.offered(zone, UserFactory(roles=[Role.SECRETARIAT], is_active=False))),
    ) == ([], [])


def test_a_transitions_condition_decides_whether_its_button_is_offered():
    staff = UserFactory(roles=[Role.SECRETARIAT])
    zone = zone_in_state(State.UNDER_CREATION)
    before = names(desks.offered(zone, staff))
    ExtensionRequest.objects.create(zone=zone, reason="需要时间", requested_by=zone.created_by)

    after = names(desks.offered(Zone.objects.get(pk=zone.pk), staff))

    assert (before, after) == ([], ["decide_extension"])


def test_declared_lists_every_button_once_by_its_posted_name():
    declared = desks.declared(Zone)

    assert (declared["reject"].transition, declared["pass_precheck"].transition, "propose" in declared) == (
        "reject",
        "start_expert_assessment",
        False,
    )


@pytest.mark.parametrize("rows", [1, 4])
def test_a_list_asks_a_role_check_once_for_all_its_rows(django_assert_num_queries, rows):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    zones = [zone_in_state(State.DEMONSTRATION) for _ in range(rows)]

    with django_assert_num_queries(1):  # the staff-role lookup, once
        offered = desks.offered_for_rows(zones, staff)

    assert [names(offered[zone.pk]) for zone in zones] == [["start_expiry_review", "revoke"]] * rows


def test_only_predicates_that_read_nothing_but_the_user_are_asked_once_per_page():
    assert [
        can.is_secretariat.needs_object,
        can.is_committee_or_secretariat.needs_object,
        (can.is_secretariat | can.is_recommender_for).needs_object,
        (~can.is_member_of_organization).needs_object,
    ] == [False, False, True, True]
