"""Deadline reminders to experts with unsubmitted scorecards."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext

from ..models import (
    Assignment,
    Scorecard,
)


def remind_unsubmitted(*, now: dt.datetime | None = None) -> int:
    """Remind each panel member with unsubmitted active dossiers once the panel deadline is near.

    One email per panel member (listing the dossiers still open), at most one per member, panel
    and local day: the reminder goes through workflows.notifications with the event key
    "review.reminder:<panel>:<expert>:<date>", whose unique constraint makes a second run the same
    day, a retried task or a second worker a no-op. Members who submitted everything get nothing.
    Returns the number of emails sent now. Called by the Celery beat task send_review_reminders.
    """
    from workflows.notifications.services import Recipient, send_notifications

    now = now or timezone.now()
    today = timezone.localdate(now)
    pending = (
        Assignment.objects.filter(
            status=Assignment.Status.ACTIVE, panel__finalized_at__isnull=True, panel__deadline__gt=now
        )
        .exclude(scorecards__is_current=True, scorecards__status=Scorecard.Status.SUBMITTED)
        .select_related("panel__edition__review_settings", "expert")
        .order_by("panel_id", "expert_id", "id")
    )
    due: dict[tuple[int, int], list[Assignment]] = defaultdict(list)
    for assignment in pending:
        settings_row = getattr(assignment.panel.edition, "review_settings", None)
        days = settings_row.reminder_days_before if settings_row else 2
        if assignment.panel.deadline - now <= dt.timedelta(days=days):
            due[(assignment.panel_id, assignment.expert_id)].append(assignment)
    sent = 0
    for (panel_id, expert_id), assignments in due.items():
        panel, expert = assignments[0].panel, assignments[0].expert
        codes = "、".join(a.code for a in assignments)
        deadline = timezone.localtime(panel.deadline).strftime("%Y-%m-%d %H:%M")
        rows = send_notifications(
            subject=panel,
            event_key=f"review.reminder:{panel_id}:{expert_id}:{today.isoformat()}",
            recipients=[Recipient(email=expert.email, user_id=expert_id)],
            title=gettext("评审提醒"),
            body=(
                gettext("您在“%(panel)s”中尚有%(assignments)s份评审未提交（%(codes)s），截止时间 %(deadline)s。")
                % {"panel": panel, "assignments": len(assignments), "codes": codes, "deadline": deadline}
            ),
        )
        if rows:
            Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(last_reminded_at=now)
            sent += len(rows)
    return sent
