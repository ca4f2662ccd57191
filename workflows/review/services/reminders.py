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
from ._common import review_settings_for


def due_offset(offsets: list[int], remaining: dt.timedelta) -> int | None:
    """The reminder offset (days before the deadline) that is due now: the smallest one reached.

    With offsets 7,3,1 and 2½ days left, "3" is due (a panel created late sends one reminder, not
    three at once); None before the largest offset is reached.
    """
    reached = [days for days in offsets if remaining <= dt.timedelta(days=days)]
    return min(reached) if reached else None


def remind_unsubmitted(*, now: dt.datetime | None = None) -> int:
    """Remind each panel member with unsubmitted active dossiers at the stage's reminder offsets.

    The offsets (days before the panel deadline, e.g. 7,3,1) come from the edition's review
    settings, overridden per stage (ReviewSettings.reminder_offsets_for). One email per panel member
    and offset reached (listing the dossiers still open): the reminder goes through
    workflows.notifications with the event key "review.reminder:<panel>:<expert>:<offset>d", whose
    unique constraint makes a second run, a retried task or a second worker a no-op. Members who
    submitted everything get nothing. Returns the number of emails sent now. Called by the Celery
    beat task send_review_reminders.
    """
    from workflows.notifications.services import Recipient, send_notifications

    now = now or timezone.now()
    pending = (
        Assignment.objects.filter(
            status=Assignment.Status.ACTIVE, panel__finalized_at__isnull=True, panel__deadline__gt=now
        )
        .exclude(scorecards__is_current=True, scorecards__status=Scorecard.Status.SUBMITTED)
        .select_related("panel__edition", "expert")
        .order_by("panel_id", "expert_id", "id")
    )
    due: dict[tuple[int, int, int], list[Assignment]] = defaultdict(list)
    offsets_of: dict[tuple[int, str], list[int]] = {}
    for assignment in pending:
        panel = assignment.panel
        key = (panel.edition_id, panel.stage)
        if key not in offsets_of:
            offsets_of[key] = review_settings_for(panel.edition).reminder_offsets_for(panel.stage)
        offset = due_offset(offsets_of[key], panel.deadline - now)
        if offset is not None:
            due[(assignment.panel_id, assignment.expert_id, offset)].append(assignment)
    sent = 0
    for (panel_id, expert_id, offset), assignments in due.items():
        panel, expert = assignments[0].panel, assignments[0].expert
        codes = "、".join(a.code for a in assignments)
        deadline = timezone.localtime(panel.deadline).strftime("%Y-%m-%d %H:%M")
        rows = send_notifications(
            subject=panel,
            event_key=f"review.reminder:{panel_id}:{expert_id}:{offset}d",
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
