"""Expert and staff screens of the review. Each view calls one service or selector."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.fields import warn_about_credit_codes
from workflows import permissions as can
from workflows.exceptions import WorkflowError
from workflows.models import Edition
from workflows.staff_desks import paginate, staff_navigation

from . import pool_sheet, progress_selectors, release, selectors, services
from .charts import histogram_rows, histogram_svg, radar_svg
from .exceptions import DeviationReasonRequired
from .forms import ConflictOverrideForm, ConsultancyTieForm, CreatePanelForm, PastEmploymentForm, PoolUploadForm
from .models import (
    AggregationMethod,
    AmendmentRequest,
    Assignment,
    ExportJob,
    HeldResult,
    Panel,
    Scorecard,
    Stage,
)
from .services.exports import request_export
from .services.progress import record_opened, replace_expert
from .services.release import release_results

# The tiers a committee votes on (the ballot's `tier`), by name.
TIER_LABELS = {"award": gettext_lazy("质量奖"), "nomination": gettext_lazy("提名奖")}


def _require_expert(user) -> None:
    if not can.is_expert(None, user):
        raise PermissionDenied


def _require_staff(user) -> None:
    if not can.is_secretariat(None, user):
        raise PermissionDenied


def _require_committee_or_staff(user) -> None:
    # The secretariat first: its answer needs no query on the user's grants (the ranking page's pin).
    if not (can.is_secretariat(None, user) or can.is_committee(None, user)):
        raise PermissionDenied


def _own_assignment(request, assignment_id: int) -> Assignment:
    assignment = selectors.assignment_for(request.user, assignment_id)
    if assignment is None:
        raise Http404
    return assignment


# --- expert -----------------------------------------------------------------------------
@login_required
def queue(request):
    _require_expert(request.user)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    queue_page = selectors.expert_queue_page(request.user, number)
    return render(
        request,
        "review/queue.html",
        {"assignments": queue_page.rows, "queue_page": queue_page, "now": timezone.now()},
    )


def _posted_items(request, criteria) -> dict:
    items = {}
    for criterion in criteria:
        items[criterion.pk] = {
            "percentage": request.POST.get(f"pct_{criterion.pk}", ""),
            "strengths": request.POST.get(f"strengths_{criterion.pk}", ""),
            "opportunities": request.POST.get(f"opportunities_{criterion.pk}", ""),
            "deviation_reason": request.POST.get(f"reason_{criterion.pk}", ""),
        }
    return items


def _scoring_rows(criteria, card: Scorecard | None, posted: dict | None, flagged: list[int]) -> list[dict]:
    saved = {i.criterion_id: i for i in card.items.all()} if card else {}
    rows = []
    for criterion in criteria:
        item = saved.get(criterion.pk)
        data = (posted or {}).get(criterion.pk) or {
            "percentage": item.percentage if item else "",
            "strengths": item.strengths if item else "",
            "opportunities": item.opportunities if item else "",
            "deviation_reason": item.deviation_reason if item else "",
        }
        rows.append({"criterion": criterion, "data": data, "flagged": criterion.pk in flagged})
    return rows


@login_required
def assignment_detail(request, assignment_id: int):
    """Declaration first; then the dossier summary and the scoring form."""
    _require_expert(request.user)
    assignment = _own_assignment(request, assignment_id)
    if assignment.status != Assignment.Status.ACTIVE:
        messages.error(request, _("您已回避或谢绝此项评审。"))
        return redirect("review:queue")
    if request.method == "POST" and request.POST.get("action") == "declare":
        has_conflict = request.POST.get("has_conflict") == "yes"
        try:
            services.declare_conflict(
                assignment, has_conflict=has_conflict, reason=request.POST.get("reason", ""), actor=request.user
            )
        except WorkflowError as exc:
            messages.error(request, exc.message)
            return redirect("review:assignment", assignment_id=assignment.pk)
        if has_conflict:
            messages.success(request, _("已回避，将另行抽取专家。"))
            return redirect("review:queue")
        return redirect("review:assignment", assignment_id=assignment.pk)
    try:
        services.ensure_may_open(assignment, request.user)
    except WorkflowError:
        # A conflict on record closes the dossier as if it did not exist (docs/expert-dossier.md).
        if services.conflicts_between(request.user, assignment.dossier):
            raise Http404
        return render(request, "review/declare.html", {"assignment": assignment})
    record_opened(assignment)  # the scoring page shows the dossier beside the form
    return _render_scoring(request, assignment)


def _readable_assignment(request, assignment_id: int) -> Assignment | None:
    """The expert's own, active, declared, unconflicted assignment; None when the declaration is still due.

    404 for anyone else's assignment and for a conflicted or recused expert: the dossier's
    existence and content are not theirs to learn (docs/expert-dossier.md).
    """
    _require_expert(request.user)
    assignment = _own_assignment(request, assignment_id)
    if assignment.status != Assignment.Status.ACTIVE or services.conflicts_between(request.user, assignment.dossier):
        raise Http404
    try:
        services.ensure_may_open(assignment, request.user)
    except WorkflowError:
        return None
    return assignment


@login_required
def dossier(request, assignment_id: int):
    """The application the expert scores: its sections, figures and documents, next to the scoring link."""
    assignment = _readable_assignment(request, assignment_id)
    if assignment is None:
        return redirect("review:assignment", assignment_id=assignment_id)
    record_opened(assignment)
    return render(request, "review/dossier.html", _dossier_context(assignment))


def _dossier_context(assignment: Assignment) -> dict:
    """What review/dossier/_body.html renders: on the dossier page and beside the scoring form."""
    dossier = assignment.dossier
    # Programs whose form has a self-assessment against the panel's framework (awards) keep it as
    # {criterion code: {"score", "text"}}; pair it with the criteria the expert scores.
    self_assessment = getattr(dossier, "self_assessment", None) or {}
    model = assignment.content_type
    return {
        "assignment": assignment,
        "dossier": dossier,
        "show_identity": selectors.may_see_identity(assignment),
        "documents": selectors.labelled_dossier_documents(assignment),
        "assessment_rows": [(c, self_assessment.get(c.code) or {}) for c in services.scoring_items(assignment.panel)],
        "dossier_templates": [f"review/dossier/{model.app_label}_{model.model}.html", "review/dossier/generic.html"],
    }


@login_required
def dossier_document(request, assignment_id: int, document_id: int):
    """One of the dossier's current documents; each opening is recorded (presigned URL or streamed)."""
    from workflows.documents.services import document_download_response, record_document_access

    assignment = _readable_assignment(request, assignment_id)
    if assignment is None:
        raise Http404
    document = selectors.dossier_documents(assignment).filter(pk=document_id).first()
    if document is None:
        raise Http404
    record_document_access(document, user=request.user, purpose=f"review:{assignment.pk}")
    return document_download_response(document, allowed=True)


def _render_scoring(request, assignment, *, posted=None, flagged=(), status=200):
    criteria = services.scoring_items(assignment.panel)
    card = Scorecard.objects.filter(assignment=assignment, is_current=True).prefetch_related("items").first()
    if card and card.is_sealed and not flagged:
        flagged = [cid for cid in services.deviations_of(card) if not card.items.get(criterion_id=cid).deviation_reason]
    context = {
        **_dossier_context(assignment),
        "organization": getattr(assignment.dossier, "organization", None),
        "card": card,
        "rows": _scoring_rows(criteria, card, posted, list(flagged)),
        "flagged": list(flagged),
        "percent_steps": list(range(0, 101, 5)),
        "others_visible": selectors.others_scores_visible(assignment, request.user),
        "deviation_limit": services.review_settings_for(assignment.panel.edition).deviation_limit,
        "pending_amendment": card.amendment_requests.filter(status=AmendmentRequest.Status.PENDING).exists()
        if card
        else False,
    }
    return render(request, "review/score.html", context, status=status)


@login_required
@require_POST
def score(request, assignment_id: int):
    _require_expert(request.user)
    assignment = _own_assignment(request, assignment_id)
    try:
        services.ensure_may_open(assignment, request.user)
    except WorkflowError as exc:
        raise PermissionDenied(exc.message)
    criteria = services.scoring_items(assignment.panel)
    items = _posted_items(request, criteria)
    comment = request.POST.get("overall_comment", "")
    action = request.POST.get("action")
    try:
        if action == "justify":
            card = Scorecard.objects.get(assignment=assignment, is_current=True)
            for criterion_id in services.deviations_of(card):
                reason = request.POST.get(f"reason_{criterion_id}", "")
                if reason.strip():
                    services.justify_deviation(card, criterion_id=criterion_id, reason=reason, actor=request.user)
            messages.success(request, _("已保存偏离说明。"))
        elif action == "submit":
            services.submit_scorecard(assignment, items=items, actor=request.user, overall_comment=comment)
            messages.success(request, _("评分已提交并封存。"))
        else:
            services.save_scorecard(assignment, items=items, actor=request.user, overall_comment=comment)
            messages.success(request, _("草稿已保存。"))
    except DeviationReasonRequired as exc:
        messages.warning(request, exc.message)
        return _render_scoring(request, assignment, posted=items, flagged=exc.flagged, status=422)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return _render_scoring(request, assignment, posted=items, status=422)
    return redirect("review:assignment", assignment_id=assignment.pk)


@login_required
def panel_scores(request, assignment_id: int):
    """The other experts' scores for this dossier, once the rules allow it."""
    _require_expert(request.user)
    assignment = _own_assignment(request, assignment_id)
    if not selectors.others_scores_visible(assignment, request.user):
        raise PermissionDenied(_("提交本人评分后方可查看他人评分。"))
    return render(
        request,
        "review/panel_scores.html",
        {
            "assignment": assignment,
            "criteria": services.scoring_items(assignment.panel),
            "cards": selectors.panel_scores_for_dossier(assignment),
        },
    )


@login_required
@require_POST
def amend(request, assignment_id: int):
    _require_expert(request.user)
    assignment = _own_assignment(request, assignment_id)
    card = get_object_or_404(Scorecard, assignment=assignment, is_current=True)
    try:
        services.request_amendment(card, reason=request.POST.get("reason", ""), actor=request.user)
        messages.success(request, _("修改申请已提交评审办。"))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("review:assignment", assignment_id=assignment.pk)


@login_required
def consensus(request, assignment_id: int):
    """The team leader's consensus form for one dossier (leader's own assignment as the handle)."""
    _require_expert(request.user)
    assignment = _own_assignment(request, assignment_id)
    panel = assignment.panel
    if panel.leader_id != request.user.pk:
        raise PermissionDenied
    if not selectors.others_scores_visible(assignment, request.user):
        raise PermissionDenied(_("提交本人评分后方可合议。"))
    criteria = services.scoring_items(panel)
    if request.method == "POST":
        items = {
            c.pk: (request.POST.get(f"pct_{c.pk}"), request.POST.get(f"rationale_{c.pk}", ""))
            for c in criteria
            if request.POST.get(f"pct_{c.pk}", "") != ""
        }
        try:
            services.record_consensus(panel, assignment.dossier, items=items, actor=request.user)
            messages.success(request, _("合议分已保存。"))
            return redirect("review:consensus", assignment_id=assignment.pk)
        except WorkflowError as exc:
            messages.error(request, exc.message)
    existing = {
        c.criterion_id: c
        for c in panel.consensus_items.filter(
            content_type_id=assignment.content_type_id, object_id=assignment.object_id
        )
    }
    return render(
        request,
        "review/consensus.html",
        {
            "assignment": assignment,
            "criteria": criteria,
            "existing": existing,
            "cards": selectors.panel_scores_for_dossier(assignment),
            "percent_steps": list(range(0, 101, 5)),
        },
    )


@login_required
def opinion_pdf(request, assignment_id: int):
    """评审意见表: one expert's scores and comments for one dossier, as PDF (CJK font embedded)."""
    assignment = get_object_or_404(Assignment.objects.select_related("panel__edition", "expert"), pk=assignment_id)
    if not can.is_assigned_expert_or_secretariat(assignment, request.user):
        raise Http404  # the same answer as for an id that does not exist: ids are not revealed
    if can.is_assigned_expert(assignment, request.user):
        try:
            services.ensure_may_open(assignment, request.user)
        except WorkflowError as exc:  # e.g. a conflict declared after scoring: a 403, never a 500
            raise PermissionDenied(exc.message)
    card = Scorecard.objects.filter(assignment=assignment, is_current=True).prefetch_related("items__criterion").first()
    if card is None:
        raise Http404
    from workflows.documents.pdf import html_to_pdf

    html = render_to_string(
        "review/opinion_pdf.html",
        {
            "assignment": assignment,
            "card": card,
            "items": sorted(card.items.all(), key=lambda i: i.criterion.order),
            "total": sum(i.points for i in card.items.all()),
            "show_identity": selectors.may_see_identity(assignment) or request.user.is_secretariat,
        },
    )
    pdf = html_to_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="opinion-{assignment.pk}.pdf"'
    return response


# --- staff ------------------------------------------------------------------------------
@login_required
def staff_home(request):
    _require_committee_or_staff(request.user)
    # Editions with panels, or with results held for release (an elimination needs no panel).
    editions = (
        Edition.objects.filter(Q(review_panels__isnull=False) | Q(pk__in=HeldResult.objects.values("edition_id")))
        .distinct()
        .select_related("program")
    )
    panels, amendments, panel_page, panel_query = [], [], None, ""
    if request.user.is_secretariat:  # committee members get the ranking links only: no experts' names
        panel_page, panel_query = paginate(request, selectors.staff_panels().order_by("edition", "stage", "name", "pk"))
        panels = list(panel_page.object_list)
        progress = progress_selectors.progress_of_panels(panels)
        for panel in panels:
            panel.progress = progress[panel.pk]
        amendments = list(
            AmendmentRequest.objects.filter(status=AmendmentRequest.Status.PENDING).select_related(
                "scorecard__expert", "scorecard__assignment", "scorecard__panel"
            )
        )
    return render(
        request,
        "review/staff_home.html",
        {
            "editions": editions,
            "panels": panels,
            "page_obj": panel_page,
            "query": panel_query,
            "amendments": amendments,
            "staff_nav": staff_navigation(request.user, "review"),
        },
    )


@login_required
@require_POST
def staff_remind(request):
    """Bulk "send reminders" from the review desk: every expert of the checked panels who has not
    submitted all scores gets one email (services.remind_panels), then a summary of who was reminded
    and, for each panel or expert not reminded, why. From a panel page (`panel`), only the experts
    checked there (`experts`)."""
    _require_staff(request.user)
    panel_id = request.POST.get("panel", "")
    if panel_id.isdigit():
        # From the panel page: the experts checked in its progress table, one by one.
        panel = get_object_or_404(Panel, pk=int(panel_id))
        back = reverse("review:staff_panel", args=[panel.pk]) + "#progress"
        experts = [int(value) for value in request.POST.getlist("experts") if value.isdigit()]
        if not experts:
            messages.error(request, _("请至少勾选一位专家。"))
            return redirect(back)
        outcome = services.remind_panels([panel.pk], actor=request.user, expert_ids=experts)
        return _reminder_summary(request, outcome, back)
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    back = reverse("review:staff_home") + "#panel-list"
    if not ids:
        messages.error(request, _("请至少勾选一个评审组。"))
        return redirect(back)
    return _reminder_summary(request, services.remind_panels(ids, actor=request.user), back)


def _reminder_summary(request, outcome, back: str):
    """Who was reminded, and for each panel or expert not reminded, why; then back to the page."""
    if outcome.reminded:
        messages.success(
            request,
            _("已向 %(n)d 位专家发送评审提醒：%(names)s。")
            % {
                "n": len(outcome.reminded),
                "names": "、".join(
                    f"{expert}（{panel.name}，{open_count}份）" for panel, expert, open_count in outcome.reminded
                ),
            },
        )
    if outcome.not_reminded:
        messages.error(request, _("%(n)d 项未发送提醒：") % {"n": len(outcome.not_reminded)})
    for panel, expert, reason in outcome.not_reminded:
        who = f"{panel.name} · {expert}" if expert is not None else panel.name
        messages.error(request, _("%(row)s：%(reason)s") % {"row": who, "reason": reason})
    return redirect(back)


@login_required
def staff_create_panel(request):
    """Staff pick dossiers of one review stage and edition; the panel's experts are drawn next."""
    _require_staff(request.user)
    form = CreatePanelForm(
        request.POST or None, choices=selectors.dossiers_awaiting_panel(), initial={"stage": "material_review"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            panel = services.create_panel(
                data["dossier_objects"][0].edition,
                stage=data["stage"],
                name=data["name"],
                dossiers=data["dossier_objects"],
                deadline=data["deadline"],
                size=data["size"],
                specialty_codes=data["specialty_codes"],
                specialty_rule=data["specialty_rule"],
                actor=request.user,
            )
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("评审组已创建，请抽取专家。"))
            return redirect("review:staff_panel", panel_id=panel.pk)
    return render(request, "review/staff_create_panel.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def staff_panel(request, panel_id: int):
    _require_staff(request.user)
    panel = get_object_or_404(Panel.objects.select_related("edition", "leader"), pk=panel_id)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "draw":
                services.draw_panel(panel, actor=request.user, seed=request.POST.get("seed") or None)
                messages.success(request, _("已完成随机抽取。"))
            elif action == "finalize":
                services.finalize_panel(panel, actor=request.user)
                messages.success(request, _("本组评分已确定。"))
            elif action == "leader":
                leader = get_object_or_404(get_user_model(), pk=request.POST.get("leader"))
                services.set_panel_leader(panel, leader, actor=request.user)
                messages.success(request, _("已设定组长。"))
            elif action == "recuse":
                assignment = get_object_or_404(Assignment, pk=request.POST.get("assignment"), panel=panel)
                services.recuse(assignment, reason=request.POST.get("reason", ""), actor=request.user)
                messages.success(request, _("已回避并递补。"))
            elif action == "replace":
                expert_id = request.POST.get("expert", "")
                member = get_object_or_404(
                    panel.members.select_related("expert"), expert_id=int(expert_id) if expert_id.isdigit() else 0
                )
                replace_expert(panel, expert=member.expert, reason=request.POST.get("reason", ""), actor=request.user)
                messages.success(
                    request, _("已替换专家%(expert)s并递补抽取，原专家不再能打开这些材料。") % {"expert": member.expert}
                )
        except WorkflowError as exc:
            messages.error(request, exc.message)
        return redirect("review:staff_panel", panel_id=panel.pk)
    stats = selectors.panel_statistics(panel)
    framework_total = sum(c.max_points for c in services.scoring_items(panel))
    draws = [(draw, services.reproduce_draw(draw) == draw.drawn_ids) for draw in panel.draws.all()]
    assignments = list(panel.assignments.select_related("expert").order_by("object_id", "expert_id"))
    radars = [
        (code, radar_svg(stats.categories.get(oid, []), title=f"{code} 类目得分率"), stats.categories.get(oid, []))
        for oid, code in {a.object_id: a.code for a in assignments}.items()
    ]
    return render(
        request,
        "review/staff_panel.html",
        {
            "panel": panel,
            "draws": draws,
            "members": panel.members.select_related("expert"),
            "progress": progress_selectors.panel_progress(panel),
            "assignments": assignments,
            "stats": stats,
            "histogram": histogram_svg(stats.totals, maximum=framework_total or 1000, title=_("总分分布")),
            "histogram_rows": histogram_rows(stats.totals, maximum=framework_total or 1000),
            "radars": radars,
        },
    )


RANKING_PAGE_SIZE = 100


def _cell(score, rank) -> str:
    """A ranking cell as the template printed it: the score (a float prints the same in both
    languages, no thousands separator), " / rank" when ranked; — without a score."""
    if score is None:
        return "—"
    return f"{score} / {rank}" if rank else str(score)


@login_required
def ranking(request, edition_id: int):
    _require_committee_or_staff(request.user)
    edition = get_object_or_404(Edition, pk=edition_id)
    # Ranks need every dossier; the page shows RANKING_PAGE_SIZE of them (ballot forms included).
    rules = services.review_settings_for(edition)
    used_stages = set(edition.review_panels.values_list("stage", flat=True))
    ranked = selectors.rank_edition(edition, with_labels=False, rules=rules, used_stages=used_stages)
    page = Paginator(ranked, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = page.object_list
    selectors.attach_dossiers(rows)
    ballots = selectors.ballots_of(edition)
    for row in rows:
        row.ballot = ballots.get((row.content_type_id, row.object_id))
    # A z-score normalises each expert against the other dossiers they scored: with a single dossier
    # ranked there is nothing to normalise against, so the column would show a meaningless number.
    shown = [c for c in selectors.COLUMNS if not (c == AggregationMethod.ZSCORE_MEAN and len(ranked) < 2)]
    for row in rows:
        # Each cell's text made here, once ("score / rank", or — without a score): the template
        # would otherwise resolve, filter and localize two values per cell (docs/performance.md).
        row.cells = [_cell(row.scores[c], row.ranks[c]) if c in shown else "—" for c in selectors.COLUMNS]
        row.tier_label = TIER_LABELS.get(row.tiers.get(selectors.CHOSEN, ""), "")
    return render(
        request,
        "review/ranking.html",
        {
            "edition": edition,
            "rows": rows,
            "page_obj": page,
            "columns": [(c, selectors.COLUMN_LABELS[c]) for c in selectors.COLUMNS],
            "zscore_hidden": len(ranked) == 1,
            "tier_choices": list(TIER_LABELS.items()),
            "stage_methods": [
                (label, selectors.COLUMN_LABELS[rules.method_for(stage)])
                for stage, label in Stage.choices
                if stage in used_stages
            ],
        },
    )


@login_required
@require_POST
def ballot(request, edition_id: int, content_type_id: int, object_id: int):
    _require_committee_or_staff(request.user)
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    dossier = get_object_or_404(content_type.model_class(), pk=object_id, edition_id=edition_id)
    try:
        counts = {
            key: int(request.POST.get(key, ""))
            for key in ("members_present", "votes_for", "votes_against", "abstentions")
        }
    except ValueError:
        messages.error(request, _("请填写整数票数。"))
        return redirect("review:ranking", edition_id=edition_id)
    tier = request.POST.get("tier", "")
    if tier not in ("award", "nomination"):
        messages.error(request, _("请选择表决等级。"))
        return redirect("review:ranking", edition_id=edition_id)
    try:
        result = services.record_ballot(dossier, tier=tier, actor=request.user, **counts)
        messages.success(
            request,
            _("表决已记录：通过。") if result.passed else _("表决已记录：未通过。"),
        )
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("review:ranking", edition_id=edition_id)


@login_required
def export_jobs(request, edition_id: int):
    """The edition's score exports: ask for a new one (built in the background) and see the latest."""
    _require_staff(request.user)
    edition = get_object_or_404(Edition.objects.select_related("program"), pk=edition_id)
    if request.method == "POST":
        fmt = request.POST.get("fmt", "")
        if fmt not in ExportJob.Format.values:
            messages.error(request, _("请选择导出格式（XLSX 或 CSV）。"))
            return redirect("review:export_jobs", edition_id=edition.pk)
        job = request_export(edition, fmt, actor=request.user)
        messages.success(request, _("已开始生成导出文件，完成后可在本页下载。"))
        return redirect("review:export_job", job_id=job.pk)
    page, query = paginate(request, selectors.export_jobs_of(edition))
    return render(
        request,
        "review/export_jobs.html",
        {
            "edition": edition,
            "jobs": page.object_list,
            "page_obj": page,
            "query": query,
            "formats": ExportJob.Format.choices,
            "staff_nav": staff_navigation(request.user, "review"),
        },
    )


@login_required
def export_job(request, job_id: int):
    """One export's progress; its download link once the background task has stored the file."""
    _require_staff(request.user)
    job = get_object_or_404(ExportJob.objects.select_related("edition__program", "requested_by", "document"), pk=job_id)
    return render(
        request,
        "review/export_job.html",
        {"job": job, "edition": job.edition, "staff_nav": staff_navigation(request.user, "review")},
    )


@login_required
def export_download(request, job_id: int):
    """The finished export file (a presigned URL on S3, streamed from local storage); 404 until done."""
    from workflows.documents.services import document_download_response

    _require_staff(request.user)
    job = get_object_or_404(ExportJob.objects.select_related("document"), pk=job_id)
    done = job.status == ExportJob.Status.DONE and job.document is not None
    return document_download_response(job.document, allowed=done)


@login_required
@require_POST
def decide_amendment(request, request_id: int):
    _require_staff(request.user)
    amendment = get_object_or_404(AmendmentRequest, pk=request_id)
    try:
        services.decide_amendment(
            amendment,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
            actor=request.user,
        )
        messages.success(request, _("已处理修改申请。"))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("review:staff_home")


@login_required
def my_profile(request):
    """Experts keep their own declarations (past employers, consultancy ties, availability) current."""
    _require_expert(request.user)
    profile = selectors.expert_profile_of(request.user)
    if profile is None:
        messages.error(request, _("您尚未入库，请联系评审办。"))
        return redirect("review:queue")
    employment_form = PastEmploymentForm(prefix="job")
    tie_form = ConsultancyTieForm(prefix="tie")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "availability":
            services.set_availability(
                profile,
                available=request.POST.get("is_available") == "on",
                note=request.POST.get("note", ""),
                actor=request.user,
            )
            messages.success(request, _("已更新。"))
            return redirect("review:profile")
        form_class, prefix = (PastEmploymentForm, "job") if action == "job" else (ConsultancyTieForm, "tie")
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid():
            services.add_declaration(profile, form.save(commit=False), actor=request.user)
            messages.success(request, _("声明已保存。"))
            warn_about_credit_codes(request, form)
            return redirect("review:profile")
        if action == "job":
            employment_form = form
        else:
            tie_form = form
    return render(
        request,
        "review/profile.html",
        {
            "profile": profile,
            "jobs": profile.past_employments.all(),
            "ties": profile.ties.all(),
            "employment_form": employment_form,
            "tie_form": tie_form,
        },
    )


@login_required
def staff_conflicts(request, panel_id: int):
    """Conflicts between the expert pool and the panel's dossiers, with the override form."""
    _require_staff(request.user)
    panel = get_object_or_404(Panel.objects.select_related("edition"), pk=panel_id)
    if request.method == "POST":
        form = ConflictOverrideForm(request.POST)
        if form.is_valid():
            dossier = panel.dossiers.filter(object_id=form.cleaned_data["object_id"]).first()
            expert = get_user_model().objects.filter(pk=form.cleaned_data["expert"]).first()
            if dossier is None or expert is None:
                raise Http404
            try:
                services.override_conflict(
                    expert,
                    dossier.dossier,
                    rule=form.cleaned_data["rule"],
                    justification=form.cleaned_data["justification"],
                    actor=request.user,
                )
                messages.success(request, _("已记录例外认定。"))
            except WorkflowError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, _("请填写书面理由。"))
        return redirect("review:staff_conflicts", panel_id=panel.pk)
    return render(
        request,
        "review/staff_conflicts.html",
        {"panel": panel, "conflicts": selectors.pool_conflicts(panel), "rules": sorted(services.Rule.AUTOMATIC)},
    )


# --- expert pool: import, export, invitations --------------------------------------------
POOL_PAYLOAD_SALT = "workflows.review.pool-import"
POOL_PAYLOAD_MAX_AGE = 2 * 3600
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _spreadsheet(rows: list[list[str]], fmt: str, filename: str, sheet_title: str) -> HttpResponse:
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = sheet_title
        for row in rows:
            sheet.append(row)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 22
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
def staff_pool(request):
    """The secretariat's expert pool: who is in it, who has accepted, import and export."""
    _require_staff(request.user)
    page, query = paginate(request, selectors.expert_pool())
    return render(request, "review/staff_pool.html", {"profiles": page, "page_obj": page, "query": query})


@login_required
def staff_pool_template(request, fmt: str):
    _require_staff(request.user)
    return _spreadsheet(
        [pool_sheet.header_row(), pool_sheet.example_row()], fmt, "expert-pool-template", _("专家库导入模板")
    )


@login_required
def staff_pool_export(request, fmt: str):
    _require_staff(request.user)
    rows = [pool_sheet.header_row()] + [pool_sheet.profile_cells(p) for p in selectors.expert_pool()]
    return _spreadsheet(rows, fmt, f"expert-pool-{timezone.localdate().isoformat()}", _("专家库"))


@login_required
def staff_pool_import(request):
    """Upload → every row checked → preview (or the row errors, nothing imported) → confirm imports all."""
    _require_staff(request.user)
    form = PoolUploadForm()
    context: dict = {"form": form, "columns": pool_sheet.COLUMNS}
    if request.method == "POST" and "payload" in request.POST:
        try:
            rows = signing.loads(request.POST["payload"], salt=POOL_PAYLOAD_SALT, max_age=POOL_PAYLOAD_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("预览已过期，请重新上传文件。"))
            return redirect("review:staff_pool_import")
        try:
            profiles = services.import_experts(rows, actor=request.user)
        except services.PoolImportRejected as exc:
            context.update(errors=exc.errors, rejected=exc.message)
            return render(request, "review/staff_pool_import.html", context, status=400)
        messages.success(request, _("已导入%(n)d名专家，邀请邮件已发送。") % {"n": len(profiles)})
        return redirect("review:staff_pool")
    if request.method == "POST":
        form = PoolUploadForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return render(request, "review/staff_pool_import.html", context, status=400)
        upload = form.cleaned_data["file"]
        try:
            table = pool_sheet.read_table(upload.name, upload.read())
        except pool_sheet.SheetUnreadable as exc:
            form.add_error("file", str(exc))
            return render(request, "review/staff_pool_import.html", context, status=400)
        check = pool_sheet.check_table(table, taken_emails=services.taken_emails)
        context["filename"] = upload.name
        if check.errors:
            context.update(
                errors=check.errors,
                rejected=_("有%(n)d处错误，未导入任何专家。请改正后重新上传。") % {"n": len(check.errors)},
            )
            return render(request, "review/staff_pool_import.html", context, status=400)
        context.update(
            rows=check.rows,
            warned_rows=[row for row in check.rows if row["credit_code_warnings"]],
            payload=signing.dumps(check.rows, salt=POOL_PAYLOAD_SALT, compress=True),
        )
    return render(request, "review/staff_pool_import.html", context)


@login_required
@require_POST
def staff_pool_resend(request, user_id: int):
    _require_staff(request.user)
    expert = get_object_or_404(get_user_model(), pk=user_id, expert_profile__isnull=False)
    try:
        services.resend_invitation(expert, actor=request.user)
        messages.success(request, _("已重新发送邀请邮件给%(name)s。") % {"name": expert})
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("review:staff_pool")


def accept_invitation(request, uidb64: str, token: str):
    """The invited expert sets a password; from then on they log in with their email and may be drawn."""
    try:
        invited = services.invited_user(uidb64, token)
    except services.BadInvitationLink as exc:
        return render(request, "review/invitation_accept.html", {"invalid": exc.message}, status=400)
    form = SetPasswordForm(invited, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(uidb64, token, password=form.cleaned_data["new_password1"])
        except services.BadInvitationLink as exc:
            return render(request, "review/invitation_accept.html", {"invalid": exc.message}, status=400)
        messages.success(request, _("您已加入专家库，请用邮箱和新密码登录。"))
        return redirect("accounts:login")
    return render(
        request,
        "review/invitation_accept.html",
        {"form": form, "invited": invited},
        status=400 if form.errors else 200,
    )


@login_required
def staff_results(request, edition_id: int):
    """Held results of an edition per stage; the secretariat releases one stage's results in one click."""
    _require_staff(request.user)
    edition = get_object_or_404(Edition.objects.select_related("program"), pk=edition_id)
    if request.method == "POST":
        stage = request.POST.get("stage", "")
        try:
            count = release_results(edition, stage, actor=request.user, reason=request.POST.get("reason", ""))
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("已发布%(stage)s的%(count)s项结果，通知已发送申报单位。")
                % {"stage": release.stage_label(edition, stage), "count": count},
            )
        return redirect("review:staff_results", edition_id=edition.pk)
    rows = release.release_overview(edition)
    for row in rows:
        row["label"] = release.stage_label(edition, row["stage"])
    return render(
        request,
        "review/staff_results.html",
        {"edition": edition, "rows": rows, "staff_nav": staff_navigation(request.user, "review")},
    )
