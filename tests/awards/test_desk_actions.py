"""The secretariat desk offers what the state machine allows the user now (awards/models.py `_desk`)."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from awards.selectors import desk_actions
from tests.factories import PASSWORD, AwardApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_desk_lists_the_transitions_of_the_current_state_with_their_labels_and_reasons():
    application = AwardApplicationFactory(state="accepted")

    actions = desk_actions(application, UserFactory(roles=[Role.SECRETARIAT]))

    assert [(a.name, a.label, a.needs_reason) for a in actions] == [
        ("qualify", "资格审查通过", False),
        ("declare_ineligible", "资格审查不通过", True),
        ("disqualify", "取消资格", True),
    ]


def test_a_user_without_the_transitions_permission_is_offered_nothing():
    application = AwardApplicationFactory(state="recommended")
    recommender = UserFactory(roles=[(Role.RECOMMENDER, "370000")])

    assert (
        desk_actions(application, recommender),
        [a.name for a in desk_actions(application, UserFactory(roles=[Role.SECRETARIAT]))],
    ) == (
        [],
        ["accept", "disqualify"],
    )


def test_the_desk_page_shows_its_buttons_and_refuses_a_move_that_is_not_a_desk_action(client):
    application = AwardApplicationFactory(state="committee_deliberation")
    staff = UserFactory(roles=[Role.SECRETARIAT])
    client.login(username=staff.username, password=PASSWORD)

    page = client.get(reverse("awards:detail", args=[application.pk])).content.decode()
    refused = client.post(
        reverse("awards:staff_action", args=[application.pk]),
        {"action": "award", "expected_state": "committee_deliberation"},
    )

    assert ('value="eliminate"' in page, 'value="disqualify"' in page, 'value="accept"' in page) == (True, True, False)
    assert refused.status_code == 404
