import pytest

from awards.models import AwardApplication, State
from tests.factories import AwardApplicationFactory, UserFactory, applicant_for
from workflows.exceptions import NotPermitted, StaleState, TransitionNotAllowed
from workflows.models import TransitionLog
from workflows.services import perform_transition

pytestmark = pytest.mark.django_db


def test_transition_saves_state_and_appends_one_log_row():
    application = AwardApplicationFactory()
    applicant = applicant_for(application.organization)

    _, log = perform_transition(application, "submit", actor=applicant, reason="首次提交")

    assert AwardApplication.objects.get(pk=application.pk).state == State.SUBMITTED
    assert list(TransitionLog.objects.values_list("from_state", "to_state", "actor_id", "reason")) == [
        ("draft", "submitted", applicant.pk, "首次提交")
    ]
    assert log.row_hash == log.compute_hash()


def test_user_of_another_organisation_is_refused_and_nothing_is_logged():
    application = AwardApplicationFactory()
    outsider = applicant_for(AwardApplicationFactory().organization)

    with pytest.raises(NotPermitted):
        perform_transition(application, "submit", actor=outsider)

    assert AwardApplication.objects.get(pk=application.pk).state == State.DRAFT
    assert TransitionLog.objects.count() == 0


def test_stale_page_gets_stale_state_error():
    application = AwardApplicationFactory()
    applicant = applicant_for(application.organization)
    perform_transition(application, "submit", actor=applicant)

    with pytest.raises(StaleState):
        perform_transition(application, "withdraw", actor=applicant, expected_state=State.DRAFT)


def test_illegal_move_is_refused():
    application = AwardApplicationFactory()
    staff = UserFactory(roles=["secretariat"])
    with pytest.raises(TransitionNotAllowed):
        perform_transition(application, "accept", actor=staff)
