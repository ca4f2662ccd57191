"""Expert scorecards: opening rules, drafts, submission, deviations from the median, amendments, finalising."""

from __future__ import annotations

import statistics
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from workflows import permissions as can
from workflows.exceptions import ConflictOfInterest, NotPermitted
from workflows.models import Criterion

from ..exceptions import DeviationReasonRequired, IncompleteScorecard, ReviewError, ScoreSealed
from ..models import (
    AmendmentRequest,
    Assignment,
    ConflictDeclaration,
    ItemScore,
    Panel,
    Scorecard,
    validate_percentage,
)
from ._common import _require_staff, review_settings_for
from .conflicts import conflicts_between


def scoring_items(panel: Panel) -> list[Criterion]:
    return list(
        Criterion.objects.filter(framework_id=panel.scoring_framework_id, parent__isnull=False)
        .select_related("parent")
        .order_by("order")
    )


def ensure_may_open(assignment: Assignment, user) -> None:
    """Raise unless `user` is this assignment's expert, it is active, declared clean, with no conflict."""
    if not can.is_assigned_expert(assignment, user):
        raise NotPermitted()
    if assignment.status != Assignment.Status.ACTIVE:
        raise ConflictOfInterest()
    if conflicts_between(user, assignment.dossier):
        raise ConflictOfInterest()
    if not ConflictDeclaration.objects.filter(
        expert_id=user.pk,
        content_type_id=assignment.content_type_id,
        object_id=assignment.object_id,
        has_conflict=False,
    ).exists():
        raise ConflictOfInterest(gettext("请先作出回避声明。"))


def _current_scorecard(assignment: Assignment, *, lock: bool = False) -> Scorecard:
    qs = Scorecard.objects.filter(assignment=assignment, is_current=True)
    if lock:
        qs = qs.select_for_update()
    card = qs.first()
    if card is None:
        card = Scorecard.objects.create(
            assignment=assignment,
            panel_id=assignment.panel_id,
            expert_id=assignment.expert_id,
            content_type_id=assignment.content_type_id,
            object_id=assignment.object_id,
        )
    return card


def _write_items(card: Scorecard, criteria: dict[int, Criterion], items: dict) -> None:
    for criterion_id, data in items.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ReviewError(gettext("评分条款不属于本评审组的评价准则。"))
        percentage = data.get("percentage")
        if percentage in (None, ""):
            ItemScore.objects.filter(scorecard=card, criterion=criterion).delete()
            continue
        try:
            percentage = int(percentage)
            validate_percentage(percentage)
        except (TypeError, ValueError, ValidationError):
            raise ReviewError(gettext("得分率须为0–100之间5的倍数。"))
        ItemScore.objects.update_or_create(
            scorecard=card,
            criterion=criterion,
            defaults={
                "percentage": percentage,
                "points": Decimal(percentage * criterion.max_points) / Decimal(100),
                "strengths": (data.get("strengths") or "").strip(),
                "opportunities": (data.get("opportunities") or "").strip(),
                "deviation_reason": (data.get("deviation_reason") or "").strip(),
            },
        )


def save_scorecard(assignment: Assignment, *, items: dict, actor, overall_comment: str = "") -> Scorecard:
    """Save a draft. Raises ScoreSealed once submitted, ConflictOfInterest when barred."""
    ensure_may_open(assignment, actor)
    with transaction.atomic():
        card = _current_scorecard(assignment, lock=True)
        if card.is_sealed:
            raise ScoreSealed()
        _write_items(card, {c.pk: c for c in scoring_items(assignment.panel)}, items)
        card.overall_comment = (overall_comment or "").strip()
        card.save(update_fields=["overall_comment"])
    return card


def _panel_item_medians(assignment: Assignment, including: dict[int, int]) -> dict[int, float]:
    """Median percentage per item over the other experts' submitted scores plus this expert's."""
    values: dict[int, list[int]] = defaultdict(list)
    for criterion_id, percentage in (
        ItemScore.objects.filter(
            scorecard__panel_id=assignment.panel_id,
            scorecard__content_type_id=assignment.content_type_id,
            scorecard__object_id=assignment.object_id,
            scorecard__is_current=True,
            scorecard__status=Scorecard.Status.SUBMITTED,
        )
        .exclude(scorecard__assignment=assignment)
        .values_list("criterion_id", "percentage")
    ):
        values[criterion_id].append(percentage)
    for criterion_id, percentage in including.items():
        values[criterion_id].append(percentage)
    return {cid: statistics.median(v) for cid, v in values.items() if len(v) >= 2}


def deviations_of(card: Scorecard) -> list[int]:
    """Criterion ids whose score is further from the panel median than the edition allows."""
    limit = review_settings_for(card.panel.edition).deviation_limit
    own = dict(card.items.values_list("criterion_id", "percentage"))
    medians = _panel_item_medians(card.assignment, own)
    return [cid for cid, pct in own.items() if cid in medians and abs(pct - medians[cid]) > limit]


def submit_scorecard(assignment: Assignment, *, items: dict, actor, overall_comment: str = "") -> Scorecard:
    """Save and seal. Every item must be scored; deviating items need a reason.

    Raises IncompleteScorecard, DeviationReasonRequired (the draft is kept), ScoreSealed.
    """
    card = save_scorecard(assignment, items=items, actor=actor, overall_comment=overall_comment)
    criteria = scoring_items(assignment.panel)
    scored = dict(card.items.values_list("criterion_id", "deviation_reason"))
    if any(c.pk not in scored for c in criteria):
        raise IncompleteScorecard()
    missing = [cid for cid in deviations_of(card) if not scored[cid]]
    if missing:
        raise DeviationReasonRequired(missing)
    with transaction.atomic():
        updated = Scorecard.objects.filter(pk=card.pk, status=Scorecard.Status.DRAFT).update(
            status=Scorecard.Status.SUBMITTED, submitted_at=timezone.now()
        )
        if not updated:
            raise ScoreSealed()
    card.refresh_from_db()
    return card


def justify_deviation(card: Scorecard, *, criterion_id: int, reason: str, actor) -> None:
    """Add a deviation reason to a sealed scorecard (flagged after later experts submitted)."""
    if not can.is_assigned_expert(card, actor):
        raise NotPermitted()
    if not (reason or "").strip():
        raise ReviewError(gettext("请填写偏离理由。"))
    ItemScore.objects.filter(scorecard=card, criterion_id=criterion_id).update(deviation_reason=reason.strip())


def request_amendment(card: Scorecard, *, reason: str, actor) -> AmendmentRequest:
    if not can.is_assigned_expert(card, actor):
        raise NotPermitted()
    if card.status != Scorecard.Status.SUBMITTED:
        raise ReviewError(gettext("只有已提交的评分需要申请修改。"))
    if not (reason or "").strip():
        raise ReviewError(gettext("请说明修改理由。"))
    if card.amendment_requests.filter(status=AmendmentRequest.Status.PENDING).exists():
        raise ReviewError(gettext("已有待审批的修改申请。"))
    return AmendmentRequest.objects.create(scorecard=card, reason=reason.strip())


def decide_amendment(request: AmendmentRequest, *, approve: bool, note: str, actor) -> Scorecard | None:
    """Staff approve or reject. Approval supersedes the sealed version and opens a new draft copy."""
    _require_staff(actor)
    with transaction.atomic():
        request = AmendmentRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != AmendmentRequest.Status.PENDING:
            raise ReviewError(gettext("该申请已处理。"))
        request.status = AmendmentRequest.Status.APPROVED if approve else AmendmentRequest.Status.REJECTED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_note = note or ""
        request.save()
        if not approve:
            return None
        old = Scorecard.objects.select_for_update().get(pk=request.scorecard_id)
        Scorecard.objects.filter(pk=old.pk).update(status=Scorecard.Status.SUPERSEDED, is_current=False)
        new = Scorecard.objects.create(
            assignment_id=old.assignment_id,
            panel_id=old.panel_id,
            expert_id=old.expert_id,
            content_type_id=old.content_type_id,
            object_id=old.object_id,
            version=old.version + 1,
            overall_comment=old.overall_comment,
        )
        ItemScore.objects.bulk_create(
            [
                ItemScore(
                    scorecard=new,
                    criterion_id=item.criterion_id,
                    percentage=item.percentage,
                    points=item.points,
                    strengths=item.strengths,
                    opportunities=item.opportunities,
                    deviation_reason=item.deviation_reason,
                )
                for item in old.items.all()
            ]
        )
        return new


def finalize_panel(panel: Panel, *, actor) -> Panel:
    """Mark the panel's scores final: all active assignments submitted, all deviations justified."""
    _require_staff(actor)
    open_count = (
        panel.assignments.filter(status=Assignment.Status.ACTIVE)
        .exclude(scorecards__is_current=True, scorecards__status=Scorecard.Status.SUBMITTED)
        .count()
    )
    if open_count:
        raise ReviewError(gettext("仍有%(open_count)s份评分未提交。") % {"open_count": open_count})
    for card in Scorecard.objects.filter(panel=panel, is_current=True).select_related("assignment", "panel__edition"):
        reasons = dict(card.items.values_list("criterion_id", "deviation_reason"))
        if any(not reasons[cid] for cid in deviations_of(card)):
            raise ReviewError(gettext("仍有偏离中位数的评分未说明理由。"))
    panel.finalized_at = timezone.now()
    panel.save(update_fields=["finalized_at"])
    return panel
