"""Releasing an edition's feedback reports to its applicants: one logged action by the secretariat."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from workflows import log_actions
from workflows.models import Edition
from workflows.services import append_transition_log

from ..exceptions import ReviewError
from ..models import FeedbackRelease
from ._common import _require_staff


class AlreadyReleased(ReviewError):
    default_message = gettext_lazy("本届次的反馈报告已经发布。")


def release_feedback(edition: Edition, *, actor) -> FeedbackRelease:
    """From now on each applicant of the edition whose report is due may download it (feedback.py).

    Secretariat only (NotPermitted); once per edition (AlreadyReleased). After commit every applicant
    whose report is available now gets one email with the download link (send_feedback_emails).
    """
    _require_staff(actor)
    try:
        with transaction.atomic():
            release = FeedbackRelease.objects.create(edition=edition, released_by=actor)
            append_transition_log(
                edition,
                transition=log_actions.RELEASE_FEEDBACK,
                from_state="held",
                to_state="released",
                actor=actor,
                reason=f"edition={edition.pk}",
            )
            transaction.on_commit(lambda: send_feedback_emails(edition.pk))
    except IntegrityError:
        raise AlreadyReleased() from None
    return release


def send_feedback_emails(edition_id: int) -> int:
    """Email each applicant whose report of the edition is available now: one email per dossier and member.

    The event key "review.feedback:<content type>:<dossier>" makes a retry, or a second call, send
    nothing twice. Recipients are the active members of the dossier's organisation. Returns the sends.
    """
    from django.conf import settings
    from django.urls import reverse
    from django.utils.translation import gettext

    from accounts.models import User
    from workflows.notifications.services import Recipient, send_notifications

    from .. import feedback

    edition = Edition.objects.select_related("program").get(pk=edition_id)
    sent = 0
    for row in feedback.edition_dossiers(edition):
        dossier = row.dossier
        if not feedback.available_to_applicant(dossier):
            continue
        organization = dossier.organization
        members = User.objects.filter(memberships__organization=organization, is_active=True).exclude(email="")
        link = settings.SITE_URL + reverse("review:feedback_report", args=[row.content_type_id, row.object_id])
        body = gettext(
            "%(name)s：\n\n%(edition)s的评审反馈报告已经发布，报告列出各类目的评分档次和评审组归纳的优势与改进机会。"
            "请登录后下载："
        ) % {"name": organization.name, "edition": edition.title}
        sent += len(
            send_notifications(
                subject=dossier,
                event_key=f"review.feedback:{row.content_type_id}:{row.object_id}",
                recipients=[Recipient(u.email, u.pk) for u in members],
                title=gettext("评审反馈报告已发布：%(edition)s") % {"edition": edition.title},
                body=f"{body}\n{link}\n",
            )
        )
    return sent
