"""The team leader's consensus score per item."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from workflows import permissions as can
from workflows.exceptions import NotPermitted

from ..exceptions import ReviewError
from ..models import (
    ConsensusItem,
    Panel,
    validate_percentage,
)
from ._common import dossier_key
from .scoring import scoring_items


def record_consensus(panel: Panel, dossier, *, items: dict, actor) -> None:
    """The team leader records the consensus percentage and rationale per item."""
    if not can.is_panel_leader_or_secretariat(panel, actor):
        raise NotPermitted(gettext("只有组长可以记录合议分。"))
    criteria = {c.pk: c for c in scoring_items(panel)}
    ct_id, object_id = dossier_key(dossier)
    with transaction.atomic():
        for criterion_id, (percentage, rationale) in items.items():
            criterion = criteria.get(int(criterion_id))
            if criterion is None:
                raise ReviewError(gettext("评分条款不属于本评审组的评价准则。"))
            try:
                percentage = int(percentage)
                validate_percentage(percentage)
            except (TypeError, ValueError, ValidationError):
                raise ReviewError(gettext("得分率须为0–100之间5的倍数。"))
            if not (rationale or "").strip():
                raise ReviewError(gettext("请填写合议理由。"))
            ConsensusItem.objects.update_or_create(
                panel=panel,
                content_type_id=ct_id,
                object_id=object_id,
                criterion=criterion,
                defaults={
                    "percentage": percentage,
                    "points": Decimal(percentage * criterion.max_points) / Decimal(100),
                    "rationale": rationale.strip(),
                    "recorded_by": actor,
                },
            )
