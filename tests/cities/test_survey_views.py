"""The survey's pages: the public page (no login) with its SMS code, honeypot and rate limit; the
staff pages; proof that only aggregates leave the server; a pinned query count for the results
list. SMS is mocked (workflows.notifications.sms.LocmemBackend keeps messages in an outbox)."""

import re

import pytest
from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse

from tests.factories import UserFactory, applicant_for
from workflows.notifications import sms
from workflows.surveys import services
from workflows.surveys.models import SurveyAnswer, SurveyDimension, SurveyResponse

from .factories import CityGovernmentFactory
from .survey_support import WEIGHTS, items_by_dimension, questionnaire_for, respond, survey_city

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mocked_sms(settings):
    settings.SMS_BACKEND = "workflows.notifications.sms.LocmemBackend"  # mocked: nothing is sent
    sms.outbox.clear()


@pytest.fixture
def city():
    city = survey_city()
    questionnaire_for(city.edition)
    return city


def _answers(city, score=4, **extra):
    items = items_by_dimension(city.edition.survey_questionnaire)
    return {
        "code": re.search(r"\d{6}", sms.outbox[-1][1]).group() if sms.outbox else "",
        "district": city.survey_districts.get(name="市南区").pk,
        **{f"item_{pk}": score for pk in items.values()},
        **extra,
    }


def _ask_code(client, city, phone, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("cities:survey_code", args=[city.pk]), {"phone": phone, **extra})


def test_a_citizen_answers_with_a_code_and_a_second_answer_from_the_phone_is_refused(
    client, city, django_capture_on_commit_callbacks
):
    page = client.get(reverse("cities:survey", args=[city.pk])).content.decode()
    assert "系统只保存它的加密摘要（不可还原），不保存号码本身" in page

    asked = _ask_code(client, city, "13800138000", django_capture_on_commit_callbacks)
    assert asked.status_code == 302 and sms.outbox[-1][0] == "13800138000"
    assert "尾号8000" in client.get(reverse("cities:survey", args=[city.pk])).content.decode()
    done = client.post(reverse("cities:survey", args=[city.pk]), _answers(city))
    assert done["Location"].endswith("?done=1") and SurveyResponse.objects.count() == 1

    again = _ask_code(client, city, "138 0013 8000", django_capture_on_commit_callbacks)

    assert again.status_code == 409
    assert "该手机号已参加过本次测评，每个手机号只能参加一次。" in again.content.decode()
    assert len(sms.outbox) == 1  # no second code was sent


def test_a_wrong_code_keeps_the_answers_typed(client, city, django_capture_on_commit_callbacks):
    _ask_code(client, city, "13800138000", django_capture_on_commit_callbacks)
    sent = _answers(city)["code"]
    wrong = f"{(int(sent) + 1) % 10**6:06d}"

    response = client.post(reverse("cities:survey", args=[city.pk]), _answers(city, score=2, code=wrong))

    assert response.status_code == 400
    assert "验证码不正确或已过期，请重新获取。" in response.content.decode()
    form = response.context["answer_form"]
    assert {form[name].value() for name in form.fields if name.startswith("item_")} == {"2"}
    assert SurveyResponse.objects.count() == 0


def test_the_honeypot_refuses_without_sending_a_code(client, city, django_capture_on_commit_callbacks):
    response = _ask_code(client, city, "13800138000", django_capture_on_commit_callbacks, website="http://x.example")

    assert (response.status_code, sms.outbox) == (400, [])


def test_an_invalid_number_is_explained_and_kept(client, city, django_capture_on_commit_callbacks):
    response = _ask_code(client, city, "12345", django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert "请输入11位中国大陆手机号码。" in response.content.decode()
    assert response.context["phone_form"]["phone"].value() == "12345"


def test_code_requests_are_rate_limited_per_address(client, city, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "cities:survey_code": "2/3600"}
    cache.clear()

    statuses = [
        _ask_code(client, city, f"1380013800{n}", django_capture_on_commit_callbacks).status_code for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert len(sms.outbox) == 2
    cache.clear()


def test_a_city_outside_creation_has_no_survey_page(client):
    from cities.models import State

    from .factories import city_in_state

    draft = city_in_state(State.DRAFT)

    assert client.get(reverse("cities:survey", args=[draft.pk])).status_code == 404


# --- only aggregates leave the server ---------------------------------------------------------------
def _flatten(context) -> list:
    values = []
    for layer in context:
        for value in layer.values() if isinstance(layer, dict) else []:
            values.append(value)
            if isinstance(value, (list, tuple)):
                values.extend(value)
    return values


def test_results_pages_show_aggregates_and_no_single_response(client, city):
    respond(city, "13800138001", dict.fromkeys(WEIGHTS, 5))
    respond(city, "13800138002", {"产品质量": 1, "服务质量": 2, "工程质量": 3, "环境质量": 4}, district="崂山区")
    secretariat = UserFactory(roles=["secretariat"])
    government_member = applicant_for(city.organization)
    pages = [
        (secretariat, reverse("cities:survey_staff_case", args=[city.pk])),
        (secretariat, reverse("cities:survey_staff_home")),
        (government_member, reverse("cities:survey_member_results", args=[city.pk])),
    ]
    hashes = list(SurveyResponse.objects.values_list("phone_hash", flat=True))

    for user, url in pages:
        client.force_login(user)
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert not any(h in body for h in hashes), url
        assert "13800138001" not in body and "尾号" not in body, url
        for value in _flatten(response.context):
            assert not isinstance(value, (SurveyResponse, SurveyAnswer)), (url, value)
            assert not (isinstance(value, QuerySet) and value.model in (SurveyResponse, SurveyAnswer)), url
    # One response per district: counts are shown, the district's score (= that person's answers) is not.
    assert "样本过少，不单列" in body
    assert [(d.responses, d.score) for d in response.context["results"].districts] == [(1, None), (1, None)]


def test_another_government_and_the_public_cannot_read_a_citys_results(client, city):
    other = applicant_for(CityGovernmentFactory(name="烟台市人民政府", region_code="370600"))
    url = reverse("cities:survey_member_results", args=[city.pk])

    anonymous = client.get(url)
    client.force_login(other)
    outsider = client.get(url)
    staff_page = client.get(reverse("cities:survey_staff_case", args=[city.pk]))

    assert (anonymous.status_code, outsider.status_code, staff_page.status_code) == (302, 404, 403)


# user, role, editions, questionnaire (+ dimensions, items), cities, districts, answers grouped per
# response and dimension, responses' districts, rules: 11; the staff navigation (one count query for
# every desk), site and site settings: the rest (issue 14: ≤ 15, constant in rows).
RESULTS_LIST_QUERIES = 15


@pytest.mark.parametrize("rows", [1, 3])
def test_the_results_list_query_count_does_not_grow_with_cities(client, django_assert_num_queries, rows, city):
    for n in range(1, rows):
        other = survey_city(edition=city.edition, name=f"测试{n}市")
        respond(other, f"1390000000{n}", dict.fromkeys(WEIGHTS, 4))
    respond(city, "13800000000", dict.fromkeys(WEIGHTS, 5))
    client.force_login(UserFactory(roles=["secretariat"]))
    url = reverse("cities:survey_staff_home") + f"?edition={city.edition_id}"
    client.get(url)  # warm per-process caches

    with django_assert_num_queries(RESULTS_LIST_QUERIES):
        response = client.get(url)

    assert len(response.context["rows"]) == rows


# --- staff pages --------------------------------------------------------------------------------------
def test_staff_build_a_questionnaire_and_a_bad_weight_is_explained_and_kept(client, city):
    from .survey_support import survey_city as make_city

    edition = make_city(name="烟台市").edition  # a fresh edition without a questionnaire
    client.force_login(UserFactory(roles=["secretariat"]))
    url = reverse("cities:survey_questionnaire", args=[edition.pk])

    client.post(url, {"op": "save", "title": "测评问卷", "introduction": ""})
    bad = client.post(url, {"op": "add_dimension", "name": "产品质量", "weight": "四十"})
    client.post(url, {"op": "add_dimension", "name": "产品质量", "weight": "40"})
    not_yet = client.post(url, {"op": "open"}, follow=True)
    dimension = SurveyDimension.objects.get(questionnaire__edition=edition)
    client.post(url, {"op": "add_item", "dimension": dimension.pk, "text": "您对本市产品质量的评价"})
    opened = client.post(url, {"op": "open"}, follow=True)

    assert bad.status_code == 400 and bad.context["dimension_form"]["name"].value() == "产品质量"
    assert bad.context["dimension_form"].errors["weight"] == ["输入一个数字。"]
    assert "每个测评维度至少要有一道题，才能开放测评。" in not_yet.content.decode()
    assert "测评已开放，市民可以答卷。" in opened.content.decode()
    edition.survey_questionnaire.refresh_from_db()
    assert edition.survey_questionnaire.is_open is True


def test_a_questionnaire_with_answers_is_locked(client, city):
    respond(city, "13800138000", dict.fromkeys(WEIGHTS, 3))
    client.force_login(UserFactory(roles=["secretariat"]))

    response = client.post(
        reverse("cities:survey_questionnaire", args=[city.edition_id]),
        {"op": "add_dimension", "name": "生态质量", "weight": "5"},
    )

    assert response.status_code == 400
    assert str(services.QuestionnaireLocked.default_message) in response.content.decode()
