"""评审组长意见: the panel leader's summary of one dossier (opinion, strengths and opportunities per category).

The leader writes a draft (members of the panel may read it), then seals it: sealing is logged on the
audit chain and the summary never changes afterwards (PanelSummary.save refuses too). A sealed summary
is part of the dossier (staff case page) and feeds the applicant's feedback report (feedback.py).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from workflows import log_actions
from workflows import permissions as can
from workflows.exceptions import NotPermitted
from workflows.models import Criterion
from workflows.services import append_transition_log

from ..exceptions import ReviewError
from ..models import Panel, PanelDossier, PanelSummary, SummaryCategory
from ._common import dossier_key

TEXT_LIMIT = 4000


class SummarySealed(ReviewError):
    default_message = gettext_lazy("组长意见已封存，不能修改。")


class SummaryIncomplete(ReviewError):
    default_message = gettext_lazy("请填写评审组综合意见，并为每个类目填写优势或改进机会后再封存。")


def summary_categories(panel: Panel) -> list[Criterion]:
    """The rubric's categories (criteria without a parent) of the panel's framework, in order."""
    return list(
        Criterion.objects.filter(framework_id=panel.scoring_framework_id, parent__isnull=True).order_by("order", "id")
    )


def _require_leader(panel: Panel, actor) -> None:
    if not can.is_panel_leader(panel, actor):
        raise NotPermitted(gettext("只有评审组长可以撰写和封存组长意见。"))


def _require_on_panel(panel: Panel, dossier) -> tuple[int, int]:
    ct_id, object_id = dossier_key(dossier)
    if not PanelDossier.objects.filter(panel=panel, content_type_id=ct_id, object_id=object_id).exists():
        raise ReviewError(gettext("该申报材料不在本评审组。"))
    return ct_id, object_id


def _clean(text) -> str:
    text = (text or "").strip()
    if len(text) > TEXT_LIMIT:
        raise ReviewError(gettext("每项意见不超过%(n)d字。") % {"n": TEXT_LIMIT})
    return text


def _locked_summary(panel: Panel, ct_id: int, object_id: int) -> PanelSummary | None:
    return (
        PanelSummary.objects.select_for_update().filter(panel=panel, content_type_id=ct_id, object_id=object_id).first()
    )


def save_summary(panel: Panel, dossier, *, opinion: str, categories: dict, actor) -> PanelSummary:
    """Write the draft: `categories` is {category id: (strengths, opportunities)}. Refused once sealed."""
    _require_leader(panel, actor)
    ct_id, object_id = _require_on_panel(panel, dossier)
    known = {c.pk: c for c in summary_categories(panel)}
    rows = {}
    for category_id, (strengths, opportunities) in categories.items():
        category = known.get(int(category_id))
        if category is None:
            raise ReviewError(gettext("类目不属于本评审组的评价准则。"))
        rows[category.pk] = (_clean(strengths), _clean(opportunities))
    opinion = _clean(opinion)
    with transaction.atomic():
        summary = _locked_summary(panel, ct_id, object_id)
        if summary is None:
            summary = PanelSummary(panel=panel, content_type_id=ct_id, object_id=object_id, written_by=actor)
        elif summary.is_sealed:
            raise SummarySealed()
        summary.opinion = opinion
        summary.written_by = actor
        summary.updated_at = timezone.now()
        summary.save()
        for category_id, (strengths, opportunities) in rows.items():
            SummaryCategory.objects.update_or_create(
                summary=summary,
                category_id=category_id,
                defaults={"strengths": strengths, "opportunities": opportunities},
            )
    return summary


def seal_summary(panel: Panel, dossier, *, actor) -> PanelSummary:
    """Seal the draft: from now on it is read-only; the seal is a row on the audit chain."""
    _require_leader(panel, actor)
    ct_id, object_id = _require_on_panel(panel, dossier)
    with transaction.atomic():
        summary = _locked_summary(panel, ct_id, object_id)
        if summary is None:
            raise SummaryIncomplete()
        if summary.is_sealed:
            raise SummarySealed()
        filled = {
            row.category_id for row in summary.categories.all() if row.strengths.strip() or row.opportunities.strip()
        }
        if not summary.opinion.strip() or any(c.pk not in filled for c in summary_categories(panel)):
            raise SummaryIncomplete()
        summary.status = PanelSummary.Status.SEALED
        summary.sealed_by = actor
        summary.sealed_at = timezone.now()
        summary.save()
        append_transition_log(
            summary,
            transition=log_actions.SEAL_SUMMARY,
            from_state=PanelSummary.Status.DRAFT,
            to_state=PanelSummary.Status.SEALED,
            actor=actor,
            reason=f"panel={panel.pk} dossier={ct_id}:{object_id} categories={len(filled)}",
        )
    return summary
