"""HTTP for certificate verification, the winners directory and the secretariat's title desk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows import desks
from workflows.documents.services import document_download_response
from workflows.exceptions import WorkflowError
from workflows.staff_desks import paginate
from workflows.workdays import CalendarDataMissing

from . import selectors, services
from .forms import ReviewConclusionForm, RevocationForm, VerifyForm
from .models import PeriodicReview, RecoveryTask, Title


def _error_message(exc: Exception) -> str:
    return getattr(exc, "message", None) or str(exc)


def winners(request):
    year = request.GET.get("year", "")
    titles = selectors.public_winners(
        program_slug=request.GET.get("program", ""), year=int(year) if year.isdigit() else None
    )
    return render(request, "titles/winners.html", {"titles": titles})


def verify(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("titles:verify_certificate", serial_no=form.cleaned_data["serial"].strip().upper())
    return render(request, "titles/verify.html", {"form": form})


def verify_certificate(request, serial_no: str):
    status = selectors.certificate_status(serial_no)
    return render(
        request,
        "titles/verify.html",
        {"form": VerifyForm(initial={"serial": serial_no}), "result": status},
        status=404 if status.status == "unknown" else 200,
    )


def verify_certificate_json(request, serial_no: str):
    status = selectors.certificate_status(serial_no)
    return JsonResponse(
        status.as_json(), status=404 if status.status == "unknown" else 200, json_dumps_params={"ensure_ascii": False}
    )


@login_required
def download_certificate(request, serial_no: str):
    certificate = selectors.certificate_for_download(request.user, serial_no)
    return document_download_response(certificate.pdf if certificate else None, allowed=certificate is not None)


# --- the secretariat -------------------------------------------------------------------------------


def _secretariat_only(request) -> None:
    if not getattr(request.user, "is_secretariat", False):
        raise PermissionDenied


# Where each button of the title desk goes: a button with a form opens its page, a plain one posts.
DESK_URLS = {"restore": "titles:staff_restore", "revoke": "titles:staff_revoke"}


def _offered(title: Title, user, name: str) -> desks.DeskAction | None:
    """The desk's button `name` if django-fsm allows `user` that transition on `title` now."""
    return next((action for action in desks.offered(title, user) if action.name == name), None)


@login_required
def staff_titles(request):
    _secretariat_only(request)
    page, query = paginate(request, selectors.titles_for_staff(request.user))
    titles = list(page.object_list)
    offered = desks.offered_for_rows(titles, request.user)
    for title in titles:
        title.desk_actions = [
            (action, reverse(DESK_URLS[action.name], args=[title.pk])) for action in offered[title.pk]
        ]
    return render(request, "titles/staff_titles.html", {"titles": titles, "page_obj": page, "query": query})


@login_required
def staff_reviews(request):
    _secretariat_only(request)
    page, query = paginate(request, selectors.reviews_for_staff(request.user))
    return render(
        request,
        "titles/staff_reviews.html",
        {"reviews": page, "page_obj": page, "query": query, "conclusion_form": ReviewConclusionForm()},
    )


@login_required
@require_POST
def staff_review_action(request, review_id: int):
    """Start a periodic review, or record its conclusion (passed / admonished / rectification)."""
    _secretariat_only(request)
    review = PeriodicReview.objects.select_related("title").filter(pk=review_id).first()
    if review is None:
        raise Http404()
    form = ReviewConclusionForm(request.POST)
    try:
        if review.started_at is None:
            services.start_periodic_review(review, actor=request.user)
        elif form.is_valid():
            services.conclude_periodic_review(
                review, outcome=form.cleaned_data["outcome"], memo=form.cleaned_data["memo"], actor=request.user
            )
        else:
            messages.error(request, _("请选择复评结论并填写意见。"))
    except (WorkflowError, CalendarDataMissing) as exc:
        messages.error(request, _error_message(exc))
    return redirect("titles:staff_reviews")


@login_required
@require_POST
def staff_restore(request, title_id: int):
    _secretariat_only(request)
    title = Title.objects.filter(pk=title_id).first()
    if title is None:
        raise Http404()
    if _offered(title, request.user, "restore") is None:
        messages.error(request, _("此称号现在不能这样处理。"))
        return redirect("titles:staff_titles")
    try:
        services.restore_title(title, actor=request.user, memo=request.POST.get("memo", "")[:2000])
    except WorkflowError as exc:
        messages.error(request, _error_message(exc))
    return redirect("titles:staff_titles")


@login_required
def staff_revocations(request):
    _secretariat_only(request)
    page, query = paginate(request, selectors.revocations_for_staff(request.user))
    return render(request, "titles/staff_revocations.html", {"revocations": page, "page_obj": page, "query": query})


@login_required
def staff_revoke(request, title_id: int):
    _secretariat_only(request)
    title = Title.objects.select_related("edition", "certificate").filter(pk=title_id).first()
    if title is None:
        raise Http404()
    action = _offered(title, request.user, "revoke")
    if action is None:
        messages.error(request, _("此称号现在不能这样处理。"))
        return redirect("titles:staff_titles")
    form = RevocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and action.needs_reason and not form.cleaned_data["reason"].strip():
        form.add_error("reason", _("请填写理由。"))
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_title(title, actor=request.user, **form.cleaned_data)
        except (WorkflowError, CalendarDataMissing) as exc:
            form.add_error(None, _error_message(exc))
        else:
            messages.success(request, _("称号已撤销，撤销公告已发布。"))
            return redirect("titles:staff_revocations")
    return render(request, "titles/staff_revoke.html", {"title": title, "form": form})


@login_required
@require_POST
def staff_complete_recovery(request, task_id: int):
    _secretariat_only(request)
    task = RecoveryTask.objects.filter(pk=task_id).first()
    if task is None:
        raise Http404()
    try:
        services.complete_recovery_task(task, actor=request.user, note=request.POST.get("note", "")[:300])
    except (WorkflowError, CalendarDataMissing) as exc:
        messages.error(request, _error_message(exc))
    return redirect("titles:staff_revocations")
