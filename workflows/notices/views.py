"""HTTP for objections (public, no account) and the secretariat's notice desk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.network import client_address
from workflows import desks
from workflows.documents.services import document_download_response
from workflows.exceptions import WorkflowError
from workflows.staff_desks import paginate
from workflows.workdays import CalendarDataMissing

from . import selectors, services
from .forms import ApprovalForm, ObjectionDecisionForm, ObjectionForm, OpenNoticeForm
from .models import NoticeCandidate, Objection, PublicNotice


def _error_message(exc: Exception) -> str:
    return getattr(exc, "message", None) or str(exc)


def file_objection(request, notice_id: int):
    notice = selectors.notice_with_candidates(notice_id)
    if notice is None:
        raise Http404()
    lines = list(notice.candidates.all())
    form = ObjectionForm(request.POST or None, request.FILES or None, candidates=lines)
    status = 200
    if request.method == "POST":
        if form.is_bot:
            # Never a bare error page: a person whose browser filled the hidden box sees everything
            # they typed again and can resubmit; a bot that fills it again gets the same page.
            form = form.without_trap()
        elif form.is_valid():
            data = form.cleaned_data
            try:
                objection = services.file_objection(
                    services.ObjectionInput(
                        notice_candidate_id=data["notice_candidate"],
                        objector_type=data["objector_type"],
                        grounds=data["grounds"],
                        text=data["text"],
                        objector_name=data["objector_name"],
                        id_number=data["id_number"],
                        credit_code=data["credit_code"],
                        phone=data["phone"],
                        address=data["address"],
                        evidence=data["evidence"],
                        sealed_letter=data["sealed_letter"],
                    ),
                    ip_address=client_address(request) or None,
                )
            except (WorkflowError, CalendarDataMissing) as exc:
                form.add_error(None, _error_message(exc))
            else:
                return redirect("notices:receipt", receipt_no=objection.receipt_no)
        status = 400
    return render(
        request,
        "notices/objection_form.html",
        {"notice": notice, "form": form, "window_open": notice.window_open, "window_ended": notice.window_ended},
        status=status,
    )


def receipt(request, receipt_no: str):
    """The objector's receipt: number, time and whether it was accepted. No identity shown."""
    objection = (
        Objection.objects.select_related("notice", "notice__page", "notice_candidate")
        .only(
            "receipt_no",
            "submitted_at",
            "status",
            "rejection_reason",
            "verification_deadline",
            "notice__title",
            "notice__page",
            "notice_candidate__published_name",
        )
        .filter(receipt_no=receipt_no)
        .first()
    )
    if objection is None:
        raise Http404()
    return render(request, "notices/receipt.html", {"objection": objection})


# --- the candidate ----------------------------------------------------------------------------


@login_required
def my_objections(request):
    return render(
        request,
        "notices/my_objections.html",
        {"objections": selectors.objections_against_my_organizations(request.user)},
    )


# --- the secretariat -----------------------------------------------------------------------------


def _secretariat_only(request) -> None:
    if not getattr(request.user, "is_secretariat", False):
        raise PermissionDenied


@login_required
def staff_desk(request):
    """The notice desk and, below it, the objection desk: two lists of 50 with their own page numbers."""
    _secretariat_only(request)
    notices, notice_query = paginate(request, selectors.notices_for_staff(request.user))
    objections, objection_query = paginate(
        request, selectors.objections_for_staff(request.user), param="objections_page"
    )
    return render(
        request,
        "notices/staff_desk.html",
        {
            "notices": notices,
            "notice_query": notice_query,
            "objections": objections,
            "objection_query": objection_query,
            "editions": selectors.editions_with_proposed_candidates(),
        },
    )


@login_required
def staff_open_notice(request, edition_id: int):
    _secretariat_only(request)
    from workflows.models import Edition

    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        raise Http404()
    proposed = selectors.proposed_candidates(edition)
    by_key = dict(proposed)
    choices = [(key, f"{d.organization.name}（{getattr(d, 'get_tier_display', lambda: '')()}）") for key, d in proposed]
    form = OpenNoticeForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.open_public_notice(
                [by_key[key] for key in form.cleaned_data["candidates"]],
                actor=request.user,
                title=form.cleaned_data["title"],
                start=form.cleaned_data["start"],
            )
        except (WorkflowError, CalendarDataMissing) as exc:
            form.add_error(None, _error_message(exc))
        else:
            messages.success(request, _("公示已发布。"))
            return redirect("notices:staff_notice", notice_id=notice.pk)
    return render(request, "notices/staff_open_notice.html", {"edition": edition, "form": form})


@login_required
def staff_notice(request, notice_id: int):
    _secretariat_only(request)
    notice = selectors.notice_with_candidates(notice_id)
    if notice is None:
        raise Http404()
    return render(
        request,
        "notices/staff_notice.html",
        {
            "notice": notice,
            "lines": selectors.notice_lines(notice, request.user),
            "may_close": selectors.may_close_notice(notice, request.user),
            "objections": selectors.objections_for_staff(request.user).filter(notice=notice),
            "approval_form": ApprovalForm(),
        },
    )


@login_required
@require_POST
def staff_close_notice(request, notice_id: int):
    _secretariat_only(request)
    notice = PublicNotice.objects.filter(pk=notice_id).first()
    if notice is None:
        raise Http404()
    if not selectors.may_close_notice(notice, request.user):
        messages.error(request, _("此公示现在不能结束。"))
        return redirect("notices:staff_notice", notice_id=notice_id)
    try:
        services.close_public_notice(notice, actor=request.user)
    except (WorkflowError, CalendarDataMissing) as exc:
        messages.error(request, _error_message(exc))
    else:
        messages.success(request, _("公示已结束，进入政府审定。"))
    return redirect("notices:staff_notice", notice_id=notice_id)


@login_required
@require_POST
def staff_record_approval(request, line_id: int):
    _secretariat_only(request)
    line = NoticeCandidate.objects.filter(pk=line_id).first()
    if line is None:
        raise Http404()
    form = ApprovalForm(request.POST)
    candidate = line.candidate
    if candidate is None or not desks.allowed(candidate, request.user, selectors.APPROVAL_TRANSITIONS):
        messages.error(request, _("此对象现在不能登记审定结果。"))
    elif not form.is_valid():
        messages.error(request, _("请填写审定结果、文号和日期。"))
    else:
        try:
            services.record_government_approval(
                line,
                approved=form.cleaned_data["approved"],
                document_no=form.cleaned_data["document_no"],
                approved_on=form.cleaned_data["approved_on"],
                actor=request.user,
            )
        except (WorkflowError, CalendarDataMissing) as exc:
            messages.error(request, _error_message(exc))
        else:
            messages.success(request, _("审定结果已登记。"))
    return redirect("notices:staff_notice", notice_id=line.notice_id)


@login_required
def staff_objection(request, objection_id: int):
    _secretariat_only(request)
    objection = selectors.objection_for_staff(request.user, objection_id)
    if objection is None:
        raise Http404()
    form = ObjectionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_objection(
                objection,
                substantiated=form.cleaned_data["substantiated"],
                fraud=form.cleaned_data["fraud"],
                memo=form.cleaned_data["memo"],
                actor=request.user,
            )
        except (WorkflowError, CalendarDataMissing) as exc:
            form.add_error(None, _error_message(exc))
        else:
            messages.success(request, _("核查结论已登记。"))
            return redirect(reverse("notices:staff_objection", args=[objection.pk]))
    return render(
        request, "notices/staff_objection.html", {"objection": objection, "form": form, "now": timezone.now()}
    )


@login_required
def staff_objection_file(request, file_id: int):
    objection_file = selectors.objection_file_for_staff(request.user, file_id)
    return document_download_response(objection_file.document if objection_file else None, allowed=bool(objection_file))


def sealed_notice_pdf(request, page_id: int):
    """A published notice page's sealed PDF; 404 for a page not live or without one (docs/electronic-seal.md)."""
    from cms.models import NoticePage

    from .sealed import sealed_pdf_of

    page = NoticePage.objects.live().filter(pk=page_id).first()
    document = sealed_pdf_of(page) if page is not None else None
    return document_download_response(document, allowed=document is not None)
