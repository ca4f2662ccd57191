"""The satisfaction survey is the engine's (workflows/surveys, docs/surveys.md): it names no program,
and a program other than cities can attach it. Here the zones program is given a SurveyAttachment for
the test and a zone answers one response, with no city code involved. SMS is mocked
(workflows.notifications.sms.LocmemBackend keeps the messages in memory)."""

import ast
import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from brands.models import State as ZoneState
from brands.models import Zone
from tests.brands.factories import zone_in_state
from workflows import programs
from workflows.notifications import sms
from workflows.surveys import selectors, services
from workflows.surveys.models import Questionnaire, SurveyDimension, SurveyItem, SurveyResponse

SURVEYS = Path(__file__).resolve().parents[2] / "workflows" / "surveys"


def test_the_survey_component_imports_no_program_and_names_none():
    imported, named = set(), []
    for path in SURVEYS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Name) and node.id in {"City", "Zone", "Application"}:
                named.append(f"{path.name}:{node.lineno}")

    assert (imported & {"awards", "brands", "cities"}, named) == (set(), [])


@pytest.fixture
def zone_with_a_survey(monkeypatch, settings):
    settings.SMS_BACKEND = "workflows.notifications.sms.LocmemBackend"  # mocked: nothing is sent
    sms.outbox.clear()
    zone = zone_in_state(ZoneState.APPROVED_FOR_CREATION)
    attachment = programs.SurveyAttachment(
        states=(zone.state,),
        rules=lambda edition_id: (1, 20),
        published=lambda case: False,
        member_case=lambda user, pk: zone,
        member_url=lambda case: "",
    )
    zones = programs.program_for(zone)
    monkeypatch.setitem(programs._programs, zones.key, dataclasses.replace(zones, survey=attachment))
    monkeypatch.setitem(programs._by_model, Zone, programs._programs[zones.key])
    questionnaire = Questionnaire.objects.create(edition=zone.edition, title="满意度测评", is_open=True)
    for name, weight in (("产品质量", "60"), ("服务质量", "40")):
        dimension = SurveyDimension.objects.create(questionnaire=questionnaire, name=name, weight=Decimal(weight))
        SurveyItem.objects.create(dimension=dimension, text=f"{name}如何？")
    zone.survey_opened_at, zone.survey_closed_at = timezone.now(), None  # the zone's own window, in memory
    zone.survey_running = True
    return zone, questionnaire


@pytest.mark.django_db
def test_a_zone_answers_a_survey_through_the_engine_alone(zone_with_a_survey, django_capture_on_commit_callbacks):
    zone, questionnaire = zone_with_a_survey
    staff = type("Staff", (), {"is_authenticated": True, "is_secretariat": True})()
    district = services.set_district_quota(zone, name="开发区", quota=5, actor=staff)
    with django_capture_on_commit_callbacks(execute=True):  # the SMS goes after commit
        challenge = services.request_code(zone, phone="13900001111")
    code = re.search(r"\d{6}", sms.outbox[-1][1]).group()
    items = SurveyItem.objects.filter(dimension__questionnaire=questionnaire).order_by("dimension__name")
    answers = {item.pk: score for item, score in zip(items, (5, 3), strict=True)}  # 产品质量 5, 服务质量 3

    services.submit_response(zone, challenge_id=challenge.pk, code=code, district_id=district.pk, answers=answers)

    results = selectors.survey_results(zone)
    stored = SurveyResponse.objects.get()
    assert (stored.case_type.model, stored.case_id) == ("zone", zone.pk)
    # 产品质量 100 × 60 + 服务质量 50 × 40, over 100: 80; points 80 % of the attachment's 20
    assert (results.responses, results.score, results.points) == (1, Decimal("80.00"), Decimal("16.00"))
