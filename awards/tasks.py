"""After-commit side effects of award transitions (idempotent: safe to retry)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from accounts.models import RoleGrant, User, region_prefix
from accounts.roles import STAFF_ROLES, Role
from workflows.models import TransitionLog
from workflows.notifications.services import Recipient, send_notifications

from .models import PUBLIC_LABELS, AwardApplication, State
from .selectors import edition_settings

STAFF_ALERT_TRANSITIONS = {"submit", "resubmit"}


def _applicant_recipients(application: AwardApplication) -> list[Recipient]:
    users = User.objects.filter(memberships__organization=application.organization, is_active=True)
    return [Recipient(u.email, u.pk) for u in users if u.email]


def _staff_recipients(application: AwardApplication) -> list[Recipient]:
    region = application.organization.region_code
    recommenders: list[Recipient] = []
    for grant in RoleGrant.objects.filter(role=Role.RECOMMENDER, user__is_active=True).select_related("user"):
        if grant.user.email and region.startswith(region_prefix(grant.region_code)):
            recommenders.append(Recipient(grant.user.email, grant.user_id))
    secretariat = [
        Recipient(g.user.email, g.user_id)
        for g in RoleGrant.objects.filter(role__in=STAFF_ROLES, user__is_active=True).select_related("user")
        if g.user.email
    ]
    return recommenders + secretariat


@shared_task
def notify_transition(log_id: int) -> int:
    """Email the applicant about a change it can see, and staff about new submissions. Returns sends."""
    log = TransitionLog.objects.filter(pk=log_id).first()
    if log is None:
        return 0
    application = AwardApplication.objects.select_related("organization", "edition").filter(pk=log.object_id).first()
    if application is None:
        return 0
    url = settings.SITE_URL + reverse("awards:detail", args=[application.pk])
    sent = 0
    before, after = PUBLIC_LABELS.get(log.from_state), PUBLIC_LABELS.get(log.to_state)
    from workflows.review.release import is_held

    # Internal moves between review stages look the same to the applicant: no email for those; a
    # result not yet released gets none either (the release sends it: workflows/review/services/release.py).
    if str(before) != str(after) and not is_held(log):
        body = gettext("%(name)s：\n\n您的申报（%(title)s）状态已更新为：%(after)s。\n") % {
            "name": application.organization.name,
            "title": application.edition.title,
            "after": after,
        }
        if log.to_state == State.RETURNED_FOR_CORRECTION and log.reason:
            body += gettext("\n补正事项：\n%(reason)s\n") % {"reason": log.reason}
        body += f"\n{url}\n"
        sent += len(
            send_notifications(
                subject=application,
                event_key=f"transition-log:{log.pk}:applicant",
                recipients=_applicant_recipients(application),
                title=gettext("申报状态更新：%(after)s") % {"after": after},
                body=body,
            )
        )
    if log.transition in STAFF_ALERT_TRANSITIONS and edition_settings(application.edition).notify_staff_on_submission:
        sent += len(
            send_notifications(
                subject=application,
                event_key=f"transition-log:{log.pk}:staff",
                recipients=_staff_recipients(application),
                title=gettext("新的申报：%(name)s") % {"name": application.organization.name},
                body=f"{application.organization.name} 已提交 {application.edition.title} 申报。\n{url}\n",
            )
        )
    return sent


@shared_task
def expire_overdue_corrections() -> int:
    from .services import expire_overdue_corrections as expire

    return len(expire())
