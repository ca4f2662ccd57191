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
