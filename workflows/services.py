"""Writes shared by every program: the audit log and the one way to perform a transition."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm
from storages.backends.s3 import S3Storage

from . import programs
from .audit_signing import checkpoint_folder, sign
from .exceptions import CreditNotCleared, NotPermitted, StaleState, TransitionNotAllowed
from .models import AuditChainHead, AuditCheckpoint, TransitionLog

logger = logging.getLogger(__name__)


def append_transition_log(
    obj: models.Model,
    *,
    transition: str,
    from_state: str,
    to_state: str,
    actor=None,
    reason: str = "",
    attachments: Iterable[str] = (),
) -> TransitionLog:
    """Append one chained row. Must run inside the transaction that changed `obj`."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    log = TransitionLog(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
        reason=reason,
        attachments=list(attachments),
        prev_hash=head.last_hash,
    )
    log.row_hash = log.compute_hash()
    log.save()
    head.last_hash = log.row_hash
    head.row_count += 1
    head.signature = sign(head.signed_payload())
    head.save(update_fields=["last_hash", "row_count", "signature"])
    return log


def perform_transition(
    obj: models.Model,
    transition: str,
    *,
    actor,
    reason: str = "",
    attachments: Iterable[str] = (),
    expected_state: str | None = None,
    check_permission: bool = True,
    before: Callable[[Any], None] | None = None,
    after: Callable[[Any, TransitionLog], None] | None = None,
    **transition_kwargs,
):
    """Lock the row, check permission and guards, transition, save and log in one transaction.

    `expected_state` is the state the actor saw; a mismatch raises StaleState so a second
    user on an old page gets a clear message. The dossier's program hook (`Program.on_transition`,
    docs/programs.md) runs after commit for every transition, whoever started it. `before(locked)` may check domain guards and
    raise domain errors; `after(locked, log)` may write related rows in the same
    transaction and schedule side effects with transaction.on_commit.
    A transition the program gates on credit screening (`Program.credit_screening`) is refused with
    CreditNotCleared while the screening has not passed.
    Raises StaleState, NotPermitted, TransitionNotAllowed, CreditNotCleared or any error `before` raises.
    """
    model = type(obj)
    with transaction.atomic():
        try:
            locked = model._default_manager.select_for_update().get(pk=obj.pk)
        except model.DoesNotExist:
            raise StaleState() from None
        if expected_state is not None and locked.state != expected_state:
            raise StaleState()
        method = getattr(locked, transition)
        if not can_proceed(method, check_conditions=False):
            raise TransitionNotAllowed()
        if check_permission and not has_transition_perm(method, actor):
            raise NotPermitted()
        if before is not None:
            before(locked)
        from workflows.eligibility.selectors import gated_step_blocker

        program = programs.program_for(locked)
        blocker = gated_step_blocker(locked, transition)  # docs/credit-screening.md: an unanswered lookup never passes
        if blocker:
            raise CreditNotCleared(blocker)
        if not can_proceed(method):
            raise TransitionNotAllowed()
        from_state = locked.state
        method(**transition_kwargs)
        try:
            locked.save()
        except ConcurrentTransition:
            raise StaleState() from None
        log = append_transition_log(
            locked,
            transition=transition,
            from_state=from_state,
            to_state=locked.state,
            actor=actor,
            reason=reason,
            attachments=attachments,
        )
        if after is not None:
            after(locked, log)
        from workflows.review.services.release import hold_if_result

        hold_if_result(locked, log)  # a stage outcome waits for its release (docs/programs.md, "Held results")
        if program is not None and program.on_transition is not None:
            hook = program.on_transition
            transaction.on_commit(lambda: _unless_withheld(hook, locked, log))
    obj.refresh_from_db()
    return locked, log


def _unless_withheld(hook, dossier, log) -> None:
    """Run the program's hook unless a result of the dossier is held at commit time: the applicant hears of
    nothing after a held result until its release, which runs the hook for it (docs/programs.md, "Held results")."""
    from workflows.review.release import result_withheld

    if not result_withheld(dossier):
        hook(dossier, log)


def _store_checkpoint_document(name: str, body: bytes) -> tuple[str, bool]:
    """Write the checkpoint to the document store; on S3 with a retention lock when the bucket allows it.

    Returns the stored name and whether the object is retention-locked.
    """
    retention_days = settings.AUDIT_CHECKPOINT_RETENTION_DAYS
    if retention_days and isinstance(default_storage, S3Storage):
        from botocore.exceptions import ClientError

        key = default_storage._normalize_name(name)
        try:
            default_storage.bucket.put_object(
                Key=key,
                Body=body,
                ContentType="application/json",
                ObjectLockMode="COMPLIANCE",
                ObjectLockRetainUntilDate=timezone.now() + dt.timedelta(days=retention_days),
            )
            return name, True
        except ClientError as error:
            # A bucket created without Object Lock refuses the lock headers; keep the copy anyway.
            logger.warning("audit checkpoint %s stored without retention lock: %s", name, error)
    return default_storage.save(name, ContentFile(body)), False


def write_audit_checkpoint() -> AuditCheckpoint | None:
    """Sign the chain head (count + hash), store it as a document and record it for the public page.

    Called periodically (Celery beat, `write_audit_checkpoint` command); does nothing when no row
    was appended since the last checkpoint. The document is written before the row, so a row
    always has its document; a failed store write raises and leaves no row.
    """
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        last = AuditCheckpoint.objects.order_by("-id").first()
        if last is not None and last.row_count == head.row_count and last.head_hash == head.last_hash:
            return None
        head_id = TransitionLog.objects.order_by("-id").values_list("id", flat=True).first()
        checkpoint = AuditCheckpoint(
            row_count=head.row_count, head_id=head_id, head_hash=head.last_hash, created_at=timezone.now()
        )
        checkpoint.signature = sign(checkpoint.signed_payload())
        document = {**checkpoint.signed_payload(), "signature": checkpoint.signature}
        name = f"{checkpoint_folder()}/{checkpoint.row_count:012d}-{checkpoint.created_at:%Y%m%dT%H%M%S%f}.json"
        checkpoint.document_name, checkpoint.retention_locked = _store_checkpoint_document(
            name, json.dumps(document, sort_keys=True).encode()
        )
        checkpoint.save()
    return checkpoint
