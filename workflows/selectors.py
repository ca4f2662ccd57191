"""Reads shared by every program."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import QuerySet

from . import log_actions
from .audit_signing import checkpoint_folder, signature_matches
from .models import AuditChainHead, AuditCheckpoint, TransitionLog


def transition_history(obj: models.Model) -> QuerySet[TransitionLog]:
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return TransitionLog.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor").order_by("id")


def labelled_history(obj: models.Model, field: str = "state") -> list[TransitionLog]:
    """The object's transition log, each row with `from_label` / `to_label` (the states' display names)
    and `action_label`: what the step was called where it is declared (workflows/log_actions.py)."""
    labels = dict(type(obj)._meta.get_field(field).choices or ())
    actions = transition_labels(type(obj), field)
    history = list(transition_history(obj))
    for log in history:
        log.from_label = labels.get(log.from_state, log.from_state)
        log.to_label = labels.get(log.to_state, log.to_state)
        log.action_label = actions.get(log.transition) or log_actions.declared_label(log.transition) or log.transition
    return history


def transition_labels(model: type[models.Model], field: str = "state") -> dict[str, object]:
    """Each transition's label as declared on it: `custom={"label": …}` or its first desk button's."""
    found: dict[str, object] = {}
    for transition in model._meta.get_field(field).get_all_transitions(model):
        custom = transition.custom or {}
        buttons = custom.get("buttons") or ()
        label = custom.get("label") or (buttons[0].label if buttons else None)
        if label and not found.get(transition.name):
            found[transition.name] = label
    return found


@dataclass
class NextStep:
    """What happens next to a dossier of any program, as its status page says it (templates/includes/next_step.html)."""

    step: str
    who: str
    deadline: dt.datetime | None = None
    todo: str = ""
    # A link to where the applicant does what `todo` asks ("" when there is nothing to do here).
    action_url: str = ""
    action_label: str = ""
    finished: bool = False


@dataclass
class AuditProblem:
    log_id: int | None
    problem: str


def published_checkpoints() -> QuerySet[AuditCheckpoint]:
    """Signed chain heads for the public "audit checkpoints" page, newest first."""
    return AuditCheckpoint.objects.order_by("-id")


def _stored_checkpoint_names() -> list[str]:
    try:
        return sorted(default_storage.listdir(checkpoint_folder())[1])
    except FileNotFoundError:
        return []


def _read_stored_checkpoint(name: str) -> dict | None:
    try:
        with default_storage.open(f"{checkpoint_folder()}/{name}") as handle:
            return json.loads(handle.read())
    except (OSError, ValueError):
        return None


def _checkpoint_problems(hash_at: dict[int, tuple[int, str]], rows: int) -> list[AuditProblem]:
    """Compare the newest checkpoints (database row and stored document) with the chain as it is now."""
    problems: list[AuditProblem] = []
    names = _stored_checkpoint_names()
    recorded = {row.document_name.rsplit("/", 1)[-1]: row for row in AuditCheckpoint.objects.all()}
    for name in sorted(set(recorded) - set(names)):
        problems.append(AuditProblem(None, f"checkpoint document {name} is missing from the document store"))
    for name in sorted(set(names) - set(recorded)):
        problems.append(AuditProblem(None, f"stored checkpoint {name} has no database row (row deleted)"))
    candidates: list[dict] = []
    if names:
        document = _read_stored_checkpoint(names[-1])
        if document is None:
            problems.append(AuditProblem(None, f"stored checkpoint {names[-1]} cannot be read"))
        else:
            candidates.append(document)
    newest_row = AuditCheckpoint.objects.order_by("-row_count", "-id").first()
    if newest_row is not None:
        candidates.append({**newest_row.signed_payload(), "signature": newest_row.signature})
    for document in candidates:
        signature = document.get("signature", "")
        payload = {key: value for key, value in document.items() if key != "signature"}
        if not signature_matches(payload, signature):
            problems.append(AuditProblem(None, "checkpoint signature does not match (checkpoint forged or edited)"))
            continue
        count = payload["count"]
        if count > rows:
            problems.append(
                AuditProblem(None, f"checkpoint covers {count} rows but the log has {rows} (newest rows deleted)")
            )
        elif count and hash_at.get(count, (None, ""))[1] != payload["hash"]:
            problems.append(AuditProblem(hash_at.get(count, (None,))[0], "row at the checkpoint does not match it"))
    return problems


def verify_audit_chain() -> list[AuditProblem]:
    """Check every row's keyed hash and link, the signed head, and the newest checkpoints.

    Finds edited rows (hash), removed or reordered rows (link), newest rows removed (head count
    and last hash, checkpoints) and hashes recomputed without the key (docs/audit-chain.md).
    """
    problems: list[AuditProblem] = []
    previous = ""
    rows = 0
    last_id = None
    hash_at: dict[int, tuple[int, str]] = {}
    wanted = set(AuditCheckpoint.objects.values_list("row_count", flat=True))
    names = _stored_checkpoint_names()
    if names:
        wanted.add(int(names[-1].split("-", 1)[0]))
    for log in TransitionLog.objects.order_by("id").iterator(chunk_size=2000):
        rows += 1
        if log.prev_hash != previous:
            problems.append(AuditProblem(log.id, "previous-hash link broken (row removed or reordered)"))
        if not log.content_is_authentic():
            problems.append(AuditProblem(log.id, "content does not match its keyed hash (row edited)"))
        if rows in wanted:
            hash_at[rows] = (log.id, log.row_hash)
        previous = log.row_hash
        last_id = log.id
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.row_count or head.last_hash):
        if not signature_matches(head.signed_payload(), head.signature):
            problems.append(AuditProblem(None, "chain head signature does not match (head edited)"))
        if head.row_count != rows or head.last_hash != previous:
            problems.append(
                AuditProblem(last_id, f"chain head records {head.row_count} rows but the log has {rows} (rows deleted)")
            )
    elif rows:
        problems.append(AuditProblem(None, "chain head is missing"))
    problems += _checkpoint_problems(hash_at, rows)
    return problems
