"""Send an email per recipient and record it; an event is sent to a recipient at most once.

Call `send_notifications` from a Celery task scheduled with transaction.on_commit. The
(event_key, email) unique constraint makes a retried or duplicated task a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import Notification


@dataclass(frozen=True)
class Recipient:
    email: str
    user_id: int | None = None


def send_notifications(
    *, subject: models.Model, event_key: str, recipients: Iterable[Recipient], title: str, body: str
) -> list[Notification]:
    """Email each recipient once for `event_key`; returns the rows sent now (skips earlier sends)."""
    ct = ContentType.objects.get_for_model(subject, for_concrete_model=True)
    sent: list[Notification] = []
    seen: set[str] = set()
    for recipient in recipients:
        email = (recipient.email or "").strip().lower()
        if not email or email in seen:
            continue
        seen.add(email)
        try:
            with transaction.atomic():
                row = Notification.objects.create(
                    subject_type=ct,
                    subject_id=str(subject.pk),
                    event_key=event_key,
                    recipient_id=recipient.user_id,
                    email=email,
                    title=title,
                    body=body,
                )
        except IntegrityError:
            continue  # already recorded for this event: never send twice
        try:
            send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [email])
        except Exception as exc:  # keep the record; the failure is visible to staff
            row.status = Notification.Status.FAILED
            row.error = str(exc)[:2000]
            row.save(update_fields=["status", "error"])
            continue
        row.status = Notification.Status.SENT
        row.sent_at = timezone.now()
        row.save(update_fields=["status", "sent_at"])
        sent.append(row)
    return sent
