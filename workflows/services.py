"""Writes shared by every program: the audit log and the one way to perform a transition."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from . import programs
from .exceptions import NotPermitted, StaleState, TransitionNotAllowed
from .models import AuditChainHead, TransitionLog


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
    head.save(update_fields=["last_hash"])
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
    Raises StaleState, NotPermitted, TransitionNotAllowed or any error `before` raises.
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
        program = programs.program_for(locked)
        if program is not None and program.on_transition is not None:
            hook = program.on_transition
            transaction.on_commit(lambda: hook(locked, log))
    obj.refresh_from_db()
    return locked, log
