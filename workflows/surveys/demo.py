"""Survey demo data for a program's seeder (manage.py seed_demo, docs/surveys.md): the questionnaire,
the quotas and the answers go through the services, so the demo's aggregates are genuine. No SMS is
sent: each one-time code is made here, as the SMS step would have, and the service checks it like any
other."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from . import services
from .models import Questionnaire, SmsChallenge

DIMENSIONS = [("产品质量", 30), ("服务质量", 30), ("工程质量", 20), ("环境质量", 20)]
DEMO_CODE = "246810"


def ready(case, staff, *, districts) -> None:
    """The edition's questionnaire (built and opened once) and the case's district quotas [(name, quota)]."""
    questionnaire = Questionnaire.objects.filter(edition_id=case.edition_id).first()
    if questionnaire is None:
        questionnaire = services.save_questionnaire(
            edition=case.edition,
            title=f"{case.edition.title}市民质量满意度测评",
            introduction="请根据您在本地的亲身感受作答，约需2分钟。",
            actor=staff,
        )
        for name, weight in DIMENSIONS:
            dimension = services.add_dimension(questionnaire, name=name, weight=Decimal(weight), actor=staff)
            services.add_item(dimension, text=f"您对本地{name}的总体满意程度", actor=staff)
            services.add_item(dimension, text=f"与一年前相比，您对本地{name}的改善是否满意", actor=staff)
        services.set_open(questionnaire, is_open=True, actor=staff)
    for name, quota in districts:
        services.set_district_quota(case, name=name, quota=quota, actor=staff)


def answer(case, staff, *, districts, answers: int) -> None:
    """Open the case's survey if it does not run yet, then `answers` citizens answer it (3 一般 … 5 很满意)."""
    case = type(case).objects.get(pk=case.pk)
    if not case.survey_running:
        ready(case, staff, districts=districts)
        case = services.open_case_survey(case, actor=staff)
    questionnaire = services.open_questionnaire_for(case)
    items = [item for d in questionnaire.dimensions.all() for item in d.items.all()]
    quota_rows = list(services.SurveyDistrict.objects.of_case(case))
    for n in range(answers):
        hashed = services.phone_hash(f"139{case.pk:04d}{n:04d}")
        challenge = SmsChallenge.objects.create(
            **services._of(case),
            phone_hash=hashed,
            code_hash=services._code_hash(hashed, DEMO_CODE),
            expires_at=timezone.now() + services.CODE_VALID,
        )
        services.submit_response(
            case,
            challenge_id=challenge.pk,
            code=DEMO_CODE,
            district_id=quota_rows[n % len(quota_rows)].pk,
            answers={item.pk: 3 + (n + item.pk) % 3 for item in items},
        )
