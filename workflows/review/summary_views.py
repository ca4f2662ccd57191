"""Pages of the leader's summary (评审组长意见) and of the edition's feedback reports (反馈报告)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Role
from workflows import programs
from workflows.exceptions import WorkflowError
from workflows.models import Edition
from workflows.permissions import is_member_of_organization
from workflows.staff_desks import staff_navigation

from . import feedback, selectors, summaries
from .services.feedback import release_feedback
from .services.summary import save_summary, seal_summary, summary_categories


def _posted_summary(request, categories) -> tuple[str, dict]:
    return request.POST.get("opinion", ""), {
        c.pk: (request.POST.get(f"strengths_{c.pk}", ""), request.POST.get(f"opportunities_{c.pk}", ""))
        for c in categories
    }


@login_required
def summary(request, assignment_id: int):
    """The leader writes and seals the panel's summary of one dossier; the panel's members read it."""
    if not request.user.has_role(Role.EXPERT):
        raise PermissionDenied
    assignment = selectors.assignment_for(request.user, assignment_id)
    if assignment is None or not summaries.may_read_summary(assignment, request.user):
        raise Http404
    panel = assignment.panel
    if not selectors.others_scores_visible(assignment, request.user):
        raise PermissionDenied(_("提交本人评分后方可查看组长意见。"))
    is_leader = panel.leader_id == request.user.pk
    current = summaries.summary_of(panel, assignment.content_type_id, assignment.object_id)
    posted = None
    status = 200
    if request.method == "POST":
        if not is_leader:
            raise PermissionDenied
        categories = summary_categories(panel)
        opinion, texts = _posted_summary(request, categories)
        try:
            if not (current and current.is_sealed):
                save_summary(panel, assignment.dossier, opinion=opinion, categories=texts, actor=request.user)
            if request.POST.get("action") == "seal":
                seal_summary(panel, assignment.dossier, actor=request.user)
                messages.success(request, _("组长意见已封存，此后不能修改。"))
            else:
                messages.success(request, _("组长意见草稿已保存，本组专家可以查阅。"))
            return redirect("review:summary", assignment_id=assignment.pk)
        except WorkflowError as exc:
            messages.error(request, exc.message)
            posted = {"opinion": opinion, "texts": texts}
            status = 422
            current = summaries.summary_of(panel, assignment.content_type_id, assignment.object_id)
    rows = summaries.category_rows(
        panel, current, assignment.content_type_id, assignment.object_id, reader_id=request.user.pk
    )
    if posted:
        for row in rows:
            row.strengths, row.opportunities = posted["texts"].get(row.category.pk, ("", ""))
    return render(
        request,
        "review/summary.html",
        {
            "assignment": assignment,
            "panel": panel,
            "summary": current,
            "opinion": posted["opinion"] if posted else (current.opinion if current else ""),
            "rows": rows,
            "editable": is_leader and not (current and current.is_sealed),
            "is_leader": is_leader,
        },
        status=status,
    )


def _require_staff(user) -> None:
    if not user.is_secretariat:
        raise PermissionDenied


@login_required
def staff_feedback(request, edition_id: int):
    """The secretariat previews the edition's feedback reports and releases them (once, logged)."""
    _require_staff(request.user)
    edition = get_object_or_404(Edition.objects.select_related("program"), pk=edition_id)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("请勾选确认后再发布。"))
        else:
            try:
                release_feedback(edition, actor=request.user)
                messages.success(request, _("反馈报告已发布，申报单位可在申报详情页下载。"))
            except WorkflowError as exc:
                messages.error(request, exc.message)
        return redirect("review:staff_feedback", edition_id=edition.pk)
    rows = feedback.edition_dossiers(edition)
    return render(
        request,
        "review/staff_feedback.html",
        {
            "edition": edition,
            "rows": rows,
            "release": feedback.release_of(edition),
            "ready": sum(1 for r in rows if r.has_summary),
            "staff_nav": staff_navigation(request.user, "review"),
        },
    )


@login_required
def staff_feedback_preview(request, edition_id: int, content_type_id: int, object_id: int):
    """One applicant's report as it will be released, marked 预览."""
    _require_staff(request.user)
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None:
        raise Http404
    dossier = get_object_or_404(model, pk=object_id, edition_id=edition_id)
    report = feedback.build_report(dossier)
    if report is None:
        raise Http404
    return feedback.pdf_response(feedback.render_pdf(report, preview=True), f"feedback-preview-{object_id}.pdf")


@login_required
def feedback_report(request, content_type_id: int, object_id: int):
    """The applicant's feedback report PDF for a dossier of any program (the release email links here).

    Members of the dossier's organisation only, once released and due; everyone else, and everyone
    before, gets 404 (is_member_of_organization, feedback.available_to_applicant).
    """
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None or programs.program_for_model(model) is None:
        raise Http404
    dossier = get_object_or_404(model.objects.select_related("organization", "edition__program"), pk=object_id)
    if not is_member_of_organization(dossier, request.user) or not feedback.available_to_applicant(dossier):
        raise Http404
    report = feedback.build_report(dossier)
    if report is None:
        raise Http404
    code = getattr(dossier, "reference_no", None) or dossier.pk
    return feedback.pdf_response(feedback.render_pdf(report), f"feedback-{code}.pdf")
