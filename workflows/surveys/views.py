"""Survey pages of any program that attaches the survey (Program.survey, docs/surveys.md): the
secretariat's questionnaire, quota and results pages, the applicant's results, and the public survey
page of a case (no login). Each view validates input and calls one service or selector; the program
comes from the URL (survey_urlpatterns) and every program-specific rule from its SurveyAttachment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.exceptions import WorkflowError
from workflows.form_messages import errors_in_one_line
from workflows.models import Edition
from workflows.programs import get_program
from workflows.review.charts import score_bars_svg
from workflows.staff_desks import staff_navigation

from . import selectors, services
from .forms import AnswerForm, DimensionForm, DistrictForm, ItemForm, PhoneForm, QuestionnaireForm
from .models import SurveyDimension, SurveyDistrict, SurveyItem

SESSION_KEY = "survey"


def _program(key: str):
    program = get_program(key)
    if program is None or program.survey is None:
        raise Http404
    return program


def _require_secretariat(request) -> None:
    if not request.user.is_secretariat:
        raise PermissionDenied


def _links(program, case) -> dict:
    """The survey pages of `case` in its program's namespace, and the program's own pages of it."""
    key = program.key
    return {
        "survey": reverse(f"{key}:survey", args=[case.pk]),
        "code": reverse(f"{key}:survey_code", args=[case.pk]),
        "results": reverse(f"{key}:survey_results", args=[case.pk]),
        "staff_case": reverse(f"{key}:survey_staff_case", args=[case.pk]),
        "staff_home": reverse(f"{key}:survey_staff_home") + f"?edition={case.edition_id}",
        "case_staff": program.staff_url(case) if program.staff_url else "",
    }


def _charts(results) -> dict:
    return {
        "dimension_chart": score_bars_svg(
            [(d.name, d.score) for d in results.dimensions], title=_("各维度满意度得分（0–100）")
        ),
        # Without a district large enough to show its score the chart would be empty.
        "district_chart": score_bars_svg(
            [(d.name, d.score) for d in results.districts], title=_("各区县满意度得分（0–100）")
        )
        if any(d.score is not None for d in results.districts)
        else "",
    }


def _editions(program):
    return Edition.objects.filter(program__kind__in=program.edition_kinds).select_related("program")


def _staff_case(program, pk: int):
    """A case the secretariat sees (not a private draft); else 404."""
    queryset = program.model.objects.exclude(state__in=program.states.draft).select_related("edition")
    return get_object_or_404(queryset, pk=pk)


# --- the secretariat ---------------------------------------------------------------------------------
@login_required
def staff_home(request, program: str):
    """The editions with their questionnaires, and the chosen edition's results per case."""
    program = _program(program)
    _require_secretariat(request)
    editions = list(_editions(program).order_by("-year", "-pk"))
    chosen = next((e for e in editions if str(e.pk) == request.GET.get("edition")), editions[0] if editions else None)
    cases = []
    if chosen:
        surveyed = Q(state__in=program.survey.states) | Q(pk__in=selectors.surveyed_case_ids(program.model, chosen))
        cases = sorted(program.model.objects.filter(edition=chosen).filter(surveyed), key=lambda c: (str(c), c.pk))
    questionnaire = selectors.questionnaire_of(chosen) if chosen else None
    nav = staff_navigation(request.user, program.key)
    return render(
        request,
        "surveys/staff_home.html",
        {
            "editions": editions,
            "edition": chosen,
            "questionnaire": questionnaire,
            "rows": [
                (result, reverse(f"{program.key}:survey_staff_case", args=[result.case.pk]))
                for result in (selectors.results_for_cases(cases, chosen, questionnaire) if chosen else [])
            ],
            "questionnaire_url": reverse(f"{program.key}:survey_questionnaire", args=[chosen.pk]) if chosen else "",
            "desk": next((desk for desk in nav if desk.key == program.key), None),
            "staff_nav": nav,
        },
    )


def _questionnaire_page(request, program, edition, status=200, **forms):
    questionnaire = selectors.questionnaire_of(edition)
    dimensions = list(questionnaire.dimensions.all()) if questionnaire else []
    context = {
        "edition": edition,
        "home_url": reverse(f"{program.key}:survey_staff_home") + f"?edition={edition.pk}",
        "questionnaire": questionnaire,
        "dimensions": dimensions,
        "weight_total": sum(d.weight for d in dimensions),
        "answered": bool(questionnaire and questionnaire.responses.exists()),
        "questionnaire_form": QuestionnaireForm(
            initial={"title": questionnaire.title, "introduction": questionnaire.introduction}
            if questionnaire
            else {"title": _("%(edition)s市民质量满意度测评问卷") % {"edition": edition.title}}
        ),
        "dimension_form": DimensionForm(),
        "item_form": ItemForm(dimensions=dimensions),
    }
    context.update(forms)
    return render(request, "surveys/questionnaire.html", context, status=status)


@login_required
def questionnaire(request, program: str, edition_pk: int):
    """Staff build the edition's questionnaire: title, dimensions with weights, Likert items, open/close."""
    program = _program(program)
    _require_secretariat(request)
    edition = get_object_or_404(_editions(program), pk=edition_pk)
    if request.method != "POST":
        return _questionnaire_page(request, program, edition)
    op = request.POST.get("op", "")
    current = selectors.questionnaire_of(edition)
    try:
        if op == "save":
            form = QuestionnaireForm(request.POST)
            if not form.is_valid():
                messages.error(request, errors_in_one_line(form))
                return _questionnaire_page(request, program, edition, status=400, questionnaire_form=form)
            services.save_questionnaire(edition=edition, actor=request.user, **form.cleaned_data)
            messages.success(request, _("问卷已保存。"))
        elif current is None:
            messages.error(request, _("请先保存问卷标题。"))
        elif op == "add_dimension":
            form = DimensionForm(request.POST)
            if not form.is_valid():
                messages.error(request, errors_in_one_line(form))
                return _questionnaire_page(request, program, edition, status=400, dimension_form=form)
            services.add_dimension(current, actor=request.user, **form.cleaned_data)
            messages.success(request, _("已添加测评维度。"))
        elif op == "add_item":
            form = ItemForm(request.POST, dimensions=list(current.dimensions.all()))
            if not form.is_valid():
                messages.error(request, errors_in_one_line(form))
                return _questionnaire_page(request, program, edition, status=400, item_form=form)
            dimension = get_object_or_404(SurveyDimension, pk=form.cleaned_data["dimension"], questionnaire=current)
            services.add_item(dimension, text=form.cleaned_data["text"], actor=request.user)
            messages.success(request, _("已添加题目。"))
        elif op == "remove_dimension":
            services.remove_dimension(
                get_object_or_404(SurveyDimension, pk=request.POST.get("target") or 0, questionnaire=current),
                actor=request.user,
            )
            messages.success(request, _("已删除测评维度。"))
        elif op == "remove_item":
            services.remove_item(
                get_object_or_404(SurveyItem, pk=request.POST.get("target") or 0, dimension__questionnaire=current),
                actor=request.user,
            )
            messages.success(request, _("已删除题目。"))
        elif op in ("open", "close"):
            services.set_open(current, is_open=op == "open", actor=request.user)
            messages.success(request, _("测评已开放，市民可以答卷。") if op == "open" else _("测评已关闭。"))
        else:
            messages.error(request, _("未知操作。"))
    except WorkflowError as error:
        messages.error(request, error.message)
        return _questionnaire_page(request, program, edition, status=400)
    return redirect(f"{program.key}:survey_questionnaire", edition_pk=edition.pk)


def _staff_case_page(request, program, case, status=200, district_form=None):
    results = selectors.survey_results(case)
    return render(
        request,
        "surveys/staff_case.html",
        {
            "case": case,
            "links": _links(program, case),
            "results": results,
            "districts": list(SurveyDistrict.objects.of_case(case)),
            "district_form": district_form or DistrictForm(),
            "may_open": case.state in program.survey.states,
            **_charts(results),
        },
        status=status,
    )


@login_required
def staff_case(request, program: str, pk: int):
    """One case's quotas per district (set here), opening and closing its survey, and its results."""
    program = _program(program)
    _require_secretariat(request)
    case = _staff_case(program, pk)
    if request.method != "POST":
        return _staff_case_page(request, program, case)
    try:
        if request.POST.get("op") in ("open_case", "close_case"):
            opening = request.POST["op"] == "open_case"
            service = services.open_case_survey if opening else services.close_case_survey
            service(case, actor=request.user, expected_state=request.POST.get("expected_state") or None)
            messages.success(request, _("市民质量满意度测评已开启。") if opening else _("市民质量满意度测评已结束。"))
        elif request.POST.get("op") == "remove_district":
            district = get_object_or_404(SurveyDistrict.objects.of_case(case), pk=request.POST.get("target") or 0)
            services.remove_district(district, actor=request.user)
            messages.success(request, _("已删除区县。"))
        else:
            form = DistrictForm(request.POST)
            if not form.is_valid():
                messages.error(request, errors_in_one_line(form))
                return _staff_case_page(request, program, case, status=400, district_form=form)
            services.set_district_quota(case, actor=request.user, **form.cleaned_data)
            messages.success(request, _("区县配额已保存。"))
    except WorkflowError as error:
        messages.error(request, error.message)
        return _staff_case_page(request, program, case, status=400)
    return redirect(f"{program.key}:survey_staff_case", pk=case.pk)


# --- the applicant and the public ----------------------------------------------------------------------
def _results_page(request, program, case, back_url: str):
    results = selectors.survey_results(case)
    context = {"case": case, "links": _links(program, case), "results": results, "back_url": back_url}
    return render(request, "surveys/results.html", {**context, **_charts(results)})


@login_required
def member_results(request, program: str, pk: int):
    """The applicant's own case's results (its organisation's members; another case is a 404)."""
    program = _program(program)
    case = program.survey.member_case(request.user, pk)
    return _results_page(request, program, case, program.survey.member_url(case))


def public_results(request, program: str, pk: int):
    """The aggregates of a public case's survey once they are published (SurveyAttachment.published); else 404."""
    program = _program(program)
    case = program.model.objects.filter(pk=pk, state__in=program.states.public or ()).first()
    if case is None or not program.survey.published(case):
        raise Http404
    return _results_page(request, program, case, program.public_url(case) if program.public_url else "")


# --- citizens (no login) -------------------------------------------------------------------------------
def _survey_case(program, pk: int):
    case = program.model.objects.select_related("edition").filter(pk=pk, state__in=program.survey.states).first()
    if case is None:
        raise Http404
    return case


def _pending(request, program, case) -> dict | None:
    pending = request.session.get(SESSION_KEY)
    return pending if pending and pending.get("case") == f"{program.key}:{case.pk}" else None


def _survey_page(request, program, case, *, status=200, phone_form=None, answer_form=None, done=False):
    context = {"case": case, "links": _links(program, case)}
    try:
        questionnaire = services.open_questionnaire_for(case)
    except services.SurveyClosed as error:
        return render(request, "surveys/public.html", {**context, "closed": error.message}, status=status)
    questionnaire = selectors.questionnaire_of(questionnaire.edition_id)
    dimensions = list(questionnaire.dimensions.all())
    districts = list(SurveyDistrict.objects.of_case(case))
    context.update(
        questionnaire=questionnaire,
        done=done,
        pending=_pending(request, program, case),
        phone_form=phone_form or PhoneForm(),
        answer_form=answer_form or AnswerForm(districts=districts, dimensions=dimensions),
    )
    return render(request, "surveys/public.html", context, status=status)


def public_survey(request, program: str, pk: int):
    """The case's survey: ask for a code (survey_code), then answer with it here."""
    program = _program(program)
    case = _survey_case(program, pk)
    if request.method != "POST":
        return _survey_page(request, program, case, done=request.GET.get("done") == "1")
    try:
        questionnaire = services.open_questionnaire_for(case)
    except services.SurveyClosed:
        return _survey_page(request, program, case, status=400)
    questionnaire = selectors.questionnaire_of(questionnaire.edition_id)
    form = AnswerForm(
        request.POST,
        districts=list(SurveyDistrict.objects.of_case(case)),
        dimensions=list(questionnaire.dimensions.all()),
    )
    if form.is_trapped:
        messages.error(request, _("提交未被接受，请重试。"))
        return _survey_page(request, program, case, status=400)
    if not form.is_valid():
        messages.error(request, _("请修正标出的错误。"))
        return _survey_page(request, program, case, status=400, answer_form=form)
    pending = _pending(request, program, case) or {}
    try:
        services.submit_response(
            case,
            challenge_id=pending.get("challenge"),
            code=form.cleaned_data["code"],
            district_id=form.cleaned_data["district"],
            answers=form.answers(),
        )
    except services.AlreadyAnswered as error:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, error.message)
        return _survey_page(request, program, case, status=409)
    except WorkflowError as error:
        messages.error(request, error.message)
        return _survey_page(request, program, case, status=400, answer_form=form)
    request.session.pop(SESSION_KEY, None)
    return redirect(f"{request.path}?done=1")


@require_POST
def survey_code(request, program: str, pk: int):
    """Send the one-time code; the session keeps only the challenge's id and the number's last 4 digits."""
    program = _program(program)
    case = _survey_case(program, pk)
    form = PhoneForm(request.POST)
    if form.is_trapped:
        messages.error(request, _("提交未被接受，请重试。"))
        return _survey_page(request, program, case, status=400)
    if not form.is_valid():
        messages.error(request, errors_in_one_line(form))
        return _survey_page(request, program, case, status=400, phone_form=form)
    try:
        challenge = services.request_code(case, phone=form.cleaned_data["phone"])
    except services.AlreadyAnswered as error:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, error.message)
        return _survey_page(request, program, case, status=409, phone_form=form)
    except WorkflowError as error:
        messages.error(request, error.message)
        return _survey_page(request, program, case, status=400, phone_form=form)
    tail = services.normalise_phone(form.cleaned_data["phone"])[-4:]
    request.session[SESSION_KEY] = {"case": f"{program.key}:{case.pk}", "challenge": challenge.pk, "tail": tail}
    messages.success(request, _("验证码已发送至尾号%(tail)s的手机，10分钟内有效。") % {"tail": tail})
    return redirect(f"{program.key}:survey", pk=case.pk)
