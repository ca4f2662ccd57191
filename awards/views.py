"""HTTP for the applicant portal, the recommender queue and the secretariat screens.

Each view calls one selector or service; WorkflowError messages become flash messages.
Who may see a dossier is decided by selectors.application_for (404 for outsiders); a role
acting outside its part gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_fsm import can_proceed

from accounts.fields import warn_about_credit_codes
from accounts.models import Organization
from workflows import desks
from workflows.documents.services import document_download_response
from workflows.eligibility.models import RuleResult
from workflows.eligibility.selectors import credit_checks_for, rule_results_for, with_shown_details
from workflows.eligibility.views import credit_screening_context
from workflows.exceptions import NotPermitted, WorkflowError
from workflows.models import Edition
from workflows.review import feedback as review_feedback
from workflows.review import selectors as review_selectors
from workflows.review import services as review_services
from workflows.review import summaries as review_summaries
from workflows.review.forms import AvoidanceRequestForm
from workflows.selectors import labelled_history
from workflows.staff_desks import query_without, read_bulk_request, report_bulk_outcome, staff_navigation, state_tabs

from . import selectors, services
from .forms import (
    ApplicationForm,
    PreliminaryReviewForm,
    QualificationResultForm,
    RecommenderDecisionForm,
    StaffFilterForm,
    UploadForm,
)
from .models import Section, State

PAGE_SIZE = 50


def _fail(request, exc: WorkflowError):
    if isinstance(exc, NotPermitted):
        raise PermissionDenied(exc.message)
    messages.error(request, exc.message)


# --- applicant --------------------------------------------------------------------------
@login_required
def dashboard(request):
    applications = list(selectors.applications_of_user(request.user))
    applied_editions = {a.edition_id for a in applications}
    editions = [e for e in selectors.open_editions_for_applicant() if e.pk not in applied_editions]
    from workflows.titles.selectors import titles_of_member

    context = {"applications": applications, "open_editions": editions, "titles": list(titles_of_member(request.user))}
    return render(request, "awards/dashboard.html", context)


@login_required
def apply(request, edition_pk: int):
    edition = get_object_or_404(Edition.objects.select_related("program"), pk=edition_pk)
    organizations = list(Organization.objects.filter(memberships__user=request.user))
    if not organizations:
        raise PermissionDenied(_("请使用申报单位账号登录。"))
    if request.method == "POST":
        chosen = next((o for o in organizations if str(o.pk) == request.POST.get("organization")), organizations[0])
        try:
            application = services.start_application(edition=edition, organization=chosen, user=request.user)
        except WorkflowError as exc:
            _fail(request, exc)
        else:
            return redirect("awards:edit", pk=application.pk)
    bans = [(o, selectors.ban_of(o, edition)) for o in organizations]
    return render(
        request,
        "awards/apply.html",
        {"edition": edition, "organizations": organizations, "bans": [(o, b) for o, b in bans if b]},
    )


def _applicant_application(request, pk: int):
    application, access = selectors.application_for(request.user, pk)
    if not access.applicant:
        raise PermissionDenied()
    return application


@login_required
def edit(request, pk: int):
    """The application form: every section, the documents and the submit button in one form.

    Each section has its own save button, and choosing files or pressing 上传/提交 also saves what
    was typed first, so no button throws away unsaved edits. A form that does not validate is
    shown again with everything typed kept (files chosen must be picked again: browsers never
    re-fill file inputs).
    """
    application = _applicant_application(request, pk)
    editable = selectors.editable_sections(application)
    if not editable:
        return redirect("awards:detail", pk=pk)
    items = selectors.assessment_items(application.edition)
    form = ApplicationForm(request.POST or None, application=application, items=items, editable=editable)
    status = 200
    if request.method == "POST":
        anchor = _section_anchor(request.POST.get("save") or ("documents" if "upload" in request.POST else ""))
        if form.is_valid():
            try:
                services.save_draft(
                    application,
                    user=request.user,
                    data=form.service_data(),
                    expected_state=request.POST.get("expected_state") or None,
                )
            except WorkflowError as exc:
                _fail(request, exc)
                return redirect("awards:edit", pk=pk)
            uploaded = _store_chosen_files(request, application)
            if "submit_application" in request.POST:
                return _submit_from_form(request, application)
            if not uploaded and "upload" not in request.POST:
                messages.success(request, _("草稿已保存。"))
            return redirect(reverse("awards:edit", args=[pk]) + anchor)
        status = 422
        messages.error(request, _("请修正标出的错误。"))
        if request.FILES:
            messages.warning(request, _("所选文件尚未上传：请修正错误后重新选择文件。"))
    checklist = selectors.submission_checklist(application)
    context = {
        "application": application,
        "form": form,
        "editable": editable,
        "required_documents": _required_documents(application),
        "missing": checklist,
        "sections": _section_marks(editable, checklist),
        "profile_url": reverse("accounts:organization", args=[application.organization_id])
        + "?next="
        + reverse("awards:edit", args=[pk]),
    }
    return render(request, "awards/edit.html", context, status=status)


SECTION_TITLES = [
    (Section.BASIC, gettext_lazy("一、基本信息")),
    (Section.PROFILE, gettext_lazy("二、组织概述")),
    (Section.SELF_ASSESSMENT, gettext_lazy("三、自评")),
    (Section.KEY_FIGURES, gettext_lazy("四、关键指标")),
    (Section.DECLARATIONS, gettext_lazy("五、资格声明与诚信承诺")),
    (Section.DOCUMENTS, gettext_lazy("六、申报材料")),
]


def _section_anchor(section: str) -> str:
    return f"#section-{section}" if section in Section.values else ""


def _section_marks(editable: set[str], checklist) -> list[dict]:
    """Navigation entries: each section, whether it may be edited now and how many items it still lacks."""
    open_items: dict[str, int] = {}
    for item in checklist:
        open_items[item.where] = open_items.get(item.where, 0) + 1
    return [
        {"key": key, "title": title, "editable": key in editable, "missing": open_items.get(key, 0)}
        for key, title in SECTION_TITLES
    ]


def _store_chosen_files(request, application) -> int:
    """Upload every file chosen in the form's document inputs (file_<slot>); report each result."""
    stored = 0
    for slot, label, _current in _required_documents(application):
        chosen = request.FILES.get(f"file_{slot}")
        if chosen is None:
            continue
        try:
            services.upload_document(application, user=request.user, slot=slot, uploaded_file=chosen)
        except WorkflowError as exc:
            if isinstance(exc, NotPermitted):
                raise PermissionDenied(exc.message) from None
            messages.error(request, f"{label}：{exc.message}")
        else:
            stored += 1
            messages.success(request, _("草稿已保存，文件已上传：%(label)s。") % {"label": label})
    if "upload" in request.POST and not request.FILES:
        messages.error(request, _("草稿已保存；请先选择要上传的文件。"))
    return stored


def _submit_from_form(request, application):
    try:
        services.submit_application(application, user=request.user, expected_state=application.state)
    except WorkflowError as exc:
        if isinstance(exc, services.IncompleteApplication | services.NotEligible):
            messages.error(request, _("还不能提交：请先完成“提交前还需完成”所列事项（草稿已保存）。"))
        else:
            _fail(request, exc)
        return redirect(reverse("awards:edit", args=[application.pk]) + "#checklist")
    messages.success(request, _("申报已提交。"))
    return redirect("awards:detail", pk=application.pk)


def _required_documents(application):
    current = {d.slot: d for d in selectors.current_documents(application)}
    required = selectors.edition_settings(application.edition).required_documents
    return [(r["slot"], r["label"], current.get(r["slot"])) for r in required]


def _upload_form_problem(form, uploaded) -> str:
    """What is wrong with the upload, precisely: no file chosen is not the same as an empty file."""
    if uploaded is not None and not uploaded.size:
        return _("所选文件“%(name)s”是空文件（0 字节），请检查后选择有内容的文件。") % {"name": uploaded.name}
    if uploaded is None:
        return _("请选择要上传的文件。")
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def upload(request, pk: int):
    application = _applicant_application(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _upload_form_problem(form, request.FILES.get("file")))
        return redirect("awards:edit", pk=pk)
    try:
        services.upload_document(
            application, user=request.user, slot=form.cleaned_data["slot"], uploaded_file=form.cleaned_data["file"]
        )
    except WorkflowError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("文件已上传。"))
    return redirect("awards:edit", pk=pk)


@login_required
@require_POST
def submit(request, pk: int):
    application = _applicant_application(request, pk)
    try:
        services.submit_application(
            application, user=request.user, expected_state=request.POST.get("expected_state") or None
        )
    except WorkflowError as exc:
        _fail(request, exc)
        if application.state in (State.DRAFT, State.RETURNED_FOR_CORRECTION):
            return redirect("awards:edit", pk=pk)
        return redirect("awards:detail", pk=pk)
    messages.success(request, _("申报已提交。"))
    return redirect("awards:detail", pk=pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    application = _applicant_application(request, pk)
    try:
        services.withdraw_application(
            application,
            user=request.user,
            expected_state=request.POST.get("expected_state") or None,
            reason=request.POST.get("reason", ""),
        )
    except WorkflowError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("申报已撤回。"))
    return redirect("awards:detail", pk=pk)


@login_required
def detail(request, pk: int):
    application, access = selectors.application_for(request.user, pk)
    context = {
        "application": application,
        "access": access,
        "documents": selectors.current_documents(application),
        "editable": access.applicant and bool(selectors.editable_sections(application)),
        "can_withdraw": access.applicant and can_proceed(application.withdraw, check_conditions=False),
    }
    if access.applicant:
        shown = application.applicant_state
        withheld = shown != application.state
        context["next_step"] = selectors.next_step(application, state=shown)
        context["timeline"] = selectors.applicant_timeline(application)
        context["avoidance_requests"] = list(review_selectors.applicant_avoidance_requests(application))
        context["avoidance_open"] = shown in services.AVOIDANCE_OPEN_STATES and not withheld
        if withheld:
            context["can_withdraw"] = False  # offering it or not would tell the held result
        context["feedback_available"] = review_feedback.available_to_applicant(application)
    if access.recommender or access.secretariat:
        context["history"] = labelled_history(application)
        context["preliminary_review"] = selectors.latest_preliminary_review(application)
    if access.recommender and application.state in (State.SUBMITTED, State.RECOMMENDATION_NOTICE):
        context["review_form"] = PreliminaryReviewForm()
        context["decision_form"] = RecommenderDecisionForm(initial={"expected_state": application.state})
    if access.secretariat:
        context["credit_checks"] = credit_checks_for(application)
        context["panel_summaries"] = review_summaries.sealed_summaries_for(application)
        actions = selectors.desk_actions(application, request.user)
        context["staff_actions"] = [(a.name, a.label) for a in actions if not a.needs_reason]
        context["staff_reason_actions"] = [(a.name, a.label) for a in actions if a.needs_reason]
    return render(request, "awards/detail.html", context)


@login_required
def avoidance(request, pk: int):
    """The applicant asks that named experts or an organisation's experts not review the application.

    Members of the applying organisation only (others: 404, or 403 for staff and recommenders who
    may read the dossier), and only while it is undecided. The page shows back only what the
    applicant typed and each request's status, never who in the pool it matched.
    """
    application = _applicant_application(request, pk)
    is_open = application.state in services.AVOIDANCE_OPEN_STATES
    form = AvoidanceRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review_services.file_avoidance_request(
                    application, actor=request.user, open_states=services.AVOIDANCE_OPEN_STATES, **form.cleaned_data
                )
            except WorkflowError as exc:
                if isinstance(exc, NotPermitted):
                    raise PermissionDenied(exc.message)
                form.add_error(None, exc.message)
                status = 422
            else:
                messages.success(
                    request,
                    _("回避申请已提交，请等待评审办审核。"),
                )
                warn_about_credit_codes(request, form)
                return redirect("awards:avoidance", pk=pk)
        else:
            status = 400
    context = {
        "application": application,
        "form": form,
        "is_open": is_open,
        "requests": review_selectors.applicant_avoidance_requests(application),
    }
    return render(request, "review/avoidance_request.html", context, status=status)


@login_required
def feedback_report(request, pk: int):
    """The applicant's feedback report PDF: only its own members, only once released and due (404 before)."""
    application, access = selectors.application_for(request.user, pk)
    if not access.applicant or not review_feedback.available_to_applicant(application):
        raise Http404
    report = review_feedback.build_report(application)
    if report is None:
        raise Http404
    return review_feedback.pdf_response(
        review_feedback.render_pdf(report), f"feedback-{application.reference_no or application.pk}.pdf"
    )


@login_required
def download(request, pk: int, doc_pk: int):
    application, access = selectors.application_for(request.user, pk)
    document = selectors.document_of(application, doc_pk)
    return document_download_response(document, allowed=access.any)


# --- recommender ------------------------------------------------------------------------
@login_required
def recommender_queue(request):
    if not selectors.recommender_region_prefixes(request.user):
        raise PermissionDenied()
    state = request.GET.get("state", "")
    page = Paginator(selectors.recommender_queue(request.user, state=state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    states = [(s, State(s).label) for s in selectors.RECOMMENDER_STATES]
    return render(request, "awards/recommender_queue.html", {"page": page, "state": state, "states": states})


def _recommender_application(request, pk: int):
    application, access = selectors.application_for(request.user, pk)
    if not access.recommender:
        raise PermissionDenied()
    return application


@login_required
@require_POST
def preliminary_review(request, pk: int):
    application = _recommender_application(request, pk)
    form = PreliminaryReviewForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.record_preliminary_review(
                application,
                user=request.user,
                complete=d["complete"],
                authentic=d["authentic"],
                well_formed=d["well_formed"],
                opinion=d["opinion"],
                letter=d["letter"],
            )
        except WorkflowError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("初审意见已保存。"))
    else:
        messages.error(request, _("请填写初审意见。"))
    return redirect("awards:detail", pk=pk)


@login_required
@require_POST
def recommender_decision(request, pk: int):
    application = _recommender_application(request, pk)
    form = RecommenderDecisionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择决定。"))
        return redirect("awards:detail", pk=pk)
    d = form.cleaned_data
    common = {"user": request.user, "expected_state": d["expected_state"]}
    try:
        if d["action"] == "recommend":
            if d["notice_evidence"]:
                services.file_recommendation_notice_evidence(
                    application, user=request.user, uploaded_file=d["notice_evidence"]
                )
            services.recommend_application(application, reason=d["reason"], **common)
        elif d["action"] == "open_recommendation_notice":
            services.open_recommendation_notice(application, **common)
        elif d["action"] == "return_for_correction":
            services.return_for_correction(application, defects=d["reason"], sections=d["sections"], **common)
        else:
            services.not_recommend_application(application, reason=d["reason"], **common)
    except WorkflowError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("已处理。"))
    return redirect("awards:detail", pk=pk)


# --- secretariat ------------------------------------------------------------------------
def _require_secretariat(request):
    if not request.user.is_secretariat:
        raise PermissionDenied()


@login_required
def staff_list(request):
    """The award desk: state tabs with counts, filters in the URL, pages of 50, bulk actions."""
    _require_secretariat(request)
    editions = list(Edition.objects.filter(program__kind="quality_award").order_by("-year"))
    form = StaffFilterForm(request.GET or None, editions=editions, states=State.choices)
    filters = form.cleaned_data if form.is_valid() else {}
    state = filters.get("state") or ""
    unfiltered_by_state = selectors.staff_applications(
        edition_id=filters.get("edition"),
        query=filters.get("q") or "",
        province=filters.get("province") or "",
        submitted_from=filters.get("submitted_from"),
        submitted_to=filters.get("submitted_to"),
    )
    tabs, _total = state_tabs(request.GET, unfiltered_by_state, State.choices, state)
    qs = unfiltered_by_state.filter(state=state) if state else unfiltered_by_state
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    bulk = selectors.bulk_desk_actions()
    offered = desks.offered_for_rows(rows, request.user)
    row_actions = {pk: [a.name for a in actions if a.name in bulk] for pk, actions in offered.items()}
    on_page = {name for names in row_actions.values() for name in names}
    return render(
        request,
        "awards/staff_list.html",
        {
            "page": page,
            "page_obj": page,
            "rows": [(application, row_actions[application.pk]) for application in rows],
            "form": form,
            "state_tabs": tabs,
            "query": query_without(request.GET, "page"),
            "bulk_actions": [action for name, action in bulk.items() if name in on_page],
            "staff_nav": staff_navigation(request.user, "awards"),
        },
    )


@login_required
@require_POST
def staff_bulk(request):
    """One bulk action on the checked rows; each row on its own (one refusal leaves the rest done)."""
    _require_secretariat(request)
    back = reverse("awards:staff_list") + "?" + query_without(QueryDict(request.POST.get("filters", "")), "page")
    bulk = read_bulk_request(request.POST, selectors.bulk_desk_actions())
    if bulk.problem:
        messages.error(request, bulk.problem)
        return redirect(back)
    action, ids, reason = bulk.action, bulk.ids, bulk.reason

    def perform(application):
        services.perform_desk_action(
            application,
            action.name,
            user=request.user,
            expected_state=request.POST.get(f"expected_{application.pk}") or None,
            reason=reason,
        )

    outcome = desks.perform_bulk(selectors.staff_applications_by_ids(ids), perform)
    report_bulk_outcome(request, action, outcome, label=lambda a: f"{a.organization.name}（{a.reference_no or a.pk}）")
    return redirect(back)


def _staff_application(request, pk: int):
    _require_secretariat(request)
    application, access = selectors.application_for(request.user, pk)
    if not access.secretariat:
        raise Http404()
    return application


@login_required
@require_POST
def staff_action(request, pk: int):
    application = _staff_application(request, pk)
    action = request.POST.get("action", "")
    expected = request.POST.get("expected_state") or None
    try:
        if action not in selectors.desk_transition_names():
            raise Http404()
        services.perform_desk_action(
            application, action, user=request.user, expected_state=expected, reason=request.POST.get("reason", "")
        )
    except WorkflowError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("已处理。"))
    return redirect("awards:detail", pk=pk)


@login_required
def qualification(request, pk: int):
    application = _staff_application(request, pk)
    rules = list(application.edition.eligibility_rules.all())
    if request.method == "POST":
        form = QualificationResultForm(request.POST, request.FILES)
        rule = next((r for r in rules if form.data.get("rule") == str(r.pk)), None)
        if form.is_valid() and rule is not None:
            d = form.cleaned_data
            try:
                services.record_qualification_result(
                    application,
                    user=request.user,
                    rule=rule,
                    passed=d["passed"],
                    detail=d["detail"],
                    evidence=d["evidence"],
                )
            except WorkflowError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("审查结果已记录。"))
                return redirect("awards:qualification", pk=pk)
        else:
            messages.error(request, _("请填写结论和说明。"))
    screening = credit_screening_context(application, request.user)
    results = with_shown_details(list(rule_results_for(application)), screening["credit_checks"])
    rows = [
        (rule, [r for r in results if r.rule_id == rule.pk], QualificationResultForm(initial={"rule": rule.pk}))
        for rule in rules
    ]
    return render(
        request,
        "awards/qualification.html",
        {
            "application": application,
            "rows": rows,
            "stages": RuleResult.Stage,
            **screening,
        },
    )
