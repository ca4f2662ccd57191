"""Thin Celery tasks for zones: scheduled checks, emails and the delisting notice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task
def fail_overdue_zone_creations() -> list[int]:
    from .services import fail_overdue_creations

    return fail_overdue_creations()


@shared_task
def send_zone_reminders() -> int:
    from .services import send_due_reminders

    return send_due_reminders()


@shared_task
def email_creating_body(zone_id: int, subject: str, body: str) -> int:
    from .models import Zone

    zone = Zone.objects.select_related("organization").get(pk=zone_id)
    recipients = [email for email in zone.organization.memberships.values_list("user__email", flat=True) if email]
    if not recipients:
        return 0
    return send_mail(f"[{zone.name}] {subject}", body, settings.DEFAULT_FROM_EMAIL, recipients)


@shared_task
def notify_zone_transition(log_id: int) -> int:
    """Email the creating body about a move the engine made or the acceptance result (brands/program.py
    email_subject); once per recipient and transition (workflows.notifications), so a retried task sends
    nothing twice."""
    from django.utils.translation import gettext

    from workflows.models import TransitionLog
    from workflows.notifications.services import Recipient, send_notifications
    from workflows.review.release import applicant_label

    from .models import State, Zone
    from .program import email_subject

    log = TransitionLog.objects.filter(pk=log_id).first()
    zone = Zone.objects.select_related("organization").filter(pk=log.object_id).first() if log else None
    subject = email_subject(log) if zone is not None else ""
    if not subject:
        return 0
    members = zone.organization.memberships.filter(user__is_active=True).values_list("user_id", "user__email")
    body = f"{zone.name}：{applicant_label(zone)}"
    if log.from_state == State.EXPERT_ASSESSMENT and zone.final_score is not None:
        body += "\n\n" + gettext("验收得分：%(score)s") % {"score": zone.final_score}
    elif log.reason:
        body += f"\n\n{log.reason}"
    rows = send_notifications(
        subject=zone,
        event_key=f"transition-log:{log.pk}:creating-body",
        recipients=[Recipient(email, user_id) for user_id, email in members if email],
        title=f"[{zone.name}] {subject}",
        body=body,
    )
    return len(rows)
