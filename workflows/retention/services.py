"""Find and erase the personal data whose retention period has ended (docs/retention.md).

Who may call: the `purge_expired` management command (operators) and tests; nothing on the web
triggers an erasure. Each record is erased in its own transaction, so a failure (the document store
unreachable) leaves that record as it was and the next run picks it up again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from workflows.audit_signing import sign
from workflows.documents.models import Document, DocumentAccess
from workflows.models import TransitionLog
from workflows.notices.models import Objection
from workflows.notifications.models import Notification
from workflows.programs import Program, program_for, programs
from workflows.review.models import ConflictDeclaration

from .models import Erasure, RecordClass, RetentionPeriod

OBJECTION_PERSONAL_FIELDS = (
    "objector_name",
    "id_number",
    "phone",
    "address",
    "text",
    "decision_memo",
    "rejection_reason",
)


@dataclass
class Expired:
    """One record class: its period and the records (model instances) whose period has ended."""

    period: RetentionPeriod
    records: list = field(default_factory=list)

    @property
    def record_class(self) -> str:
        return self.period.record_class


def _ct(model_or_obj) -> ContentType:
    return ContentType.objects.get_for_model(model_or_obj, for_concrete_model=True)


def _not_erased(queryset, record_class: str):
    """Leave out records already erased (object ids are text in Erasure, compared as text on PostgreSQL too)."""
    erased = Erasure.objects.filter(record_class=record_class, content_type=_ct(queryset.model)).values("object_id")
    return queryset.annotate(pk_text=Cast("pk", CharField())).exclude(pk_text__in=erased)


def _dossiers_past(program: Program, cutoff: dt.datetime):
    """The program's dossiers whose last step (or creation, before any step) is older than the cutoff.

    Dossiers holding a live title are kept: the title and its register entry still need them.
    """
    model = program.model
    ct = _ct(model)
    last_step = Subquery(
        TransitionLog.objects.filter(content_type=ct, object_id=Cast(OuterRef("pk"), CharField()))
        .order_by("-at")
        .values("at")[:1]
    )
    field_names = {f.name for f in model._meta.get_fields()}
    clock = Coalesce(last_step, "created_at") if "created_at" in field_names else last_step
    return (
        model.objects.annotate(retention_clock=clock)
        .filter(retention_clock__lt=cutoff)
        .exclude(state__in=program.states.named)
    )


def _expired_applications(period: RetentionPeriod, cutoff) -> list:
    found = []
    for program in programs():
        found += list(_not_erased(_dossiers_past(program, cutoff), period.record_class))
    return found


def _expired_documents(period: RetentionPeriod, cutoff) -> list:
    found = []
    for program in programs():
        ct = _ct(program.model)
        ids = [str(pk) for pk in _dossiers_past(program, cutoff).values_list("pk", flat=True)]
        found += list(Document.objects.filter(owner_type=ct, owner_id__in=ids, removed_at__isnull=True))
    return found


def _expired_declarations(period: RetentionPeriod, cutoff) -> list:
    return list(ConflictDeclaration.objects.filter(declared_at__lt=cutoff).exclude(reason=""))


def _expired_objections(period: RetentionPeriod, cutoff) -> list:
    objections = (
        Objection.objects.exclude(status__in=Objection.OPEN_STATUSES)
        .annotate(retention_clock=Coalesce("verified_at", "submitted_at"))
        .filter(retention_clock__lt=cutoff)
    )
    return list(_not_erased(objections, period.record_class).prefetch_related("files__document"))


def _expired_logs(period: RetentionPeriod, cutoff) -> list:
    return list(Notification.objects.filter(created_at__lt=cutoff)) + list(
        DocumentAccess.objects.filter(accessed_at__lt=cutoff)
    )


FINDERS = {
    RecordClass.APPLICATIONS: _expired_applications,
    RecordClass.DOCUMENTS: _expired_documents,
    RecordClass.EXPERT_DECLARATIONS: _expired_declarations,
    RecordClass.OBJECTIONS: _expired_objections,
    RecordClass.LOGS: _expired_logs,
}


def find_expired(now: dt.datetime | None = None) -> list[Expired]:
    """Every record class with a period, and its records whose period has ended (nothing changes)."""
    now = now or timezone.now()
    return [
        Expired(period, FINDERS[period.record_class](period, period.cutoff(now)))
        for period in RetentionPeriod.objects.all()
        if period.record_class in FINDERS
    ]


def _remove_document(document: Document) -> None:
    """Delete the stored object, then keep the row as a tombstone (hash and size stay, the name goes)."""
    if document.removed_at is not None:
        return
    default_storage.delete(document.storage_key)
    Document.objects.filter(pk=document.pk).update(removed_at=timezone.now(), original_name="")


def _tombstone_logs(dossier: models.Model) -> int:
    """Erase the free text (reason, attachments) of the dossier's log rows; the hashes stay (docs/audit-chain.md).

    The model refuses to change log rows; this is the one sanctioned rewrite, and it signs what it leaves.
    """
    rows = TransitionLog.objects.filter(
        content_type=_ct(dossier), object_id=str(dossier.pk), redacted_at__isnull=True
    ).exclude(reason="", attachments=[])
    count = 0
    for log in rows.select_for_update():
        log.redacted_at = timezone.now()
        log.reason = ""
        log.attachments = []
        TransitionLog.objects.filter(pk=log.pk).update(
            redacted_at=log.redacted_at, reason="", attachments=[], tombstone_signature=sign(log.tombstone_payload())
        )
        count += 1
    return count


def _record(record_class: str, obj: models.Model, period: RetentionPeriod, fields: list[str]) -> None:
    Erasure.objects.get_or_create(
        record_class=record_class,
        content_type=_ct(obj),
        object_id=str(obj.pk),
        defaults={"years": period.years, "fields": fields},
    )


def _erase_application(dossier, period: RetentionPeriod) -> None:
    personal = list(program_for(dossier).personal_fields)
    if personal:
        type(dossier).objects.filter(pk=dossier.pk).update(**{name: "" for name in personal})
    logs = _tombstone_logs(dossier)
    _record(period.record_class, dossier, period, personal + (["transition_log.reason"] if logs else []))


def _erase_document(document: Document, period: RetentionPeriod) -> None:
    _remove_document(document)
    _record(period.record_class, document, period, ["file", "original_name"])


def _erase_declaration(declaration: ConflictDeclaration, period: RetentionPeriod) -> None:
    ConflictDeclaration.objects.filter(pk=declaration.pk).update(reason="")
    _record(period.record_class, declaration, period, ["reason"])


def _erase_objection(objection: Objection, period: RetentionPeriod) -> None:
    Objection.objects.filter(pk=objection.pk).update(
        submitted_ip=None, **{name: "" for name in OBJECTION_PERSONAL_FIELDS}
    )
    for file in objection.files.all():
        _remove_document(file.document)
    _record(period.record_class, objection, period, [*OBJECTION_PERSONAL_FIELDS, "submitted_ip", "files"])


def _erase_log(row, period: RetentionPeriod) -> None:
    # Notification and access rows are themselves the personal data (who was written to, who read what).
    type(row).objects.filter(pk=row.pk).delete()


ERASERS = {
    RecordClass.APPLICATIONS: _erase_application,
    RecordClass.DOCUMENTS: _erase_document,
    RecordClass.EXPERT_DECLARATIONS: _erase_declaration,
    RecordClass.OBJECTIONS: _erase_objection,
    RecordClass.LOGS: _erase_log,
}


@dataclass
class Outcome:
    record: models.Model
    error: str = ""


def erase_expired(expired: Expired) -> Iterator[Outcome]:
    """Erase each record of the class, one transaction each; yields per record (for a progress bar)."""
    eraser = ERASERS[expired.record_class]
    for record in expired.records:
        try:
            with transaction.atomic():
                eraser(record, expired.period)
        except Exception as error:  # noqa: BLE001 — reported per record; the run goes on
            yield Outcome(record, repr(error))
        else:
            yield Outcome(record)


@dataclass
class ClassReport:
    """What one run did for one record class."""

    expired: Expired
    erased: int = 0
    failed: list[Outcome] = field(default_factory=list)


@dataclass
class PurgeReport:
    applied: bool
    classes: list[ClassReport]
    audit_problems: int = 0


def purge_expired(*, apply: bool, now: dt.datetime | None = None, on_class=None, on_record=None) -> PurgeReport:
    """Find what has expired and, with `apply`, erase it; then check the audit chain.

    Without `apply` nothing changes (a dry run: the counts only). `on_class(expired)` and
    `on_record(outcome)` let a caller show progress. Called by `manage.py purge_expired` and the
    daily beat task (docs/retention.md, "Schedule").
    """
    from workflows.selectors import verify_audit_chain

    classes = [ClassReport(group) for group in find_expired(now)]
    if not apply:
        return PurgeReport(applied=False, classes=classes)
    for report in classes:
        if on_class is not None:
            on_class(report.expired)
        for outcome in erase_expired(report.expired):
            if outcome.error:
                report.failed.append(outcome)
            else:
                report.erased += 1
            if on_record is not None:
                on_record(outcome)
    return PurgeReport(applied=True, classes=classes, audit_problems=len(verify_audit_chain()))
