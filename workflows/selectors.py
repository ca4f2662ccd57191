"""Reads shared by every program."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import TransitionLog


def transition_history(obj: models.Model) -> QuerySet[TransitionLog]:
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return TransitionLog.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor").order_by("id")


def labelled_history(obj: models.Model, field: str = "state") -> list[TransitionLog]:
    """The object's transition log, each row with `from_label` / `to_label`: the states' display names."""
    labels = dict(type(obj)._meta.get_field(field).choices or ())
    history = list(transition_history(obj))
    for log in history:
        log.from_label = labels.get(log.from_state, log.from_state)
        log.to_label = labels.get(log.to_state, log.to_state)
    return history


@dataclass
class AuditProblem:
    log_id: int
    problem: str


def verify_audit_chain() -> list[AuditProblem]:
    """Recompute every row's hash and its link to the previous row; list what does not match."""
    problems: list[AuditProblem] = []
    previous = ""
    for log in TransitionLog.objects.order_by("id").iterator(chunk_size=2000):
        if log.prev_hash != previous:
            problems.append(AuditProblem(log.id, "previous-hash link broken (row removed or reordered)"))
        if log.compute_hash() != log.row_hash:
            problems.append(AuditProblem(log.id, "content does not match its hash (row edited)"))
        previous = log.row_hash
    return problems
