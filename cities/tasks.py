"""Thin Celery tasks for cities: the email after each step and the daily creation-deadline check."""

from celery import shared_task


@shared_task
def notify_city_government(log_id: int) -> int:
    """Email the city government's members about one logged step; a retry sends nothing twice
    (workflows.notifications keys each email by the log row)."""
    from workflows.models import TransitionLog
    from workflows.notifications.services import Recipient, send_notifications
    from workflows.review.release import applicant_label

    from .models import City

    log = TransitionLog.objects.filter(pk=log_id).first()
    city = City.objects.select_related("organization").filter(pk=log.object_id).first() if log else None
    if city is None:
        return 0
    label = applicant_label(city)  # never a result still held (the engine sends it on release)
    members = city.organization.memberships.filter(user__is_active=True).values_list("user_id", "user__email")
    rows = send_notifications(
        subject=city,
        event_key=f"transition-log:{log.pk}:city-government",
        recipients=[Recipient(email, user_id) for user_id, email in members if email],
        title=f"[{city.name}] {label}",
        body=f"{city.name}：{label}\n\n{log.reason}".strip(),
    )
    return len(rows)


@shared_task
def fail_overdue_city_creations() -> list[int]:
    from .services import fail_overdue_creations

    return fail_overdue_creations()


@shared_task
def start_due_city_renewal_reviews() -> list[int]:
    """Named cities near the end of their demonstration period move to 期满复核 (cities/services.py)."""
    from .services import start_due_renewal_reviews

    return start_due_renewal_reviews()
