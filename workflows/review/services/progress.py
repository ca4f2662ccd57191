"""Expert progress: the first opening of a dossier, escalation of overdue experts, replacing an expert.

    record_opened(assignment)                         the expert opened the dossier (first time kept)
    escalate_overdue(now=None)                        tell the secretariat once per overdue expert and panel
    replace_expert(panel, expert, reason=..., actor)  staff take an overdue or withdrawn expert off the
                                                      panel and draw a replacement (draws._replace: same
                                                      seed lineage, same conflict rules, logged)

Who is overdue is a read (workflows/review/progress_selectors.py), shared by the desk and escalate_overdue.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from workflows import log_actions
from workflows.services import append_transition_log

from ..exceptions import ReviewError
from ..models import Assignment, Panel, PanelMember, Scorecard
from ..progress_selectors import overdue_members
from ._common import _require_staff
from .draws import _replace


def record_opened(assignment: Assignment, *, now: dt.datetime | None = None) -> None:
    """Keep the first time the assignment's expert opened its dossier (the desk's "opened" column).

    Called by the dossier and scoring pages after their permission checks; a second opening changes nothing.
    """
    if assignment.opened_at is not None:
        return
    now = now or timezone.now()
    if Assignment.objects.filter(pk=assignment.pk, opened_at__isnull=True).update(opened_at=now):
        assignment.opened_at = now


def _secretariat_recipients():
    from accounts.models import RoleGrant
    from accounts.roles import STAFF_ROLES
    from workflows.notifications.services import Recipient

    grants = RoleGrant.objects.filter(role__in=STAFF_ROLES, user__is_active=True).select_related("user")
    return [Recipient(g.user.email, g.user_id) for g in grants if g.user.email]


def _send_escalation(member_id: int) -> int:
    from django.conf import settings
    from django.urls import reverse

    from workflows.notifications.services import send_notifications

    member = PanelMember.objects.select_related("panel", "expert").get(pk=member_id)
    panel = member.panel
    url = settings.SITE_URL + reverse("review:staff_panel", args=[panel.pk])
    deadline = timezone.localtime(panel.deadline).strftime("%Y-%m-%d %H:%M")
    rows = send_notifications(
        subject=panel,
        event_key=f"review.overdue:{panel.pk}:{member.expert_id}",
        recipients=_secretariat_recipients(),
        title=gettext("专家评审逾期：%(panel)s") % {"panel": panel.name},
        body=gettext("专家%(expert)s在“%(panel)s”中的评审已超过截止时间（%(deadline)s）仍未提交，请督促或替换。")
        % {"expert": member.expert, "panel": panel, "deadline": deadline}
        + f"\n\n{url}\n",
    )
    return len(rows)


def escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """Flag every overdue panel member once and email the secretariat about each after commit.

    Overdue: an active member of an unfinalised panel whose deadline has passed, with dossiers not
    submitted. The flag (PanelMember.escalated_at) shows on the review desk; the panel's audit chain
    gets a "review.escalate" row. Returns the number of members escalated now. Called hourly by the
    Celery beat task escalate_overdue_experts.
    """
    now = now or timezone.now()
    escalated = 0
    for member in overdue_members(now=now).filter(escalated_at__isnull=True):
        with transaction.atomic():
            if not PanelMember.objects.filter(pk=member.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue  # another worker got there first
            append_transition_log(
                member.panel,
                transition=log_actions.ESCALATE,
                from_state="",
                to_state="overdue",
                reason=f"expert {member.expert_id} overdue since {member.panel.deadline.isoformat()}",
            )
            transaction.on_commit(lambda member_id=member.pk: _send_escalation(member_id))
        escalated += 1
    return escalated


def replace_expert(panel: Panel, *, expert, reason: str, actor) -> int:
    """The secretariat takes an expert off a panel and draws one replacement for the unsubmitted dossiers.

    For an expert who is overdue or has withdrawn. The expert's unsubmitted assignments become
    "replaced" (their queue, dossier and scoring pages no longer open them); submitted scores stay.
    The replacement comes from draws._replace: candidates exclude every past member of the panel,
    the same conflict-of-interest and specialty rules apply, the seed continues the panel's first
    draw's seed, and the Draw plus a "review.replace" row are logged. Returns the new expert's id.
    Raises NotPermitted for non-staff, ReviewError when nothing is left to replace, NotEnoughExperts
    (nothing written) when the pool has nobody eligible.
    """
    _require_staff(actor)
    reason = (reason or "").strip()
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        member = PanelMember.objects.select_for_update().filter(panel=panel, expert=expert).first()
        if member is None or member.status != PanelMember.Status.ACTIVE:
            raise ReviewError(gettext("该专家已不在本组。"))
        open_assignments = list(
            panel.assignments.filter(expert=expert, status=Assignment.Status.ACTIVE)
            .exclude(scorecards__is_current=True, scorecards__status=Scorecard.Status.SUBMITTED)
            .select_related("content_type")
        )
        if not open_assignments:
            raise ReviewError(gettext("该专家的评审已全部提交，无需替换。"))
        member.status = PanelMember.Status.REPLACED
        member.save(update_fields=["status"])
        Assignment.objects.filter(pk__in=[a.pk for a in open_assignments]).update(status=Assignment.Status.REPLACED)
        if panel.leader_id == expert.pk:
            panel.leader = None
            panel.save(update_fields=["leader"])
        append_transition_log(
            panel,
            transition=log_actions.REPLACE_EXPERT,
            from_state=str(expert.pk),
            to_state="replaced",
            actor=actor,
            reason=reason,
        )
        return _replace(
            panel,
            [a.dossier for a in open_assignments],
            reason=f"replacement of {expert.pk}: {reason}".strip(),
            actor=actor,
        )
