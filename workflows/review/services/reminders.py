"""Deadline reminders to experts with unsubmitted scorecards."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from workflows import log_actions

from ..models import (
    Assignment,
    Panel,
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


@dataclass
class ReminderOutcome:
    """What a bulk "send reminders" did: (panel, expert, open dossiers) reminded now, and for each
    panel or expert not reminded, why (in the page's language)."""

    reminded: list[tuple[Panel, Any, int]] = field(default_factory=list)
    not_reminded: list[tuple[Panel, Any, str]] = field(default_factory=list)  # expert None: the whole panel


def remind_panels(
    panel_ids: list[int], *, actor, now: dt.datetime | None = None, expert_ids: list[int] | None = None
) -> ReminderOutcome:
    """The secretariat reminds, in one action, every expert of the chosen panels whose scores are not
    all submitted (before the deadline or overdue); with `expert_ids`, only those experts of the
    panels (picked one by one on the panel page), each picked expert with nothing open reported why.

    Each (panel, expert) is its own transaction: the members of one panel are locked, an expert who
    was already reminded today (by hand or by the scheduled reminder, Assignment.last_reminded_at)
    is skipped with that reason, otherwise a "review.remind" row goes on the panel's audit chain and
    the email is sent after commit through workflows.notifications with the event key
    "review.reminder.manual:<panel>:<expert>:<day>" (one per expert, panel and Beijing day: a
    second click, a retried request or two staff at once send one email). A finalised panel, a
    panel whose experts all submitted and an expert without an email address are reported, not
    errors. Raises NotPermitted for anyone but the secretariat.
    """
    from django.db import transaction

    from workflows.services import append_transition_log

    from ..models import PanelMember
    from ._common import _require_staff

    _require_staff(actor)
    now = now or timezone.now()
    today = timezone.localdate(now)
    outcome = ReminderOutcome()
    for panel in Panel.objects.filter(pk__in=panel_ids).select_related("edition").order_by("name", "pk"):
        if panel.finalized_at is not None:
            outcome.not_reminded.append((panel, None, gettext("评审组已确定结果，无需提醒。")))
            continue
        pending = _unsubmitted_by_expert(panel)
        if expert_ids is not None:
            for member in (
                panel.members.filter(expert_id__in=expert_ids).exclude(expert_id__in=pending).select_related("expert")
            ):
                outcome.not_reminded.append((panel, member.expert, _nothing_open_reason(member)))
            pending = {expert_id: ids for expert_id, ids in pending.items() if expert_id in set(expert_ids)}
        elif not pending:
            outcome.not_reminded.append((panel, None, gettext("本组专家的评审均已提交，无需提醒。")))
            continue
        for expert_id, assignment_ids in pending.items():
            with transaction.atomic():
                member = (
                    PanelMember.objects.select_for_update()
                    .select_related("expert")
                    .get(panel=panel, expert_id=expert_id)
                )
                expert = member.expert
                assignments = list(Assignment.objects.filter(pk__in=assignment_ids).order_by("pk"))
                if not expert.email:
                    outcome.not_reminded.append((panel, expert, gettext("该专家未登记电子邮箱，请电话联系。")))
                    continue
                if any(a.last_reminded_at and timezone.localdate(a.last_reminded_at) == today for a in assignments):
                    outcome.not_reminded.append((panel, expert, gettext("今天已提醒过该专家，每天最多提醒一次。")))
                    continue
                Assignment.objects.filter(pk__in=assignment_ids).update(last_reminded_at=now)
                append_transition_log(
                    panel,
                    transition=log_actions.REMIND,
                    from_state=str(expert.pk),
                    to_state="reminded",
                    actor=actor,
                    reason=f"{len(assignments)} unsubmitted; deadline {panel.deadline.isoformat()}",
                )
                transaction.on_commit(
                    lambda panel=panel, expert=expert, assignments=assignments: _send_manual_reminder(
                        panel, expert, assignments, today, now
                    )
                )
            outcome.reminded.append((panel, expert, len(assignments)))
    return outcome


def _nothing_open_reason(member) -> str:
    """Why a picked panel member gets no reminder: no longer on the panel, or nothing left to submit."""
    from ..models import PanelMember

    if member.status != PanelMember.Status.ACTIVE:
        return gettext("该专家已不在本组（%(status)s），无需提醒。") % {"status": member.get_status_display()}
    return gettext("该专家的评审均已提交，无需提醒。")


def _unsubmitted_by_expert(panel) -> dict[int, list[int]]:
    """{expert id: ids of their active assignments in `panel` without a submitted current scorecard},
    active members only."""
    from ..models import PanelMember

    active = PanelMember.objects.filter(panel=panel, status=PanelMember.Status.ACTIVE).values("expert_id")
    pending: dict[int, list[int]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(panel=panel, status=Assignment.Status.ACTIVE, expert_id__in=active)
        .exclude(scorecards__is_current=True, scorecards__status=Scorecard.Status.SUBMITTED)
        .order_by("expert_id", "pk")
        .values_list("expert_id", "pk")
    )
    for expert_id, pk in rows:
        pending[expert_id].append(pk)
    return dict(pending)


def _send_manual_reminder(panel, expert, assignments, day: dt.date, now: dt.datetime) -> int:
    from django.conf import settings
    from django.urls import reverse

    from workflows.notifications.services import Recipient, send_notifications

    codes = "、".join(a.code for a in assignments)
    deadline = timezone.localtime(panel.deadline).strftime("%Y-%m-%d %H:%M")
    if panel.deadline < now:
        body = gettext(
            "您在“%(panel)s”中尚有%(assignments)s份评审未提交（%(codes)s），已超过截止时间 %(deadline)s，请尽快提交。"
        )
    else:
        body = gettext("您在“%(panel)s”中尚有%(assignments)s份评审未提交（%(codes)s），截止时间 %(deadline)s。")
    body = body % {"panel": panel, "assignments": len(assignments), "codes": codes, "deadline": deadline}
    rows = send_notifications(
        subject=panel,
        event_key=f"review.reminder.manual:{panel.pk}:{expert.pk}:{day.isoformat()}",
        recipients=[Recipient(email=expert.email, user_id=expert.pk)],
        title=gettext("评审提醒"),
        body=body + f"\n\n{settings.SITE_URL}{reverse('review:queue')}\n",
    )
    return len(rows)
