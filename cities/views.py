"""City pages: the city government's workspace, the provincial leading group's screen, the
secretariat's desk and the public directory. Each view validates input and calls one service or
selector; the buttons each desk shows come from the model's transitions (selectors.desk_actions).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from workflows import desks
from workflows.dates import local_today
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
from workflows.surveys.selectors import survey_results
from workflows.workdays import CalendarDataMissing

from . import selectors, services
from .forms import (
    AcceptancePanelForm,
    ApprovalForm,
    CityForm,
    ConfirmForm,
    HearingPanelForm,
    NamingForm,
    NoticeForm,
    PlanItemForm,
    ProgressDecisionForm,
    ProgressReportForm,
    ReasonForm,
    StaffFilterForm,
    YearFiguresForm,
)
from .models import SURVEY_STATES, PlanItem, State

PAGE_SIZE = 30


# --- the city government -------------------------------------------------------------------------
@login_required
def my_cities(request):
    from workflows.titles.selectors import titles_of_member

    governments = selectors.governments_of(request.user)
    return render(
        request,
        "cities/my_cities.html",
        {
            "titles": list(titles_of_member(request.user)),  # the certificates, linked (issue 18, problem 7)
            "cities": [
                as_applicant_sees(city) for city in selectors.cities_of_member(request.user).order_by("-created_at")
            ],
            "open_editions": list(selectors.open_city_editions()) if governments.exists() else [],
        },
    )


@login_required
def new_city(request, edition_pk: int):
    edition = get_object_or_404(selectors.city_editions(), pk=edition_pk)
    governments = selectors.governments_of(request.user)
    if not governments.exists():
        raise PermissionDenied(_("只有城市人民政府可以申报示范城市。"))
    ban = selectors.ban_on_applying(governments, edition)
    if ban is not None and request.method != "POST":
        # Told before anything is typed (docs/bans.md); a POST is refused by the service with the same words.
        messages.error(request, ban.applicant_message())
        return redirect("cities:mine")
    form = CityForm(request.POST or None, governments=governments, initial={"organization": governments.first()})
    if request.method == "POST":
        if form.is_valid():
            try:
                city = services.create_city(
                    edition=edition,
                    organization=form.cleaned_data["organization"],
                    actor=request.user,
                    **form.service_data(),
                )
            except WorkflowError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("申报草稿已创建，请填报近三年数据后提交。"))
                return redirect("cities:workspace", pk=city.pk)
        else:
            messages.error(request, _("请修正标出的错误。"))
    return render(request, "cities/city_form.html", {"form": form, "edition": edition, "city": None})


@login_required
def edit_city(request, pk: int):
    city = selectors.member_city(request.user, pk)
    if city.state != State.DRAFT:
        messages.error(request, _("只有草稿可以修改。"))
        return redirect("cities:workspace", pk=city.pk)
    form = CityForm(request.POST or None, instance=city)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_city_draft(
                    city,
                    actor=request.user,
                    expected_state=request.POST.get("expected_state") or None,
                    **form.service_data(),
                )
            except WorkflowError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("草稿已保存。"))
                return redirect("cities:workspace", pk=city.pk)
        else:
            messages.error(request, _("请修正标出的错误。"))
    return render(request, "cities/city_form.html", {"form": form, "edition": city.edition, "city": city})


def _workspace(request, city, status=200, **forms):
    # A held hearing or acceptance result stays hidden until released (workflows/review/release.py):
    # the page shows the state and fields the city may see, and offers no move that would tell it.
    seen = as_applicant_sees(city)
    withheld = seen is not city
    context = {
        "city": seen,
        "figures": list(city.year_figures.all()),
        "missing_years": services.missing_profile_years(city),
        "figures_form": YearFiguresForm(years=services.profile_years(city.edition)),
        "actions": []
        if withheld
        else [
            (a, ReasonForm(initial={"expected_state": city.state}))
            for a in selectors.desk_actions(city, request.user, "city")
        ],
        "plan_items": list(city.plan_items.all()) if seen.state in PLAN_SHOWN else [],
        "plan_editable": seen.state == State.PLANNING and city.plan_submitted_at is None,
        "plan_form": PlanItemForm(),
        "history": selectors.member_history(city),
        "next_step": selectors.city_next_step(city, seen),
        "titles": _titles_of(city),  # the certificate, linked (issue 18, problem 7)
        "feedback_url": review_feedback.applicant_download_url(city),
        **_creation_context(city),
    }
    if seen.state == State.CREATING:
        items = context["plan_items"]
        years = services.open_report_years(city)
        context["progress_form"] = ProgressReportForm(items=items, years=years) if years else None
        context["acceptance_form"] = ProgressReportForm(items=items, initial={"expected_state": city.state})
    context.update(forms)
    return render(request, "cities/workspace.html", context, status=status)


def _titles_of(city) -> list:
    title = services.city_title(city) if city.named_on else None
    return [title] if title is not None else []


def _creation_context(city) -> dict:
    """The creation period's due dates and reports, shown on the city's and the secretariat's pages."""
    if city.creation_starts_on is None:
        return {"progress_due": [], "progress_reports": []}
    reports = selectors.progress_reports(city)
    by_year = {report.year: report for report in reports if not report.final}
    return {
        "progress_due": [(year, due, by_year.get(year)) for year, due in services.progress_due_dates(city)],
        "progress_reports": reports,
    }


# From the approval of creation the plan is shown on the city's and the secretariat's pages.
PLAN_SHOWN = (State.PLANNING, State.CREATING, State.ACCEPTANCE_APPLIED, State.ACCEPTANCE_REVIEW, State.PROPOSED)


@login_required
@require_POST
def add_plan_item(request, pk: int):
    city = selectors.member_city(request.user, pk)
    form = PlanItemForm(request.POST, instance=PlanItem(city=city))
    if not form.is_valid():
        messages.error(request, _("请修正创建方案条目中标出的错误。"))
        return _workspace(request, city, status=400, plan_form=form)
    try:
        services.add_plan_item(city, actor=request.user, **form.service_data())
    except WorkflowError as error:
        messages.error(request, error.message)
        return _workspace(request, city, status=400, plan_form=form)
    messages.success(request, _("已加入创建方案。"))
    return redirect("cities:workspace", pk=city.pk)


@login_required
@require_POST
def remove_plan_item(request, pk: int, item_pk: int):
    city = selectors.member_city(request.user, pk)
    try:
        services.remove_plan_item(city, actor=request.user, item_id=item_pk)
    except WorkflowError as error:
        messages.error(request, error.message)
    return redirect("cities:workspace", pk=city.pk)


@login_required
@require_POST
def submit_plan(request, pk: int):
    city = selectors.member_city(request.user, pk)
    try:
        services.submit_plan(city, actor=request.user)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("创建方案已提交，等待审定。"))
    return redirect("cities:workspace", pk=city.pk)


@login_required
def workspace(request, pk: int):
    return _workspace(request, selectors.member_city(request.user, pk))


@login_required
@require_POST
def record_figures(request, pk: int):
    city = selectors.member_city(request.user, pk)
    form = YearFiguresForm(request.POST, years=services.profile_years(city.edition))
    if not form.is_valid():
        messages.error(request, _("请修正年度数据中标出的错误。"))
        return _workspace(request, city, status=400, figures_form=form)
    try:
        services.record_year_figures(city, actor=request.user, **form.service_data())
    except WorkflowError as error:
        messages.error(request, error.message)
        return _workspace(request, city, status=400, figures_form=form)
    messages.success(request, _("年度数据已保存。"))
    return redirect("cities:workspace", pk=city.pk)


@login_required
@require_POST
def submit_city(request, pk: int):
    city = selectors.member_city(request.user, pk)
    try:
        services.submit_city(city, actor=request.user, expected_state=request.POST.get("expected_state") or None)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("申请已提交省级推荐单位。"))
    return redirect("cities:workspace", pk=city.pk)


@login_required
@require_POST
def city_action(request, pk: int):
    """The city desk's reason-only moves (withdraw)."""
    city = selectors.member_city(request.user, pk)
    _run_reason_action(request, city, "city")
    return redirect("cities:workspace", pk=city.pk)


def _run_reason_action(request, city, who: str) -> None:
    action = request.POST.get("action", "")
    if action not in selectors.desk_transition_names(who):
        raise Http404
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.transition_city(
            city,
            action,
            actor=request.user,
            reason=form.cleaned_data.get("reason", ""),
            expected_state=form.cleaned_data.get("expected_state") or None,
        )
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已处理。"))


# --- the provincial leading group ------------------------------------------------------------------
def _prefixes(request) -> list[str]:
    prefixes = selectors.recommender_prefixes(request.user)
    if not prefixes:
        raise PermissionDenied
    return prefixes


@login_required
def recommender_list(request):
    prefixes = _prefixes(request)
    decided = request.GET.get("decided") == "1"
    page = Paginator(selectors.recommender_cities(prefixes, decided=decided), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "cities/recommender_list.html", {"page_obj": page, "decided": decided})


@login_required
def recommender_city(request, pk: int):
    city = selectors.recommender_city(_prefixes(request), pk)
    if request.method == "POST":
        _run_reason_action(request, city, "province")
        return redirect("cities:recommender_city", pk=city.pk)
    return render(
        request,
        "cities/recommender_city.html",
        {
            "city": city,
            "figures": list(city.year_figures.all()),
            "actions": selectors.desk_actions(city, request.user, "province"),
            "form": ReasonForm(initial={"expected_state": city.state}),
            "history": selectors.audit_log(city),
        },
    )


# --- the secretariat ----------------------------------------------------------------------------------
def _require_secretariat(request) -> None:
    if not request.user.is_secretariat:
        raise PermissionDenied


@login_required
def staff_list(request):
    """The city desk: state tabs with counts, filters in the URL, pages, bulk actions."""
    _require_secretariat(request)
    form = StaffFilterForm(request.GET or None, editions=list(selectors.city_editions()))
    data = form.cleaned_data if form.is_valid() else {}
    listing = desk_listing(
        request,
        selectors.staff_cities(edition_id=data.get("edition"), query=data.get("q") or ""),
        choices=State.choices,
        state=data.get("state") or "",
        per_page=PAGE_SIZE,
        bulk=selectors.bulk_desk_actions(),
        offered=lambda cities: selectors.desk_actions_for_rows(cities, request.user, "secretariat"),
    )
    listing["rows"] = listing.pop("row_actions")
    context = {"form": form, **listing, "staff_nav": staff_navigation(request.user, "cities")}
    return render(request, "cities/staff_list.html", context)


@login_required
@require_POST
def staff_bulk(request):
    """One bulk action on the checked cities; each on its own (one refusal leaves the rest done)."""
    _require_secretariat(request)
    return perform_bulk_request(
        request,
        bulk=selectors.bulk_desk_actions(),
        rows_by_ids=selectors.staff_cities_by_ids,
        perform_one=lambda name, city, data, user: STAFF_SERVICES.get(name, _plain_move)(city, name, data, user),
        list_url=reverse("cities:staff_list"),
    )


def _staff_context(request, city) -> dict:
    return {
        "city": city,
        "figures": list(city.year_figures.all()),
        "hearing": selectors.hearing_result(city) if city.state != State.RECOMMENDED else None,
        "plan_items": list(city.plan_items.all()) if city.state in PLAN_SHOWN else [],
        "rules": services.rules_for(city),
        "actions": [
            (action, ACTION_FORMS[action.form](initial={"expected_state": city.state, **_initial(action, city)}))
            for action in selectors.desk_actions(city, request.user, "secretariat")
            if action.form in ACTION_FORMS
        ],
        "history": selectors.audit_log(city),
        "acceptance_panel": services.acceptance_panel(city) if city.state in ACCEPTANCE_SHOWN else None,
        "survey": survey_results(city) if city.survey_opened_at or city.state in SURVEY_SHOWN else None,
        "decision_form": ProgressDecisionForm(),
        **_creation_context(city),
        **selectors.naming_facts(city),
        **credit_screening_context(city, request.user),
    }


ACCEPTANCE_SHOWN = (State.ACCEPTANCE_REVIEW, State.PROPOSED, State.REJECTED)
SURVEY_SHOWN = (State.ACCEPTANCE_APPLIED, *ACCEPTANCE_SHOWN)


def _initial(action, city) -> dict:
    if action.form == "panel" and action.name == "start_hearing":
        return {"name": _("%(city)s申述答辩专家组") % {"city": city.name}}
    if action.form == "acceptance_panel":
        return {"name": _("%(city)s考核验收专家组") % {"city": city.name}}
    if action.form in ("approval", "naming"):
        return {"approved_on": local_today()}
    return {}


# The forms the secretariat desk's buttons name (custom=on_desk(..., form=...) on City's transitions).
ACTION_FORMS = {
    "reason": ReasonForm,
    "panel": HearingPanelForm,
    "approval": ApprovalForm,
    "acceptance_panel": AcceptancePanelForm,
    "confirm": ConfirmForm,
    "notice": NoticeForm,
    "naming": NamingForm,
}


def _staff_page(request, city, *, bound=None, status=200):
    context = _staff_context(request, city)
    if bound is not None:
        context["actions"] = [(a, bound[1] if a.name == bound[0] else f) for a, f in context["actions"]]
    return render(request, "cities/staff_city.html", context, status=status)


@login_required
def staff_city(request, pk: int):
    _require_secretariat(request)
    return _staff_page(request, selectors.staff_city(pk))


@login_required
@require_POST
def staff_action(request, pk: int):
    _require_secretariat(request)
    city = selectors.staff_city(pk)
    action = request.POST.get("action", "")
    if action not in selectors.desk_transition_names("secretariat"):
        raise Http404
    offered = {a.name: a for a in selectors.desk_actions(city, request.user, "secretariat") if a.form in ACTION_FORMS}
    if action not in offered:
        messages.error(request, desks.why_not_offered(city, request.user, action))
        return redirect("cities:staff_city", pk=city.pk)
    form = ACTION_FORMS[offered[action].form](request.POST)
    if not form.is_valid():
        messages.error(request, errors_in_one_line(form))
        return _staff_page(request, city, bound=(action, form), status=400)
    try:
        done = STAFF_SERVICES.get(action, _plain_move)(city, action, form.cleaned_data, request.user)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except (WorkflowError, CalendarDataMissing) as error:
        # What was typed stays in the form beside the message.
        messages.error(request, getattr(error, "message", str(error)))
        return _staff_page(request, selectors.staff_city(pk), bound=(action, form), status=400)
    else:
        messages.success(request, done or _("已处理。"))
    return redirect("cities:staff_city", pk=city.pk)


def _plain_move(city, action, data, user) -> str:
    services.transition_city(
        city, action, actor=user, reason=data.get("reason", ""), expected_state=data.get("expected_state") or None
    )
    return ""


def _move(service, done, *fields):
    """A button calling `service(city, actor=, expected_state=, **the form's named fields)`; `done`
    says what happened from what the service returned."""

    def move(city, action, data, user) -> str:
        given = {name: data[name] for name in fields if name in data}
        return str(done(service(city, actor=user, expected_state=data.get("expected_state") or None, **given)))

    return move


def _open_notice(city, action, data, user) -> str:
    notice = services.open_notice([city], actor=user, start=data.get("start"))
    return _("拟命名公示已发布，公示至 %(day)s。") % {"day": notice.last_day.isoformat()}


def _name_city(city, action, data, user) -> str:
    title = services.name_city(city, actor=user, document_no=data["document_no"], approved_on=data["approved_on"])
    return _("已命名，示范期至 %(end)s。") % {"end": title.valid_until.isoformat()}


PANEL = ("name", "deadline", "size")
# The services of the buttons that carry data of their own; the rest are the transition alone.
STAFF_SERVICES: dict = {
    "start_hearing": _move(
        services.start_hearing, lambda _panel: _("已组织申述答辩，请在评审管理中抽取答辩专家。"), *PANEL
    ),
    "approve_creation": _move(
        services.approve_creation,
        lambda city: _("已批准创建，创建方案须于 %(due)s 前提交。") % {"due": city.plan_due_on.isoformat()},
        "approval_doc_no",
        "approved_on",
        "reason",
    ),
    "approve_plan": _move(
        services.approve_plan,
        lambda city: _("创建方案已批准，创建期至 %(end)s。") % {"end": city.creation_ends_on.isoformat()},
        "reason",
    ),
    "start_acceptance_review": _move(
        services.start_acceptance_review,
        lambda _panel: _("已组织验收评审，请在评审管理中抽取验收专家。"),
        *PANEL,
        "open_survey",
    ),
    "propose": _move(
        services.conclude_acceptance,
        lambda city: (
            _("验收总分 %(total)s，%(state)s。") % {"total": city.final_score, "state": city.get_state_display()}
        ),
    ),
    "open_public_notice": _open_notice,
    "award": _name_city,
    "renew": _move(
        services.renew_city,
        lambda city: _("已续期，示范期至 %(end)s。") % {"end": city.demonstration_ends_on.isoformat()},
        "reason",
    ),
    "expire": _move(services.expire_city, lambda _city: _("已期满退出。"), "reason"),
}


# --- the creation period: progress reports and the acceptance application ----------------------------
def _file_report(request, pk: int, *, final: bool):
    """A yearly progress report, or (final) the acceptance application with its final figures."""
    city = selectors.member_city(request.user, pk)
    years = None if final else services.open_report_years(city)
    form = ProgressReportForm(request.POST, request.FILES, items=list(city.plan_items.all()), years=years)
    bound = {"acceptance_form" if final else "progress_form": form}
    if not form.is_valid():
        messages.error(request, _("请修正验收申请中标出的错误。") if final else _("请修正进展报告中标出的错误。"))
        return _workspace(request, city, status=400, **bound)
    data = form.cleaned_data
    common = {"narrative": data["narrative"], "lines": form.lines(), "uploaded_file": data.get("document")}
    try:
        if final:
            services.apply_for_acceptance(
                city, actor=request.user, expected_state=data.get("expected_state") or None, **common
            )
        else:
            services.submit_progress_report(city, actor=request.user, year=data["year"], **common)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        messages.error(request, error.message)
        return _workspace(request, city, status=400, **bound)
    messages.success(request, _("验收申请已提交。") if final else _("年度进展报告已报送，等待审核。"))
    return redirect("cities:workspace", pk=city.pk)


@login_required
@require_POST
def submit_progress(request, pk: int):
    return _file_report(request, pk, final=False)


@login_required
@require_POST
def apply_acceptance(request, pk: int):
    return _file_report(request, pk, final=True)


@login_required
def progress_document(request, pk: int, report_pk: int):
    """A report's attachment: the city government's members and the secretariat; else 404."""
    from workflows.documents.services import document_download_response

    document = selectors.progress_report_document(request.user, pk, report_pk)
    return document_download_response(document, allowed=document is not None)


@login_required
@require_POST
def decide_progress(request, pk: int, report_pk: int):
    _require_secretariat(request)
    city = selectors.staff_city(pk)
    report = get_object_or_404(city.progress_reports, pk=report_pk, final=False)
    form = ProgressDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise WorkflowError(errors_in_one_line(form))
        services.decide_progress_report(
            report,
            actor=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
        )
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        messages.error(request, error.message)
        context = _staff_context(request, city)
        context.update(decision_form=form, decision_report=report.pk)
        return render(request, "cities/staff_city.html", context, status=400)
    messages.success(
        request, _("进展报告已通过。") if form.cleaned_data["decision"] == "accept" else _("进展报告已退回。")
    )
    return redirect("cities:staff_city", pk=city.pk)


# --- public --------------------------------------------------------------------------------------------
def directory(request):
    status = request.GET.get("status", "")
    page = Paginator(selectors.public_cities(status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cities/directory.html",
        {
            "page_obj": page,
            "rows": [as_applicant_sees(city) for city in page.object_list],
            "status": status,
            "groups": PUBLIC_GROUP_LABELS,
        },
    )


PUBLIC_GROUP_LABELS = [
    ("", gettext_lazy("全部")),
    ("creating", gettext_lazy("创建中")),
    ("notice", gettext_lazy("验收与公示")),
    ("named", gettext_lazy("示范城市")),
    ("ended", gettext_lazy("已退出")),
]


def profile(request, pk: int):
    city = selectors.public_city(pk)
    seen = as_applicant_sees(city)  # a held result stays hidden (workflows/review/release.py)
    survey_open = city.survey_running and seen.state in SURVEY_STATES
    context = {
        "city": seen,
        "timeline": selectors.public_timeline(city),
        "survey_open": survey_open,
        "survey_results_published": selectors.survey_results_published(city),
    }
    return render(request, "cities/profile.html", context)
