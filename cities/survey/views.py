"""Survey pages: the secretariat's questionnaire and quota pages and results, the city
government's results, and the public survey page of a creating city (no login).
Each view validates input and calls one service or selector (docs/city-survey.md)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.exceptions import WorkflowError
from workflows.review.charts import score_bars_svg
from workflows.staff_desks import staff_navigation

from .. import selectors as city_selectors
from ..models import City
from ..views import _errors, _require_secretariat
from . import selectors, services
from .forms import AnswerForm, DimensionForm, DistrictForm, ItemForm, PhoneForm, QuestionnaireForm
from .models import SurveyDimension, SurveyDistrict, SurveyItem

SESSION_KEY = "city_survey"


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


# --- the secretariat ---------------------------------------------------------------------------------
@login_required
def staff_home(request):
    """The editions with their questionnaires, and the chosen edition's results per city."""
    _require_secretariat(request)
    editions = list(city_selectors.city_editions().order_by("-year", "-pk"))
    chosen = next((e for e in editions if str(e.pk) == request.GET.get("edition")), editions[0] if editions else None)
    cities = (
        City.objects.filter(edition=chosen)
        .filter(Q(state__in=services.SURVEY_STATES) | Q(survey_responses__isnull=False))
        .distinct()
        .order_by("name", "pk")
        if chosen
        else City.objects.none()
    )
    questionnaire = selectors.questionnaire_of(chosen) if chosen else None
    return render(
        request,
        "cities/survey/staff_home.html",
        {
            "editions": editions,
            "edition": chosen,
            "questionnaire": questionnaire,
            "results": selectors.results_for_cities(cities, chosen, questionnaire) if chosen else [],
            "staff_nav": staff_navigation(request.user, "cities"),
        },
    )


def _questionnaire_page(request, edition, status=200, **forms):
    questionnaire = selectors.questionnaire_of(edition)
    dimensions = list(questionnaire.dimensions.all()) if questionnaire else []
    context = {
        "edition": edition,
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
    return render(request, "cities/survey/questionnaire.html", context, status=status)


@login_required
def questionnaire(request, edition_pk: int):
    """Staff build the edition's questionnaire: title, dimensions with weights, Likert items, open/close."""
    _require_secretariat(request)
    edition = get_object_or_404(city_selectors.city_editions(), pk=edition_pk)
    if request.method != "POST":
        return _questionnaire_page(request, edition)
    op = request.POST.get("op", "")
    current = selectors.questionnaire_of(edition)
    try:
        if op == "save":
            form = QuestionnaireForm(request.POST)
            if not form.is_valid():
                messages.error(request, _errors(form))
                return _questionnaire_page(request, edition, status=400, questionnaire_form=form)
            services.save_questionnaire(edition=edition, actor=request.user, **form.cleaned_data)
            messages.success(request, _("问卷已保存。"))
        elif current is None:
            messages.error(request, _("请先保存问卷标题。"))
        elif op == "add_dimension":
            form = DimensionForm(request.POST)
            if not form.is_valid():
                messages.error(request, _errors(form))
                return _questionnaire_page(request, edition, status=400, dimension_form=form)
            services.add_dimension(current, actor=request.user, **form.cleaned_data)
            messages.success(request, _("已添加测评维度。"))
        elif op == "add_item":
            form = ItemForm(request.POST, dimensions=list(current.dimensions.all()))
            if not form.is_valid():
                messages.error(request, _errors(form))
                return _questionnaire_page(request, edition, status=400, item_form=form)
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
        return _questionnaire_page(request, edition, status=400)
    return redirect("cities:survey_questionnaire", edition_pk=edition.pk)


def _staff_city_page(request, city, status=200, district_form=None):
    results = selectors.survey_results(city)
    return render(
        request,
        "cities/survey/staff_city.html",
        {
            "city": city,
            "results": results,
            "districts": list(SurveyDistrict.objects.filter(city=city)),
            "district_form": district_form or DistrictForm(),
            "may_open": city.state in services.SURVEY_STATES,
            **_charts(results),
        },
        status=status,
    )


@login_required
def staff_city(request, pk: int):
    """One city's quotas per district (set here) and its results."""
    _require_secretariat(request)
    city = city_selectors.staff_city(pk)
    if request.method != "POST":
        return _staff_city_page(request, city)
    try:
        if request.POST.get("op") in ("open_city", "close_city"):
            opening = request.POST["op"] == "open_city"
            service = services.open_city_survey if opening else services.close_city_survey
            service(city, actor=request.user, expected_state=request.POST.get("expected_state") or None)
            messages.success(request, _("市民质量满意度测评已开启。") if opening else _("市民质量满意度测评已结束。"))
        elif request.POST.get("op") == "remove_district":
            district = get_object_or_404(SurveyDistrict, pk=request.POST.get("target") or 0, city=city)
            services.remove_district(district, actor=request.user)
            messages.success(request, _("已删除区县。"))
        else:
            form = DistrictForm(request.POST)
            if not form.is_valid():
                messages.error(request, _errors(form))
                return _staff_city_page(request, city, status=400, district_form=form)
            services.set_district_quota(city, actor=request.user, **form.cleaned_data)
            messages.success(request, _("区县配额已保存。"))
    except WorkflowError as error:
        messages.error(request, error.message)
        return _staff_city_page(request, city, status=400)
    return redirect("cities:survey_staff_city", pk=city.pk)


# --- the city government ------------------------------------------------------------------------------
def _results_page(request, city, back_url: str):
    results = selectors.survey_results(city)
    context = {"city": city, "results": results, "back_url": back_url, **_charts(results)}
    return render(request, "cities/survey/results.html", context)


@login_required
def city_results(request, pk: int):
    city = city_selectors.member_city(request.user, pk)
    return _results_page(request, city, reverse("cities:workspace", args=[city.pk]))


def public_results(request, pk: int):
    """The aggregates of a public city's survey once they are published (docs/city-survey.md); else 404."""
    city = city_selectors.public_city(pk)
    if not city_selectors.survey_results_published(city):
        raise Http404
    return _results_page(request, city, reverse("cities:profile", args=[city.pk]))


# --- citizens (no login) -------------------------------------------------------------------------------
def _survey_city(pk: int) -> City:
    city = City.objects.select_related("edition").filter(pk=pk, state__in=services.SURVEY_STATES).first()
    if city is None:
        raise Http404
    return city


def _pending(request, city) -> dict | None:
    pending = request.session.get(SESSION_KEY)
    return pending if pending and pending.get("city") == city.pk else None


def _survey_page(request, city, *, status=200, phone_form=None, answer_form=None, done=False):
    try:
        questionnaire = services.open_questionnaire_for(city)
    except services.SurveyClosed as error:
        return render(request, "cities/survey/public.html", {"city": city, "closed": error.message}, status=status)
    questionnaire = selectors.questionnaire_of(questionnaire.edition_id)
    pending = _pending(request, city)
    dimensions = list(questionnaire.dimensions.all())
    districts = list(SurveyDistrict.objects.filter(city=city))
    return render(
        request,
        "cities/survey/public.html",
        {
            "city": city,
            "questionnaire": questionnaire,
            "done": done,
            "pending": pending,
            "phone_form": phone_form or PhoneForm(),
            "answer_form": answer_form or AnswerForm(districts=districts, dimensions=dimensions),
        },
        status=status,
    )


def public_survey(request, pk: int):
    """The city's survey: ask for a code (survey_code), then answer with it here."""
    city = _survey_city(pk)
    if request.method != "POST":
        return _survey_page(request, city, done=request.GET.get("done") == "1")
    try:
        questionnaire = services.open_questionnaire_for(city)
    except services.SurveyClosed:
        return _survey_page(request, city, status=400)
    questionnaire = selectors.questionnaire_of(questionnaire.edition_id)
    form = AnswerForm(
        request.POST,
        districts=list(SurveyDistrict.objects.filter(city=city)),
        dimensions=list(questionnaire.dimensions.all()),
    )
    if form.is_trapped:
        messages.error(request, _("提交未被接受，请重试。"))
        return _survey_page(request, city, status=400)
    if not form.is_valid():
        messages.error(request, _("请修正标出的错误。"))
        return _survey_page(request, city, status=400, answer_form=form)
    pending = _pending(request, city) or {}
    try:
        services.submit_response(
            city,
            challenge_id=pending.get("challenge"),
            code=form.cleaned_data["code"],
            district_id=form.cleaned_data["district"],
            answers=form.answers(),
        )
    except services.AlreadyAnswered as error:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, error.message)
        return _survey_page(request, city, status=409)
    except WorkflowError as error:
        messages.error(request, error.message)
        return _survey_page(request, city, status=400, answer_form=form)
    request.session.pop(SESSION_KEY, None)
    return redirect(f"{request.path}?done=1")


@require_POST
def survey_code(request, pk: int):
    """Send the one-time code; the session keeps only the challenge's id and the number's last 4 digits."""
    city = _survey_city(pk)
    form = PhoneForm(request.POST)
    if form.is_trapped:
        messages.error(request, _("提交未被接受，请重试。"))
        return _survey_page(request, city, status=400)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _survey_page(request, city, status=400, phone_form=form)
    try:
        challenge = services.request_code(city, phone=form.cleaned_data["phone"])
    except services.AlreadyAnswered as error:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, error.message)
        return _survey_page(request, city, status=409, phone_form=form)
    except WorkflowError as error:
        messages.error(request, error.message)
        return _survey_page(request, city, status=400, phone_form=form)
    tail = services.normalise_phone(form.cleaned_data["phone"])[-4:]
    request.session[SESSION_KEY] = {"city": city.pk, "challenge": challenge.pk, "tail": tail}
    messages.success(request, _("验证码已发送至尾号%(tail)s的手机，10分钟内有效。") % {"tail": tail})
    return redirect("cities:survey", pk=city.pk)
