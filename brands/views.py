"""Public zones directory (with the province map), zone profiles, the creating body's workspace
(application forms, figures, reports, extension, acceptance), the provincial recommender's screen
and the secretariat's desk. Each view validates input and calls one service or selector.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_fsm import can_proceed

from workflows import desks
from workflows.eligibility.views import credit_screening_context
from workflows.exceptions import NotPermitted, WorkflowError
from workflows.form_messages import errors_in_one_line
from workflows.review import feedback as review_feedback
from workflows.review.release import as_applicant_sees
from workflows.staff_desks import (
    desk_listing,
    perform_bulk_request,
    staff_navigation,
)
from workflows.workdays import CalendarDataMissing

from . import selectors, services
from .forms import (
    ApprovalForm,
    DirectoryFilterForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    NoticeStartForm,
    PanelForm,
    ReasonForm,
    RecognitionForm,
    RecommenderZoneDecisionForm,
    RevocationForm,
    StaffZoneFilterForm,
    ZoneApplicationForm,
    ZoneCreateForm,
    ZoneReportForm,
    ZoneYearFiguresForm,
)
from .models import CREATING_STATES, State, Zone
from .provinces import MAP_HEIGHT, MAP_WIDTH, TILE, map_tiles, province_name

PAGE_SIZE = 30


def zone_directory(request):
    form = DirectoryFilterForm(request.GET)
    # is_valid() keeps the valid filters in cleaned_data: an invalid value is ignored, never an error page.
    form.is_valid()
    data = form.cleaned_data
    filters = selectors.DirectoryFilters(
        status=data.get("status") or "",
        province=data.get("province") or "",
        industry=data.get("industry") or "",
        year=data.get("year"),
    )
    page = Paginator(selectors.directory_zones(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("province", None)
    return render(
        request,
        "brands/zone_directory.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "rows": [(as_applicant_sees(zone), province_name(zone.province_code)) for zone in page.object_list],
            "options": selectors.directory_filter_options(),
            "tiles": map_tiles(selectors.zone_counts_by_province(filters), filters.province),
            "map_width": MAP_WIDTH,
            "map_height": MAP_HEIGHT,
            "tile": TILE,
            "province_query": query.urlencode(),
        },
    )


def zone_profile(request, pk: int):
    zone = selectors.public_zone_profile(pk)
    return render(
        request,
        "brands/zone_profile.html",
        {
            "zone": as_applicant_sees(zone),
            "province_name": province_name(zone.province_code),
            "figures": list(zone.year_figures.all()),
            "timeline": selectors.zone_timeline(zone),
        },
    )


# --- the creating body's workspace ------------------------------------------------------------
@login_required
def my_zones(request):
    from workflows.titles.selectors import titles_of_member

    is_creating_body = selectors.creating_bodies_of(request.user).exists()
    return render(
        request,
        "brands/my_zones.html",
        {
            "zones": [as_applicant_sees(zone) for zone in selectors.zones_of_member(request.user)],
            "open_editions": list(selectors.open_zone_editions()) if is_creating_body else [],
            "titles": list(titles_of_member(request.user)),  # the zone's certificate, linked (issue 18, problem 7)
        },
    )


@login_required
def new_zone(request, edition_pk: int):
    """Start a zone application (草稿) for an open zone edition; only creating bodies may apply."""
    edition = get_object_or_404(selectors.zone_editions(), pk=edition_pk)
    bodies = selectors.creating_bodies_of(request.user)
    if not bodies.exists():
        raise PermissionDenied(gettext("只有地方人民政府或园区管理委员会可以申报示范区。"))
    form = ZoneCreateForm(request.POST or None, bodies=bodies, initial={"organization": bodies.first()})
    if request.method == "POST":
        if form.is_valid():
            try:
                zone = services.create_zone(
                    edition=edition,
                    organization=form.cleaned_data["organization"],
                    actor=request.user,
                    **form.service_data(),
                )
            except WorkflowError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    gettext("申报草稿已创建，请填报年度数据后提交。"),
                )
                return redirect("brands:workspace", pk=zone.pk)
        else:
            messages.error(request, gettext("请修正标出的错误。"))
    return render(request, "brands/zone_form.html", {"form": form, "edition": edition, "zone": None})


@login_required
def edit_zone(request, pk: int):
    zone = selectors.member_zone(request.user, pk)
    if zone.state != State.DRAFT:
        messages.error(request, gettext("只有草稿可以修改。"))
        return redirect("brands:workspace", pk=zone.pk)
    form = ZoneApplicationForm(request.POST or None, instance=zone)
    status = 200
    if request.method == "POST":
        # One form: an upload saves what was typed first, so picking a file never loses an edit.
        files = {
            slot: request.FILES[f"file_{slot}"] for slot in _document_slots(zone) if f"file_{slot}" in request.FILES
        }
        uploading = bool(request.POST.get("upload")) or bool(files)
        if form.is_valid():
            try:
                services.update_zone_draft(
                    zone,
                    actor=request.user,
                    expected_state=request.POST.get("expected_state") or None,
                    **form.service_data(),
                )
            except WorkflowError as error:
                messages.error(request, error.message)
                status = 400
            else:
                refused = _upload_zone_files(request, zone, files)
                if not uploading:
                    messages.success(request, gettext("草稿已保存。"))
                    return redirect("brands:workspace", pk=zone.pk)
                if not refused:
                    if not files:
                        messages.error(request, gettext("请先选择要上传的文件；已填写的内容已保存。"))
                    return redirect(reverse("brands:edit", args=[zone.pk]) + "#documents")
                status = 400
        else:
            messages.error(request, gettext("请修正标出的错误。"))
            if files:
                messages.error(request, gettext("文件尚未上传：请修正标出的错误后重新选择文件。"))
            status = 400
    return render(
        request,
        "brands/zone_form.html",
        {"form": form, "edition": zone.edition, "zone": zone, "documents": selectors.zone_documents(zone)},
        status=status,
    )


def _document_slots(zone) -> list[str]:
    return [required["slot"] for required in selectors.required_zone_documents(zone.edition)]


def _upload_zone_files(request, zone, files) -> bool:
    """Store each chosen file in its slot; a refused file is a message naming it. True if any was refused."""
    refused = False
    labels = {
        required["slot"]: gettext(str(required["label"]))
        for required in selectors.required_zone_documents(zone.edition)
    }
    for slot, uploaded in files.items():
        try:
            services.upload_zone_document(zone, user=request.user, slot=slot, uploaded_file=uploaded)
        except WorkflowError as error:
            refused = True
            messages.error(request, gettext("%(row)s：%(reason)s") % {"row": labels[slot], "reason": error.message})
        else:
            messages.success(
                request, gettext("已上传：%(label)s（%(name)s）。") % {"label": labels[slot], "name": uploaded.name}
            )
    return refused


def _workspace(request, zone, **forms):
    seen = as_applicant_sees(zone)  # a held acceptance result stays hidden (workflows/review/release.py)
    withheld = seen is not zone
    context = {
        "zone": seen,
        "reports": list(zone.reports.all()),
        "figures": list(zone.year_figures.all()),
        "report_form": ZoneReportForm(initial={"year": timezone.localdate().year}),
        # The states services.file_report accepts a report in (building, or demonstrating).
        "can_file_report": seen.state in (*CREATING_STATES, State.DEMONSTRATION, State.EXPIRY_REVIEW),
        "extension_form": ExtensionRequestForm(),
        "figures_form": ZoneYearFiguresForm(initial={"year": timezone.localdate().year - 1}),
        "withdraw_form": ReasonForm(initial={"expected_state": zone.state}),
        "can_edit_figures": seen.state in services.FIGURE_STATES and not withheld,
        # Offering it or not would tell the held result.
        "can_withdraw": can_proceed(zone.withdraw, check_conditions=False) and not withheld,
        "missing": selectors.missing_for_submission(zone) if zone.state == State.DRAFT else [],
        "next_step": selectors.zone_next_step(seen),  # for the state the body may see
        "documents": selectors.zone_documents(zone),
        "timeline": selectors.member_timeline(zone),
        "feedback_url": _feedback_url(zone),
    }
    context.update(forms)
    return render(request, "brands/zone_workspace.html", context, status=400 if forms else 200)


def _feedback_url(zone) -> str:
    """The engine's download of the zone's feedback report once released and due (docs/feedback-report.md)."""
    if not review_feedback.available_to_applicant(zone):
        return ""
    content_type = ContentType.objects.get_for_model(Zone)
    return reverse("review:feedback_report", args=[content_type.pk, zone.pk])


@login_required
def zone_workspace(request, pk: int):
    return _workspace(request, selectors.member_zone(request.user, pk))


@login_required
def zone_document(request, pk: int, doc_pk: int):
    """One of the zone's current documents, for its creating body; another body's zone is a 404."""
    return _zone_document(request, selectors.member_zone(request.user, pk), doc_pk, purpose="zone:member")


def _zone_document(request, zone, doc_pk: int, *, purpose: str):
    """Served by the engine's document download (presigned on S3, streamed otherwise); each opening
    is recorded. A document that is not the zone's current one is a 404."""
    from workflows.documents.services import document_download_response, record_document_access

    document = selectors.zone_document(zone, doc_pk)
    if document is None:
        raise Http404
    record_document_access(document, user=request.user, purpose=purpose)
    return document_download_response(document, allowed=True)


@login_required
@require_POST
def record_zone_figures(request, pk: int):
    zone = selectors.member_zone(request.user, pk)
    form = ZoneYearFiguresForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请修正年度数据中标出的错误。"))
        return _workspace(request, zone, figures_form=form)
    try:
        services.record_year_figures(zone, actor=request.user, **form.service_data())
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("年度数据已保存。"))
    return redirect("brands:workspace", pk=zone.pk)


@login_required
@require_POST
def submit_zone(request, pk: int):
    def action(zone):
        services.submit_zone(zone, actor=request.user, expected_state=request.POST.get("expected_state") or None)
        return gettext("申请已提交省级推荐单位。")

    return _act(request, pk, action)


@login_required
@require_POST
def withdraw_zone(request, pk: int):
    form = ReasonForm(request.POST)

    def action(zone):
        if not form.is_valid():
            raise WorkflowError(errors_in_one_line(form))
        services.withdraw_zone(
            zone,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            expected_state=form.cleaned_data["expected_state"] or None,
        )
        return gettext("申请已撤回。")

    return _act(request, pk, action)


def _act(request, pk: int, action) -> HttpResponseRedirect:
    """Run one service for the member's zone; users' mistakes become a message, never a 500."""
    zone = selectors.member_zone(request.user, pk)
    try:
        done = action(zone)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        if done:
            messages.success(request, done)
    return redirect("brands:workspace", pk=zone.pk)


@login_required
@require_POST
def file_zone_report(request, pk: int):
    form = ZoneReportForm(request.POST)

    def action(zone):
        if not form.is_valid():
            raise WorkflowError(gettext("请完整填写报告。"))
        services.file_report(zone, actor=request.user, **form.cleaned_data)
        return gettext("报告已提交。")

    return _act(request, pk, action)


@login_required
@require_POST
def request_zone_extension(request, pk: int):
    form = ExtensionRequestForm(request.POST)

    def action(zone):
        if not form.is_valid():
            raise WorkflowError(gettext("请填写延期理由。"))
        services.request_extension(zone, actor=request.user, reason=form.cleaned_data["reason"])
        return gettext("延期申请已提交，待审批。")

    return _act(request, pk, action)


@login_required
@require_POST
def apply_zone_acceptance(request, pk: int):
    def action(zone):
        services.apply_for_acceptance(zone, actor=request.user)
        return gettext("验收申请已提交。")

    return _act(request, pk, action)


# --- provincial recommender ------------------------------------------------------------------
def _require_recommender(request) -> list[str]:
    """The region prefixes the user recommends for; users without a recommender grant get 403."""
    prefixes = selectors.recommender_prefixes(request.user)
    if not prefixes:
        raise PermissionDenied()
    return prefixes


@login_required
def recommender_zones(request):
    prefixes = _require_recommender(request)
    decided = request.GET.get("decided") == "1"
    page = Paginator(selectors.recommender_zones(prefixes, decided=decided), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "brands/recommender_zones.html", {"page_obj": page, "decided": decided})


@login_required
def recommender_zone(request, pk: int):
    zone = selectors.recommender_zone(_require_recommender(request), pk)
    form = RecommenderZoneDecisionForm(initial={"expected_state": zone.state})
    return render(
        request,
        "brands/recommender_zone.html",
        {
            "zone": zone,
            "figures": list(zone.year_figures.all()),
            "form": form if zone.state in selectors.RECOMMENDER_STATES else None,
            "history": selectors.zone_audit_log(zone),
        },
    )


@login_required
@require_POST
def recommender_decide(request, pk: int):
    zone = selectors.recommender_zone(_require_recommender(request), pk)
    form = RecommenderZoneDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_in_one_line(form))
        return redirect("brands:recommender_zone", pk=zone.pk)
    data = form.cleaned_data
    try:
        if data["decision"] == "recommend":
            services.recommend_zone(
                zone, actor=request.user, reason=data["reason"], expected_state=data["expected_state"]
            )
            messages.success(request, gettext("已推荐。"))
        else:
            services.not_recommend_zone(
                zone, actor=request.user, reason=data["reason"], expected_state=data["expected_state"]
            )
            messages.success(request, gettext("已作出不予推荐决定。"))
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        messages.error(request, error.message)
    return redirect("brands:recommender_zone", pk=zone.pk)


# --- secretariat desk --------------------------------------------------------------------------
def _require_secretariat(request) -> None:
    if not request.user.is_secretariat:
        raise PermissionDenied()


@login_required
def staff_zones(request):
    """The zone desk: state tabs with counts, filters in the URL, pages, bulk actions."""
    _require_secretariat(request)
    form = StaffZoneFilterForm(request.GET or None, editions=list(selectors.zone_editions()))
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.StaffFilters(
        edition_id=data.get("edition"), province=data.get("province") or "", query=data.get("q") or ""
    )
    listing = desk_listing(
        request,
        selectors.staff_zones(filters),
        choices=State.choices,
        state=data.get("state") or "",
        per_page=PAGE_SIZE,
        bulk=desks.bulk_actions(Zone),
        offered=lambda zones: desks.offered_for_rows(zones, request.user),
    )
    listing["rows"] = [(zone, province_name(zone.province_code), names) for zone, names in listing.pop("row_actions")]
    context = {"form": form, **listing, "staff_nav": staff_navigation(request.user, "zones")}
    return render(request, "brands/staff_zones.html", context)


@login_required
@require_POST
def staff_zones_bulk(request):
    """One bulk action on the checked zones; each zone on its own (one refusal leaves the rest done)."""
    _require_secretariat(request)
    return perform_bulk_request(
        request,
        bulk=desks.bulk_actions(Zone),
        rows_by_ids=selectors.staff_zones_by_ids,
        perform_one=_run_staff_action,
        list_url=reverse("brands:staff_list"),
    )


# The desk's buttons are declared on the zone's transitions (brands/models.py, `on_desk`); here
# only the forms they show, by the key the button names.
DESK_FORMS = {
    "approval": ApprovalForm,
    "reason": ReasonForm,
    "panel": PanelForm,
    "notice": NoticeStartForm,
    "recognition": RecognitionForm,
    "revocation": RevocationForm,
    "extension": ExtensionDecisionForm,
}


def _bound_initial(action, zone):
    form_class = DESK_FORMS.get(action.form)
    if form_class is None:
        return None
    initial = {"expected_state": zone.state}
    if form_class is PanelForm:
        initial["name"] = f"{zone.name}验收专家组"
    return form_class(initial=initial)


@login_required
def staff_zone(request, pk: int):
    _require_secretariat(request)
    zone = selectors.staff_zone(pk)
    return render(
        request,
        "brands/staff_zone.html",
        {
            "zone": zone,
            "province_name": province_name(zone.province_code),
            "figures": list(zone.year_figures.all()),
            "reports": list(zone.reports.all()),
            "indicator_scores": list(zone.indicator_scores.all()),
            "actions": [
                (action.name, action.label, _bound_initial(action, zone), action.danger)
                for action in desks.offered(zone, request.user)
            ],
            "history": selectors.zone_audit_log(zone),
            "documents": selectors.zone_documents(zone),
            "panels": selectors.zone_panels(zone),
            "notice_lines": selectors.zone_notice_lines(zone),
            "title": services.zone_title(zone),
            "on_notice_desk": selectors.handled_by_notice_desk(zone),
            **credit_screening_context(zone, request.user),
        },
    )


@login_required
def staff_zone_document(request, pk: int, doc_pk: int):
    _require_secretariat(request)
    return _zone_document(request, selectors.staff_zone(pk), doc_pk, purpose="zone:staff")


def _run_staff_action(name: str, zone, post, user) -> str:
    """Validate the button's form and call its service; returns the success message."""
    expected = post.get("expected_state") or None
    action = next((a for a in desks.offered(zone, user) if a.name == name), None)
    if action is None:
        raise WorkflowError(desks.why_not_offered(zone, user, name))
    form_class = DESK_FORMS.get(action.form)
    form = form_class(post) if form_class else None
    if form is not None and not form.is_valid():
        raise WorkflowError(errors_in_one_line(form))
    data = form.cleaned_data if form else {}
    if name == "pass_precheck":
        services.transition_zone(
            zone, "start_expert_assessment", actor=user, expected_state=expected, reason="验收预审通过"
        )
    elif name == "approve":
        services.approve_for_creation(
            zone, actor=user, approval_doc_no=data["approval_doc_no"], reason=data["reason"], expected_state=expected
        )
    elif name == "reject":
        services.reject_zone(zone, actor=user, reason=data["reason"], expected_state=expected)
    elif name == "return_with_feedback":
        services.return_with_feedback(zone, actor=user, feedback=data["reason"], expected_state=expected)
    elif name == "decide_extension":
        services.decide_extension(zone, actor=user, grant=data["grant"], note=data["note"])
    elif name == "open_indicator_review":
        services.open_indicator_review(
            [zone], actor=user, name=data["name"], deadline=data["deadline"], size=data["size"]
        )
        return gettext("专家组已组建，请在评审管理中抽取专家。")
    elif name == "conclude_assessment":
        total = services.conclude_expert_assessment(zone, actor=user)
        return gettext("验收得分 %(total)s。") % {"total": total}
    elif name == "put_on_public_notice":
        services.put_on_public_notice([zone], actor=user, start=data["start"])
    elif name == "recognize":
        services.recognize_zone(zone, actor=user, document_no=data["document_no"], approved_on=data["approved_on"])
    elif name == "renew":
        services.renew_zone(zone, actor=user, reason=data["reason"], expected_state=expected)
    elif name == "expire":
        services.expire_zone(zone, actor=user, reason=data["reason"], expected_state=expected)
    elif name == "revoke":
        services.revoke_zone(
            zone,
            actor=user,
            reason=data["reason"],
            trigger=data["trigger"],
            authority=data["authority"],
            document_no=data["document_no"],
            expected_state=expected,
        )
    else:  # a plain button: the transition alone (start_national_review, start_acceptance_precheck...)
        services.transition_zone(zone, action.transition, actor=user, expected_state=expected)
    return gettext("已处理。")


@login_required
@require_POST
def staff_zone_action(request, pk: int):
    _require_secretariat(request)
    zone = selectors.staff_zone(pk)
    action = request.POST.get("action", "")
    if action not in desks.declared(Zone):
        raise Http404()
    try:
        done = _run_staff_action(action, zone, request.POST, request.user)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        messages.error(request, error.message)
    except CalendarDataMissing as error:  # a notice in a year whose holidays are not entered yet
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("brands:staff_zone", pk=zone.pk)
