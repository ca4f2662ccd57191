"""The applicant's feedback report (评审反馈报告): reads and the PDF.

Per stage whose leader's summary is sealed: each rubric category's scoring band (never a score, never
an expert), the panel's strengths and opportunities for improvement, and how to read the report.
Applicants get it only when the secretariat has released the edition's reports (FeedbackRelease) and
the dossier is in one of its program's `feedback_due` states (after the notice closed, or after a
decision against it). docs/feedback-report.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from workflows import programs
from workflows.models import Criterion, Edition

from .models import (
    BANDS,
    ConsensusItem,
    FeedbackRelease,
    ItemScore,
    PanelDossier,
    PanelSummary,
    Scorecard,
    Stage,
    band_of,
)


def release_of(edition: Edition) -> FeedbackRelease | None:
    return FeedbackRelease.objects.filter(edition=edition).select_related("released_by").first()


def is_due(dossier, state: str | None = None) -> bool:
    """Whether the dossier's state (or `state`) makes its report due (the program says which states)."""
    program = programs.program_for(dossier)
    return program is not None and (state or dossier.state) in program.states.feedback_due


CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 … 99 (the headings of an official document: 一、 then （一）)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十")
    return head + (CHINESE_NUMERALS[ones - 1] if ones else "")


def band_label(number: int) -> str:
    low, high = BANDS[number - 1]
    return f"第{number}档（{low}%–{high}%）"


def _item_percentages(panel_ids: list[int], content_type_id: int, object_id: int) -> tuple[dict, dict]:
    """The consensus percentage per (panel, item) where recorded, and every submitted expert percentage."""
    consensus = {
        (c.panel_id, c.criterion_id): c.percentage
        for c in ConsensusItem.objects.filter(
            panel_id__in=panel_ids, content_type_id=content_type_id, object_id=object_id
        )
    }
    percentages: dict[tuple[int, int], list[int]] = defaultdict(list)
    for panel_id, criterion_id, percentage in ItemScore.objects.filter(
        scorecard__panel_id__in=panel_ids,
        scorecard__content_type_id=content_type_id,
        scorecard__object_id=object_id,
        scorecard__is_current=True,
        scorecard__status=Scorecard.Status.SUBMITTED,
    ).values_list("scorecard__panel_id", "criterion_id", "percentage"):
        percentages[(panel_id, criterion_id)].append(percentage)
    return consensus, percentages


@dataclass
class StageFeedback:
    stage_label: str
    numeral: str = ""
    rows: list = field(default_factory=list)  # [{"category", "band", "band_label", "strengths", "opportunities"}]


@dataclass
class FeedbackReport:
    dossier: object
    edition: Edition
    stages: list
    bands: list = field(default_factory=list)

    @property
    def organization_name(self) -> str:
        organization = getattr(self.dossier, "organization", None)
        return organization.name if organization else ""


def build_report(dossier) -> FeedbackReport | None:
    """The report's content, or None when no panel's leader's summary of the dossier is sealed."""
    content_type = ContentType.objects.get_for_model(dossier, for_concrete_model=True)
    summaries = list(
        PanelSummary.objects.filter(content_type=content_type, object_id=dossier.pk, status=PanelSummary.Status.SEALED)
        .select_related("panel__edition")
        .prefetch_related("categories")
    )
    if not summaries:
        return None
    order = {stage: n for n, stage in enumerate(Stage.values)}
    summaries.sort(key=lambda s: (order.get(s.panel.stage, 99), s.panel_id))
    panel_ids = [s.panel_id for s in summaries]
    consensus, percentages = _item_percentages(panel_ids, content_type.pk, dossier.pk)
    framework_ids = {s.panel.scoring_framework_id for s in summaries}
    criteria = list(Criterion.objects.filter(framework_id__in=framework_ids).order_by("order", "id"))
    categories = defaultdict(list)
    items = defaultdict(list)
    for criterion in criteria:
        if criterion.parent_id is None:
            categories[criterion.framework_id].append(criterion)
        else:
            items[criterion.parent_id].append(criterion)
    stages = []
    for summary in summaries:
        panel = summary.panel
        written = {row.category_id: row for row in summary.categories.all()}
        stage = StageFeedback(stage_label=str(panel.get_stage_display()), numeral=chinese_numeral(len(stages) + 1))
        for category in categories[panel.scoring_framework_id]:
            points, maximum, complete = Decimal(0), Decimal(0), True
            for item in items[category.pk]:
                key = (panel.pk, item.pk)
                if key in consensus:
                    pct = Decimal(consensus[key])
                elif percentages.get(key):
                    pct = Decimal(sum(percentages[key])) / len(percentages[key])
                else:
                    complete = False
                    break
                points += pct * item.max_points
                maximum += item.max_points
            band = None
            if complete and maximum:
                share = points / maximum
                # Onto the 5 % steps the bands are drawn on (half up), then its band.
                step = int((share / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 5
                band = band_of(min(step, 100))
            row = written.get(category.pk)
            stage.rows.append(
                {
                    "category": category,
                    "numeral": chinese_numeral(len(stage.rows) + 1),
                    "band": band,
                    "band_label": band_label(band) if band else "—",
                    "strengths": row.strengths if row else "",
                    "opportunities": row.opportunities if row else "",
                }
            )
        stages.append(stage)
    return FeedbackReport(
        dossier=dossier,
        edition=summaries[0].panel.edition,
        stages=stages,
        bands=[(n, band_label(n)) for n in range(1, len(BANDS) + 1)],
    )


def available_to_applicant(dossier) -> bool:
    """Released for its edition, due in the state the applicant may see (a held result keeps it closed:
    release.applicant_state), and with at least one sealed summary."""
    from .release import applicant_state

    if not is_due(dossier, state=applicant_state(dossier)) or release_of(dossier.edition) is None:
        return False
    content_type = ContentType.objects.get_for_model(dossier, for_concrete_model=True)
    return PanelSummary.objects.filter(
        content_type=content_type, object_id=dossier.pk, status=PanelSummary.Status.SEALED
    ).exists()


def applicant_download_url(dossier) -> str:
    """The applicant's download of its report (the engine's view) once available, else "" (any program)."""
    from django.urls import reverse

    if not available_to_applicant(dossier):
        return ""
    content_type = ContentType.objects.get_for_model(dossier, for_concrete_model=True)
    return reverse("review:feedback_report", args=[content_type.pk, dossier.pk])


def render_pdf(report: FeedbackReport, *, preview: bool = False) -> bytes:
    from workflows.documents.pdf import html_to_pdf

    html = render_to_string(
        "review/feedback_pdf.html",
        {
            "report": report,
            "program": report.edition.program,
            "edition": report.edition,
            "dossier": report.dossier,
            "today": timezone.localdate(),
            "preview": preview,
        },
    )
    return html_to_pdf(html)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@dataclass
class PreviewRow:
    content_type_id: int
    object_id: int
    dossier: object
    has_summary: bool
    due: bool


def edition_dossiers(edition: Edition) -> list[PreviewRow]:
    """Every dossier a panel of the edition reviewed, with whether its summary is sealed and its report due."""
    keys = sorted(set(PanelDossier.objects.filter(panel__edition=edition).values_list("content_type_id", "object_id")))
    sealed = set(
        PanelSummary.objects.filter(panel__edition=edition, status=PanelSummary.Status.SEALED).values_list(
            "content_type_id", "object_id"
        )
    )
    by_ct: dict[int, list[int]] = defaultdict(list)
    for ct_id, object_id in keys:
        by_ct[ct_id].append(object_id)
    found = {}
    for ct_id, ids in by_ct.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        for obj in model._default_manager.filter(pk__in=ids).select_related("organization"):
            found[(ct_id, obj.pk)] = obj
    rows = []
    for key in keys:
        dossier = found.get(key)
        if dossier is None:
            continue
        rows.append(PreviewRow(key[0], key[1], dossier, key in sealed, is_due(dossier)))
    return rows
