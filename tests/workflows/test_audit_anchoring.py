"""The audit chain is anchored: keyed hashes, a signed head and signed checkpoints outside the table.

Each attack here is one a person with write access to the database (but not the key) can make.
"""

import hashlib
import json
import uuid

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganizationFactory, UserFactory
from workflows.audit_signing import canonical
from workflows.models import AuditChainHead, AuditCheckpoint, TransitionLog
from workflows.selectors import verify_audit_chain
from workflows.services import append_transition_log, write_audit_checkpoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_checkpoint_folder(settings, request):
    """The S3 bucket outlives each test's database; give every test its own checkpoint folder."""
    settings.AUDIT_CHECKPOINT_FOLDER = f"audit-checkpoints-test/{request.node.name}-{uuid.uuid4().hex}"


def _log(count: int):
    org = OrganizationFactory()
    actor = UserFactory()
    return [
        append_transition_log(org, transition=f"step{i}", from_state=f"s{i}", to_state=f"s{i + 1}", actor=actor)
        for i in range(count)
    ]


def _raw_delete(*pks):
    TransitionLog.objects.filter(pk__in=pks)._raw_delete(TransitionLog.objects.db)


def _assert_command_fails():
    with pytest.raises(CommandError):
        call_command("verify_audit_chain")


def _plain_sha256(log: TransitionLog, prev: str) -> str:
    log.prev_hash = prev
    payload = {
        "prev": prev,
        "ct": log.content_type_id,
        "obj": str(log.object_id),
        "transition": log.transition,
        "from": log.from_state,
        "to": log.to_state,
        "actor": log.actor_id,
        "at": log.at.isoformat(),
        "reason": log.reason,
        "attachments": log.attachments,
    }
    return hashlib.sha256(canonical(payload)).hexdigest()


def test_deleting_the_newest_row_is_detected():
    logs = _log(3)
    _raw_delete(logs[-1].pk)
    problems = verify_audit_chain()
    assert any("rows deleted" in p.problem for p in problems)
    _assert_command_fails()


def test_deleting_the_newest_rows_and_rewinding_the_head_is_detected_by_its_signature():
    logs = _log(4)
    _raw_delete(logs[-1].pk, logs[-2].pk)
    AuditChainHead.objects.filter(pk=1).update(last_hash=logs[1].row_hash, row_count=2)
    assert [p.problem for p in verify_audit_chain()] == ["chain head signature does not match (head edited)"]
    _assert_command_fails()


def test_deleting_rows_and_the_head_after_a_checkpoint_is_detected_by_the_checkpoint():
    logs = _log(3)
    write_audit_checkpoint()
    _raw_delete(logs[-1].pk)
    AuditChainHead.objects.filter(pk=1).delete()
    problems = [p.problem for p in verify_audit_chain()]
    assert "checkpoint covers 3 rows but the log has 2 (newest rows deleted)" in problems
    _assert_command_fails()


def test_deleting_a_middle_row_is_detected():
    logs = _log(5)
    _raw_delete(logs[2].pk)
    assert [p.log_id for p in verify_audit_chain() if "link" in p.problem] == [logs[3].pk]
    _assert_command_fails()


def test_rewriting_a_row_and_recomputing_the_chain_without_the_key_is_detected():
    logs = _log(3)
    previous = logs[0].row_hash
    for log in logs[1:]:
        if log is logs[1]:
            log.reason = "rewritten afterwards"
        new_hash = _plain_sha256(log, previous)
        TransitionLog.objects.filter(pk=log.pk).update(reason=log.reason, prev_hash=previous, row_hash=new_hash)
        previous = new_hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous)
    problems = verify_audit_chain()
    assert {p.log_id for p in problems if "keyed hash" in p.problem} == {logs[1].pk, logs[2].pk}
    _assert_command_fails()


def test_an_untouched_chain_with_checkpoints_passes(settings):
    _log(2)
    write_audit_checkpoint()
    _log(1)
    write_audit_checkpoint()
    assert verify_audit_chain() == []
    call_command("verify_audit_chain")


def test_a_checkpoint_is_a_signed_document_in_the_store_and_is_written_only_when_the_chain_grew():
    logs = _log(2)
    checkpoint = write_audit_checkpoint()
    assert write_audit_checkpoint() is None
    with default_storage.open(checkpoint.document_name) as handle:
        document = json.loads(handle.read())
    assert document == {
        "kind": "checkpoint",
        "count": 2,
        "head_id": logs[-1].pk,
        "hash": logs[-1].row_hash,
        "at": checkpoint.created_at.isoformat(),
        "signature": checkpoint.signature,
    }


def test_removing_a_checkpoint_row_or_its_document_is_detected():
    _log(2)
    first = write_audit_checkpoint()
    _log(1)
    second = write_audit_checkpoint()
    AuditCheckpoint.objects.filter(pk=second.pk)._raw_delete(AuditCheckpoint.objects.db)
    assert any("has no database row" in p.problem for p in verify_audit_chain())
    default_storage.delete(first.document_name)
    assert any("missing from the document store" in p.problem for p in verify_audit_chain())


def test_a_forged_checkpoint_row_is_detected():
    _log(2)
    checkpoint = write_audit_checkpoint()
    AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(row_count=1)
    assert "checkpoint signature does not match (checkpoint forged or edited)" in [
        p.problem for p in verify_audit_chain()
    ]


def test_the_key_comes_from_settings_so_another_key_rejects_every_row(settings):
    _log(2)
    settings.AUDIT_CHAIN_KEY = "a-different-key-held-by-someone-else"
    assert len([p for p in verify_audit_chain() if "keyed hash" in p.problem]) == 2


def test_checkpoints_page_lists_signed_heads_with_the_same_queries_for_one_and_several(client):
    client.get("/audit/checkpoints/")  # site settings and sessions warm up on the first request
    _log(1)
    write_audit_checkpoint()
    with CaptureQueriesContext(connection) as one:
        response = client.get("/audit/checkpoints/")
    first = AuditCheckpoint.objects.get()
    assert first.head_hash in response.content.decode()
    assert first.signature in response.content.decode()
    for _ in range(3):
        _log(1)
        write_audit_checkpoint()
    with CaptureQueriesContext(connection) as several:
        response = client.get("/audit/checkpoints/")
    assert response.content.decode().count('class="checkpoint"') == 4
    assert len(one) == len(several)
