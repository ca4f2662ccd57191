"""Releasing an edition's feedback reports to its applicants: one logged action by the secretariat."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from workflows.models import Edition
from workflows.services import append_transition_log

from ..exceptions import ReviewError
from ..models import FeedbackRelease
from ._common import _require_staff


class AlreadyReleased(ReviewError):
    default_message = gettext_lazy("本届次的反馈报告已经发布。")


def release_feedback(edition: Edition, *, actor) -> FeedbackRelease:
    """From now on each applicant of the edition whose report is due may download it (feedback.py)."""
    _require_staff(actor)
    try:
        with transaction.atomic():
            release = FeedbackRelease.objects.create(edition=edition, released_by=actor)
            append_transition_log(
                edition,
                transition="review.feedback.release",
                from_state="held",
                to_state="released",
                actor=actor,
                reason=f"edition={edition.pk}",
            )
    except IntegrityError:
        raise AlreadyReleased() from None
    return release
