"""The satisfaction survey's services: one response per phone, the phone only as a keyed hash,
weights, margins, the score the acceptance reads (docs/surveys.md). SMS is mocked
(workflows.notifications.sms.LocmemBackend)."""

from decimal import Decimal

import pytest
from django.db import connection

from workflows.notifications import sms
from workflows.surveys import selectors as survey_selectors
from workflows.surveys import services, stats
from workflows.surveys.models import SmsChallenge, SurveyResponse
from workflows.surveys.selectors import survey_results

from .survey_support import (
    WEIGHTS,
    items_by_dimension,
    last_code,
    questionnaire_for,
    request_code,
    respond,
    survey_city,
)

pytestmark = pytest.mark.django_db
ALL_FIVE = dict.fromkeys(WEIGHTS, 5)


@pytest.fixture(autouse=True)
def mocked_sms(settings):
    settings.SMS_BACKEND = "workflows.notifications.sms.LocmemBackend"  # mocked: nothing is sent
    sms.outbox.clear()


@pytest.fixture
def city():
    city = survey_city()
    questionnaire_for(city.edition)
    return city


def test_a_phone_number_is_kept_only_as_a_keyed_hash(city):
    respond(city, "138 0013 8000", ALL_FIVE)

    response = SurveyResponse.objects.get()
    assert response.phone_hash == services.phone_hash("13800138000") != "13800138000"
    with connection.cursor() as cursor:
        for table in ("surveys_surveyresponse", "surveys_smschallenge", "surveys_surveyanswer"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
            assert not any("13800138000" in str(value) for row in cursor.fetchall() for value in row)
    assert SmsChallenge.objects.count() == 0  # the used code is deleted


def test_the_same_phone_in_another_spelling_is_refused_before_a_code_is_sent(city):
    respond(city, "13800138000", ALL_FIVE)
    sent = len(sms.outbox)

    with pytest.raises(services.AlreadyAnswered) as refused:
        services.request_code(city, phone="+86 138-0013-8000")

    assert str(refused.value.message) == "该手机号已参加过本次测评，每个手机号只能参加一次。感谢您的参与！"
    assert (len(sms.outbox), SurveyResponse.objects.count()) == (sent, 1)


def test_two_codes_for_one_phone_give_only_one_response(city):
    first = request_code(city, "13900139000")
    first_code = last_code()
    second = SmsChallenge.objects.create(
        case_type=first.case_type,
        case_id=city.pk,
        phone_hash=first.phone_hash,
        code_hash=first.code_hash,
        expires_at=first.expires_at,
    )
    items = items_by_dimension(services.open_questionnaire_for(city))
    answers = {pk: 4 for pk in items.values()}
    district = city.survey_districts.first().pk

    services.submit_response(city, challenge_id=first.pk, code=first_code, district_id=district, answers=answers)
    with pytest.raises(services.AlreadyAnswered):
        services.submit_response(city, challenge_id=second.pk, code=first_code, district_id=district, answers=answers)

    assert SurveyResponse.objects.count() == 1


def test_a_wrong_code_is_refused_and_the_fifth_ends_the_challenge(city):
    challenge = request_code(city, "13700137000")
    items = items_by_dimension(services.open_questionnaire_for(city))
    kwargs = {"district_id": city.survey_districts.first().pk, "answers": {pk: 3 for pk in items.values()}}

    for _attempt in range(services.MAX_CODE_ATTEMPTS):
        with pytest.raises(services.CodeInvalid):
            services.submit_response(city, challenge_id=challenge.pk, code="000000x", **kwargs)

    assert (SmsChallenge.objects.count(), SurveyResponse.objects.count()) == (0, 0)


def test_an_unanswered_item_is_refused(city):
    challenge = request_code(city, "13600136000")
    items = items_by_dimension(services.open_questionnaire_for(city))

    with pytest.raises(services.IncompleteAnswers):
        services.submit_response(
            city,
            challenge_id=challenge.pk,
            code="123456",
            district_id=city.survey_districts.first().pk,
            answers={items["产品质量"]: 5},
        )


def test_the_weighted_score_follows_the_dimension_weights(city):
    # 5, 3, 1, 5 on the 1–5 scale are 100, 50, 0 and 100; weights 40/30/20/10 give 65.
    respond(city, "13800000001", {"产品质量": 5, "服务质量": 3, "工程质量": 1, "环境质量": 5})

    results = survey_results(city)

    assert results.score == Decimal("65.00")
    assert [(d.name, d.score) for d in results.dimensions] == [
        ("产品质量", Decimal("100.00")),
        ("服务质量", Decimal("50.00")),
        ("工程质量", Decimal("0.00")),
        ("环境质量", Decimal("100.00")),
    ]


def test_margins_of_error_at_95_percent():
    assert round(stats.margin_of_proportion(0.5, 100), 4) == 0.098  # 1.96 × √(0.25 / 100)
    assert round(stats.margin_of_mean([40, 60, 40, 60]), 3) == round(1.96 * (11.547 / 2), 3)
    assert stats.margin_of_mean([70]) is None


def test_results_per_district_hide_the_score_of_a_small_district(city):
    for n, scores in enumerate([5, 4, 3]):
        respond(city, f"1380000001{n}", dict.fromkeys(WEIGHTS, scores))
    respond(city, "13800000020", ALL_FIVE, district="崂山区")

    results = survey_results(city)

    assert [(d.name, d.responses, d.score, d.fulfilment) for d in results.districts] == [
        ("市南区", 3, Decimal("75.00"), Decimal("100.00")),
        ("崂山区", 1, None, Decimal("50.00")),
    ]
    assert (results.responses, results.counted_towards_quota, results.quota_total, results.quota_fulfilment) == (
        4,
        3,
        4,
        Decimal("75.00"),
    )
    assert results.satisfied_share == Decimal("75.00")  # 100, 75, 50, 100: three at 75 or more


def test_the_acceptance_reads_the_score_once_the_minimum_sample_is_reached(city):
    respond(city, "13800000031", ALL_FIVE)
    respond(city, "13800000032", ALL_FIVE)
    assert survey_selectors.survey_score(city) is None  # 2 of the minimum 3

    respond(city, "13800000033", dict.fromkeys(WEIGHTS, 4))

    assert survey_selectors.survey_score(city) == Decimal("91.67")
    assert survey_selectors.survey_points(city) == Decimal("9.17")  # of the rules' 10 points


def test_a_closed_questionnaire_takes_no_codes(city):
    city.edition.survey_questionnaire.is_open = False
    city.edition.survey_questionnaire.save()

    with pytest.raises(services.SurveyClosed):
        services.request_code(city, phone="13800138000")
    assert sms.outbox == []
