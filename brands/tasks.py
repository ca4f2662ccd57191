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
    """Email the creating body about a move the engine made (brands/program.py ENGINE_EMAILS); once per
    recipient and transition (workflows.notifications), so a retried task sends nothing twice."""
    from workflows.models import TransitionLog
    from workflows.notifications.services import Recipient, send_notifications

    from .models import Zone
    from .program import ENGINE_EMAILS

    log = TransitionLog.objects.filter(pk=log_id).first()
    zone = Zone.objects.select_related("organization").filter(pk=log.object_id).first() if log else None
    if zone is None or log.transition not in ENGINE_EMAILS:
        return 0
    members = zone.organization.memberships.filter(user__is_active=True).values_list("user_id", "user__email")
    rows = send_notifications(
        subject=zone,
        event_key=f"transition-log:{log.pk}:creating-body",
        recipients=[Recipient(email, user_id) for user_id, email in members if email],
        title=f"[{zone.name}] {ENGINE_EMAILS[log.transition]}",
        body=f"{zone.name}：{zone.public_label}\n\n{log.reason}".strip(),
    )
    return len(rows)
