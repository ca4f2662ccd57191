"""Reads of the leader's summary (评审组长意见): who may read it, the members' comments beside it, the dossier's sealed ones."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from .models import Assignment, ItemScore, Panel, PanelSummary, Scorecard, Stage
from .services import conflicts_between
from .services.summary import summary_categories


def summary_of(panel: Panel, content_type_id: int, object_id: int) -> PanelSummary | None:
    return (
        PanelSummary.objects.filter(panel=panel, content_type_id=content_type_id, object_id=object_id)
        .select_related("written_by", "sealed_by")
        .prefetch_related("categories")
        .first()
    )


def may_read_summary(assignment: Assignment, user) -> bool:
    """A member of the panel reads the draft and the sealed summary: their own active, unconflicted assignment."""
    return (
        user.pk == assignment.expert_id
        and assignment.status == Assignment.Status.ACTIVE
        and not conflicts_between(user, assignment.dossier)
    )


@dataclass
class CategoryRow:
    """One rubric category on the summary page: the leader's text and each member's comments on its items."""

    category: object
    strengths: str = ""
    opportunities: str = ""
    # [(member number, is the reader, [(criterion, strengths, opportunities)])]: members are numbered as on
    # the panel's score page (专家1, 专家2 … by submitted scorecard), never named.
    members: list = field(default_factory=list)


def _submitted(content_type_id: int, object_id: int) -> dict:
    """The current, submitted scorecards of one dossier (as filter arguments)."""
    return {
        "content_type_id": content_type_id,
        "object_id": object_id,
        "is_current": True,
        "status": Scorecard.Status.SUBMITTED,
    }


def category_rows(
    panel: Panel, summary: PanelSummary | None, content_type_id: int, object_id: int, *, reader_id: int
) -> list[CategoryRow]:
    """Every category with the leader's text and the members' submitted comments (three queries)."""
    written = {row.category_id: row for row in summary.categories.all()} if summary else {}
    rows = {}
    for category in summary_categories(panel):
        saved = written.get(category.pk)
        rows[category.pk] = CategoryRow(
            category,
            strengths=saved.strengths if saved else "",
            opportunities=saved.opportunities if saved else "",
        )
    numbers = {
        expert_id: n
        for n, expert_id in enumerate(
            Scorecard.objects.filter(panel=panel, **_submitted(content_type_id, object_id))
            .order_by("expert_id")
            .values_list("expert_id", flat=True),
            start=1,
        )
    }
    per_member: dict[int, dict] = defaultdict(lambda: defaultdict(list))
    items = (
        ItemScore.objects.filter(
            scorecard__panel=panel,
            **{f"scorecard__{key}": value for key, value in _submitted(content_type_id, object_id).items()},
        )
        .select_related("criterion", "scorecard")
        .order_by("scorecard__expert_id", "criterion__order")
    )
    for item in items:
        if not (item.strengths.strip() or item.opportunities.strip()):
            continue
        expert_id = item.scorecard.expert_id
        per_member[item.criterion.parent_id][expert_id].append((item.criterion, item.strengths, item.opportunities))
    for category_id, by_expert in per_member.items():
        if category_id in rows:
            rows[category_id].members = [
                (numbers.get(eid, 0), eid == reader_id, comments) for eid, comments in by_expert.items()
            ]
    return list(rows.values())


def sealed_summaries_for(dossier) -> list[dict]:
    """The dossier's sealed leader's summaries, in stage order: part of the dossier on the staff case page."""
    content_type = ContentType.objects.get_for_model(dossier, for_concrete_model=True)
    summaries = (
        PanelSummary.objects.filter(content_type=content_type, object_id=dossier.pk, status=PanelSummary.Status.SEALED)
        .select_related("panel", "sealed_by")
        .prefetch_related("categories__category")
    )
    order = {stage: n for n, stage in enumerate(Stage.values)}
    return [
        {"summary": s, "panel": s.panel, "categories": list(s.categories.all())}
        for s in sorted(summaries, key=lambda s: (order.get(s.panel.stage, 99), s.panel_id))
    ]
