"""Writes of the title lifecycle: confer, review, revoke (with recovery and ban), expire.

Every state change goes through workflows.services.perform_transition; certificate PDFs
and notice pages are produced after commit by tasks.py.
"""

from __future__ import annotations

import datetime as dt
import threading

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django_fsm import can_proceed

from workflows import log_actions, programs
from workflows.dates import add_months, add_years, local_today
from workflows.eligibility.services import record_edition_ban
from workflows.exceptions import NotPermitted, TransitionNotAllowed, WorkflowError
from workflows.services import append_transition_log, perform_transition
from workflows.workdays import add_working_days, end_of_day

from .models import (
    LIVE_STATES,
    Certificate,
    PeriodicReview,
    RecoveryTask,
    Revocation,
    Title,
    TitleRules,
    TitleState,
    is_secretariat,
)


class RecoveryAlreadyDone(WorkflowError):
    default_message = gettext_lazy("该追回事项已完成。")


class ReviewNotStarted(WorkflowError):
    default_message = gettext_lazy("该复评尚未开始或已结束。")


def _follow_title(title: Title, event: str, *, actor, reason: str, detail=None) -> None:
    """Move the dossier the title came from after the title's end or renewal (docs/programs.md, "Titles").

    Runs inside the title's transaction, so title and dossier never diverge, whichever desk acted.
    The dossier's program names the transition (`Program.title_follow`); nothing happens when it
    names none, or when the dossier has already made that move (its own desk started it).
    """
    dossier = title.dossier
    program = programs.program_for(dossier) if dossier is not None else None
    if program is None:
        return
    follow = program.title_follow
    name = getattr(follow, event)
    if not name or not can_proceed(getattr(dossier, name)):
        return

    def prepare(locked) -> None:
        if follow.prepare is not None:
            follow.prepare(locked, event, detail)

    perform_transition(dossier, name, actor=actor, check_permission=False, reason=reason, before=prepare)


def rules_for(edition) -> TitleRules:
    rules, _created = TitleRules.objects.get_or_create(edition=edition)
    return rules


# --- naming ----------------------------------------------------------------------------------


def confer_title(
    dossier: models.Model,
    *,
    holder_name: str,
    tier_label: str,
    approval_document_no: str,
    approval_date: dt.date,
) -> Title:
    """Create the Title, its certificate and its periodic-review schedule for an awarded dossier.

    Runs inside the award transition's transaction (its `after` hook); the certificate PDF
    is rendered after commit. Validity follows the edition (validity_years from approval).
    """
    from django.contrib.contenttypes.models import ContentType

    edition = dossier.edition
    rules = rules_for(edition)
    title = Title.objects.create(
        content_type=ContentType.objects.get_for_model(dossier, for_concrete_model=True),
        object_id=dossier.pk,
        organization=dossier.organization,
        edition=edition,
        holder_name=holder_name or dossier.organization.name,
        tier=getattr(dossier, "tier", "") or "",
        tier_label=tier_label,
        approval_document_no=approval_document_no,
        approval_date=approval_date,
        valid_from=approval_date,
        valid_until=add_years(approval_date, edition.validity_years) - dt.timedelta(days=1),
    )
    certificate = Certificate.objects.create(
        title=title, serial_no=f"{rules.certificate_prefix}{edition.year}-{title.pk:05d}", issued_on=approval_date
    )
    schedule_periodic_reviews(title, rules)
    render_certificate_after_commit(certificate.pk)
    return title


# Certificates conferred in one transaction (a whole notice's winners) are rendered after commit in
# batches of CERTIFICATE_BATCH_SIZE, one worker task per batch (docs/performance.md, "Certificates").
_pending_certificates = threading.local()


def render_certificate_after_commit(certificate_id: int) -> None:
    """Queue `certificate_id` for rendering once the transaction commits, batched with its neighbours."""
    pending = getattr(_pending_certificates, "ids", None)
    if pending is None:
        pending = _pending_certificates.ids = []
    pending.append(certificate_id)
    # One callback per certificate; the first to run sends every pending id, the others find none.
    # Ids from a rolled-back transaction ride along with the next commit and are skipped by the task.
    transaction.on_commit(_send_pending_certificates)


def _send_pending_certificates() -> None:
    from workflows.background import dispatch

    from .tasks import render_certificate_batch

    ids, _pending_certificates.ids = getattr(_pending_certificates, "ids", None) or [], []
    size = max(1, settings.CERTIFICATE_BATCH_SIZE)
    for start in range(0, len(ids), size):
        dispatch(render_certificate_batch, ids[start : start + size])


def schedule_periodic_reviews(title: Title, rules: TitleRules) -> list[PeriodicReview]:
    if not rules.review_interval_months:
        return []
    reviews = []
    step = 1
    due = add_months(title.valid_from, rules.review_interval_months)
    while due <= title.valid_until:
        reviews.append(PeriodicReview(title=title, due_on=due))
        step += 1
        due = add_months(title.valid_from, rules.review_interval_months * step)
    return PeriodicReview.objects.bulk_create(reviews)


# --- periodic review ----------------------------------------------------------------------------


def start_periodic_review(review: PeriodicReview, *, actor) -> PeriodicReview:
    """Put the title under periodic review. Secretariat only; raises TransitionNotAllowed."""

    def mark_started(_title, _log):
        PeriodicReview.objects.filter(pk=review.pk).update(started_at=timezone.now())

    perform_transition(review.title, "start_periodic_review", actor=actor, reason="复评", after=mark_started)
    review.refresh_from_db()
    return review


REVIEW_TRANSITIONS = {
    PeriodicReview.Outcome.PASSED: "pass_periodic_review",
    PeriodicReview.Outcome.ADMONISHED: "admonish",
    PeriodicReview.Outcome.RECTIFICATION: "require_rectification",
}


def conclude_periodic_review(review: PeriodicReview, *, outcome: str, memo: str, actor) -> PeriodicReview:
    """Record the review's conclusion: passed, admonished (约谈) or rectification with a deadline.

    A failed review that warrants revocation goes through revoke_title (trigger failed_review).
    Raises ReviewNotStarted, NotPermitted, TransitionNotAllowed.
    """
    if review.started_at is None or review.concluded_at is not None:
        raise ReviewNotStarted()

    def record(title, _log):
        deadline = None
        if outcome == PeriodicReview.Outcome.RECTIFICATION:
            days = rules_for(title.edition).rectification_working_days
            deadline = end_of_day(add_working_days(local_today(), days, start_day_counts=False))
        PeriodicReview.objects.filter(pk=review.pk).update(
            outcome=outcome, memo=memo, concluded_at=timezone.now(), rectification_deadline=deadline
        )

    perform_transition(review.title, REVIEW_TRANSITIONS[outcome], actor=actor, reason=memo, after=record)
    review.refresh_from_db()
    return review


def restore_title(title: Title, *, actor, memo: str) -> Title:
    """An admonished or rectifying holder is back in good standing."""
    locked, _log = perform_transition(title, "restore", actor=actor, reason=memo)
    return locked


# --- revocation -----------------------------------------------------------------------------------


def ban_organization(
    *, organization, edition, reason: str, source: models.Model, actor, starts_on=None, fraud: bool = False
):
    """Write the ban-registry entry the edition's ban rule calls for (or none); a fraud finding bars
    every program for that period (docs/bans.md). The ban counts from the decision (`starts_on`)."""
    return record_edition_ban(
        all_programs=fraud,
        organization=organization,
        edition=edition,
        reason=reason,
        starts_on=starts_on or local_today(),
        source=source,
        source_note=str(source),
        recorded_by=actor,
    )


def revoke_title(
    title: Title,
    *,
    trigger: str,
    reason: str,
    authority: str,
    document_no: str,
    decided_on: dt.date,
    actor,
) -> Revocation:
    """Revoke a title: record the decision, open recovery tasks, ban per the edition's rule.

    The certificate reads as revoked from then on (its status follows the title); the
    revocation notice page is published after commit. Secretariat only.
    Raises NotPermitted, TransitionNotAllowed (already revoked or expired).
    """
    created = {}

    def record(locked: Title, _log):
        revocation = Revocation.objects.create(
            title=locked,
            trigger=trigger,
            reason=reason,
            authority=authority,
            document_no=document_no,
            decided_on=decided_on,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        rules = rules_for(locked.edition)
        tasks = [RecoveryTask(revocation=revocation, kind=RecoveryTask.Kind.CERTIFICATE)]
        if rules.has_plaque:
            tasks.append(RecoveryTask(revocation=revocation, kind=RecoveryTask.Kind.PLAQUE))
        if rules.prize_money:
            tasks.append(
                RecoveryTask(revocation=revocation, kind=RecoveryTask.Kind.PRIZE_MONEY, amount=rules.prize_money)
            )
        RecoveryTask.objects.bulk_create(tasks)
        revocation.ban = ban_organization(
            organization=locked.organization,
            edition=locked.edition,
            reason=f"称号被撤销（{revocation.get_trigger_display()}，{document_no}）：{reason}",
            source=revocation,
            actor=actor,
            starts_on=decided_on,
            fraud=trigger == Revocation.Trigger.FRAUD,
        )
        revocation.save(update_fields=["ban"])
        created["revocation"] = revocation
        _follow_title(locked, "revoked", actor=actor, reason=f"称号撤销 {document_no}：{reason}", detail=revocation)
        from .tasks import publish_revocation_notice

        transaction.on_commit(lambda: publish_revocation_notice.delay(revocation.pk))

    perform_transition(
        title,
        "revoke",
        actor=actor,
        reason=f"{authority} {document_no}：{reason}",
        attachments=[document_no],
        after=record,
    )
    return created["revocation"]


def complete_recovery_task(task: RecoveryTask, *, actor, note: str = "") -> RecoveryTask:
    with transaction.atomic():
        locked = RecoveryTask.objects.select_for_update().get(pk=task.pk)
        if locked.completed_at is not None:
            raise RecoveryAlreadyDone()
        locked.completed_at = timezone.now()
        locked.completed_by = actor
        locked.note = note
        locked.save(update_fields=["completed_at", "completed_by", "note"])
    return locked


# --- extension ---------------------------------------------------------------------------------


def extend_title(title: Title, *, until: dt.date, actor, reason: str) -> Title:
    """Move a live title's end of validity to `until` (e.g. a demonstration zone renewed after its
    expiry review), schedule the periodic reviews the longer validity needs, and log the decision.

    The state does not change, so the log row is a same-state entry ("extend_validity") in the
    title's audit chain. Secretariat only. Raises NotPermitted, TransitionNotAllowed (revoked or
    expired title), WorkflowError (the new end is not later than the current one).
    """
    if not is_secretariat(title, actor):
        raise NotPermitted()
    with transaction.atomic():
        locked = Title.objects.select_for_update().get(pk=title.pk)
        if locked.state not in LIVE_STATES:
            raise TransitionNotAllowed(gettext("该称号已撤销或期满，不能延长。"))
        if until <= locked.valid_until:
            raise WorkflowError(gettext("新的有效期须晚于原有效期。"))
        previous = locked.valid_until
        Title.objects.filter(pk=locked.pk).update(valid_until=until)
        locked.valid_until = until
        rules = rules_for(locked.edition)
        if rules.review_interval_months:
            existing = set(locked.periodic_reviews.values_list("due_on", flat=True))
            reviews, step = [], 1
            due = add_months(locked.valid_from, rules.review_interval_months)
            while due <= until:
                if due > previous and due not in existing:
                    reviews.append(PeriodicReview(title=locked, due_on=due))
                step += 1
                due = add_months(locked.valid_from, rules.review_interval_months * step)
            PeriodicReview.objects.bulk_create(reviews)
        append_transition_log(
            locked,
            transition=log_actions.EXTEND_VALIDITY,
            from_state=locked.state,
            to_state=locked.state,
            actor=actor,
            reason=f"有效期由 {previous:%Y-%m-%d} 延至 {until:%Y-%m-%d} (validity extended)：{reason}",
        )
        _follow_title(locked, "renewed", actor=actor, reason=reason, detail=until)
    title.refresh_from_db()
    return locked


# --- expiry ------------------------------------------------------------------------------------


def expire_title(title: Title, *, actor=None, reason: str = "有效期届满") -> Title:
    """End an active title's validity and move its dossier to the program's expired state, in one
    transaction. Used by the daily job and by a program whose own desk ends the dossier's term."""

    def follow(locked: Title, _log) -> None:
        _follow_title(locked, "expired", actor=actor, reason=reason)

    locked, _log = perform_transition(title, "expire", actor=actor, check_permission=False, reason=reason, after=follow)
    return locked


def expire_due_titles(today: dt.date | None = None) -> int:
    """Move every active title whose validity has ended to expired (scheduled daily).

    A holder whose renewal is being decided (its program's `defers_title_expiry` states, e.g. a zone
    in its expiry review) keeps the title until the decision: renewal extends it, and once the
    review ends without renewal the next run expires it.
    """
    today = today or local_today()
    due = (
        Title.objects.filter(state=TitleState.ACTIVE, valid_until__lt=today)
        .only("pk", "state", "content_type", "object_id")
        .prefetch_related("dossier")
    )
    count = 0
    for title in due:
        dossier = title.dossier
        program = programs.program_for(dossier) if dossier is not None else None
        if program is not None and dossier.state in program.states.defers_title_expiry:
            continue
        expire_title(title)
        count += 1
    return count
