"""Reads of expert progress per panel and per expert: assigned, opened, scored (draft), submitted, overdue.

Two queries for any number of panels (one grouped count over the assignments, one for the members),
so the review desk's panel list and the panel page cost the same with one panel or fifty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import Assignment, Panel, PanelMember, Scorecard

_CURRENT_DRAFT = Q(scorecards__is_current=True, scorecards__status=Scorecard.Status.DRAFT)
_CURRENT_SUBMITTED = Q(scorecards__is_current=True, scorecards__status=Scorecard.Status.SUBMITTED)


@dataclass
class ExpertProgress:
    member: PanelMember
    assigned: int = 0
    opened: int = 0
    scored: int = 0
    submitted: int = 0
    overdue: bool = False

    @property
    def expert(self):
        return self.member.expert

    @property
    def open_count(self) -> int:
        return self.assigned - self.submitted

    @property
    def replaceable(self) -> bool:
        """Staff may replace an active member with dossiers not submitted (overdue or withdrawing)."""
        return self.member.status == PanelMember.Status.ACTIVE and self.open_count > 0


@dataclass
class PanelProgress:
    panel_id: int
    experts: list[ExpertProgress] = field(default_factory=list)

    def _sum(self, name: str) -> int:
        return sum(getattr(e, name) for e in self.experts)

    @property
    def assigned(self) -> int:
        return self._sum("assigned")

    @property
    def opened(self) -> int:
        return self._sum("opened")

    @property
    def scored(self) -> int:
        return self._sum("scored")

    @property
    def submitted(self) -> int:
        return self._sum("submitted")

    @property
    def overdue(self) -> list[ExpertProgress]:
        return [e for e in self.experts if e.overdue]

    @property
    def escalated(self) -> list[ExpertProgress]:
        return [e for e in self.overdue if e.member.escalated_at]


def _is_overdue_panel(panel: Panel, now: dt.datetime) -> bool:
    return panel.finalized_at is None and panel.deadline < now


def progress_of_panels(panels: Iterable[Panel], *, now: dt.datetime | None = None) -> dict[int, PanelProgress]:
    """{panel id: PanelProgress} with a row per panel member (every status), counts over active assignments."""
    now = now or timezone.now()
    panels = {p.pk: p for p in panels}
    result = {pk: PanelProgress(panel_id=pk) for pk in panels}
    if not panels:
        return result
    counts = {
        (row["panel_id"], row["expert_id"]): row
        for row in Assignment.objects.filter(panel_id__in=list(panels), status=Assignment.Status.ACTIVE)
        .values("panel_id", "expert_id")
        .annotate(
            assigned=Count("pk", distinct=True),
            opened=Count("pk", filter=Q(opened_at__isnull=False), distinct=True),
            scored=Count("pk", filter=_CURRENT_DRAFT, distinct=True),
            submitted=Count("pk", filter=_CURRENT_SUBMITTED, distinct=True),
        )
        .order_by()
    }
    members = PanelMember.objects.filter(panel_id__in=list(panels)).select_related("expert").order_by("panel_id", "id")
    for member in members:
        row = counts.get((member.panel_id, member.expert_id), {})
        progress = ExpertProgress(
            member=member,
            assigned=row.get("assigned", 0),
            opened=row.get("opened", 0),
            scored=row.get("scored", 0),
            submitted=row.get("submitted", 0),
        )
        progress.overdue = (
            member.status == PanelMember.Status.ACTIVE
            and progress.open_count > 0
            and _is_overdue_panel(panels[member.panel_id], now)
        )
        result[member.panel_id].experts.append(progress)
    return result


def panel_progress(panel: Panel, *, now: dt.datetime | None = None) -> PanelProgress:
    return progress_of_panels([panel], now=now)[panel.pk]


def overdue_members(*, now: dt.datetime | None = None) -> QuerySet[PanelMember]:
    """Active members of unfinalised panels past their deadline who still have a dossier not submitted."""
    now = now or timezone.now()
    unsubmitted = Assignment.objects.filter(
        panel_id=OuterRef("panel_id"), expert_id=OuterRef("expert_id"), status=Assignment.Status.ACTIVE
    ).exclude(_CURRENT_SUBMITTED)
    return (
        PanelMember.objects.filter(
            status=PanelMember.Status.ACTIVE, panel__finalized_at__isnull=True, panel__deadline__lt=now
        )
        .filter(Exists(unsubmitted))
        .select_related("panel", "expert")
        .order_by("panel_id", "id")
    )
