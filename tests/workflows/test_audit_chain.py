import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import OrganizationFactory, UserFactory
from workflows.models import AppendOnlyError, TransitionLog
from workflows.selectors import verify_audit_chain
from workflows.services import append_transition_log

pytestmark = pytest.mark.django_db


def _log_three():
    org = OrganizationFactory()
    actor = UserFactory()
    return [
        append_transition_log(org, transition=f"step{i}", from_state=f"s{i}", to_state=f"s{i + 1}", actor=actor)
        for i in range(3)
    ]


def test_rows_are_chained():
    logs = _log_three()
    assert [log.prev_hash for log in logs[1:]] == [log.row_hash for log in logs[:-1]]
    assert verify_audit_chain() == []
    call_command("verify_audit_chain")


def test_detects_an_edited_row():
    logs = _log_three()
    TransitionLog.objects.filter(pk=logs[1].pk).update(reason="edited afterwards")
    problems = verify_audit_chain()
    assert [(p.log_id, "edited" in p.problem) for p in problems] == [(logs[1].pk, True)]
    with pytest.raises(CommandError):
        call_command("verify_audit_chain")


def test_detects_a_removed_row():
    logs = _log_three()
    TransitionLog.objects.filter(pk=logs[1].pk)._raw_delete(TransitionLog.objects.db)
    assert [p.log_id for p in verify_audit_chain() if "link" in p.problem] == [logs[2].pk]


def test_rows_cannot_be_changed_or_deleted_through_the_model():
    log = _log_three()[0]
    log.reason = "x"
    with pytest.raises(AppendOnlyError):
        log.save()
    with pytest.raises(AppendOnlyError):
        log.delete()
