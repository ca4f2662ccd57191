"""Arranging a city survey: an edition's questionnaire (4 weighted dimensions, one item each), a
creating city with two districts, and responses made through the services (docs/surveys.md).

SMS is mocked: settings.SMS_BACKEND is workflows.notifications.sms.LocmemBackend, which keeps the messages
in `workflows.notifications.sms.outbox` instead of sending them; tests read the code from there."""

from __future__ import annotations

import re
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone

from cities.models import City, State
from workflows.notifications import sms
from workflows.surveys import services
from workflows.surveys.models import Questionnaire, SurveyDimension, SurveyItem

from .factories import CityRulesFactory, city_in_state

WEIGHTS = {"产品质量": "40", "服务质量": "30", "工程质量": "20", "环境质量": "10"}


def questionnaire_for(edition, *, is_open: bool = True) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(edition=edition, title="市民质量满意度测评问卷", is_open=is_open)
    for position, (name, weight) in enumerate(WEIGHTS.items()):
        dimension = SurveyDimension.objects.create(
            questionnaire=questionnaire, name=name, weight=Decimal(weight), position=position
        )
        SurveyItem.objects.create(dimension=dimension, text=f"您对本市{name}的总体评价")
    return questionnaire


def survey_city(*, edition=None, name: str = "青岛市", min_responses: int = 3, **kwargs):
    edition = edition or CityRulesFactory(survey_min_responses=min_responses).edition
    city = city_in_state(State.CREATING, edition=edition, name=name, **kwargs)
    city.survey_districts.create(name="市南区", quota=2)
    city.survey_districts.create(name="崂山区", quota=2)
    City.objects.filter(pk=city.pk).update(survey_opened_at=timezone.now())  # arranged: the city's survey runs
    city.refresh_from_db()
    return city


def items_by_dimension(questionnaire) -> dict[str, int]:
    return {item.dimension.name: item.pk for item in SurveyItem.objects.filter(dimension__questionnaire=questionnaire)}


def request_code(city, phone: str):
    """services.request_code with its after-commit SMS run now (into the mocked outbox)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.request_code(city, phone=phone)


def last_code() -> str:
    return re.search(r"\d{6}", sms.outbox[-1][1]).group()


def respond(city, phone: str, scores: dict[str, int], *, district: str = "市南区"):
    """A whole response through the services: code by (mocked) SMS, then the answers."""
    questionnaire = services.open_questionnaire_for(city)
    challenge = request_code(city, phone)
    code = next(text for number, text in reversed(sms.outbox) if number == services.normalise_phone(phone))
    items = items_by_dimension(questionnaire)
    return services.submit_response(
        city,
        challenge_id=challenge.pk,
        code=re.search(r"\d{6}", code).group(),
        district_id=city.survey_districts.get(name=district).pk,
        answers={items[name]: score for name, score in scores.items()},
    )
