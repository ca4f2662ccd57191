"""Demo cities (manage.py seed_demo, through the program registry's `demo` hook). Idempotent: a city
that exists is left alone. Cities are walked through the real services (the hearing and the acceptance
panel on the engine's review with the demo experts, the plan, a yearly progress report, the citizens'
survey answered through its services, the notice, the naming, 摘牌), so timelines and logs are genuine.
Only the survey's SMS is skipped: the demo makes each one-time code itself (workflows/surveys/demo.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from workflows.surveys import demo as survey_demo

CITY_PROGRAM = {
    "slug": "national-quality-city",
    "name": "全国质量强市示范城市",
    "kind": "quality_city",
    "level": "national",
    "authority": "国家市场监督管理总局",
    "region_code": "",
    "basis": "《全国质量强市示范城市创建工作方案》",
}
# government, first 16 characters of its credit code, region, city, type, population (10k), target
DEMO_CITIES = [
    ("青岛市人民政府", "1137020000412301", "370200", "青岛市", "separately_planned", "1037.15", "named"),
    ("烟台市人民政府", "1137060000412302", "370600", "烟台市", "prefecture", "705.87", "creating"),
    ("潍坊市人民政府", "1137070000412304", "370700", "潍坊市", "prefecture", "938.68", "planning"),
    ("淄博市人民政府", "1137030000412303", "370300", "淄博市", "prefecture", "470.40", "delisted"),
]
STEPS = ["planning", "creating", "named", "delisted"]


def seed(stdout=None, people=None, programs=None) -> None:
    from accounts.models import User

    from .models import City

    edition = _edition()
    staff = User.objects.get(username="staff")
    province = User.objects.get(username="rec_sd")
    for government, code, region, name, city_type, population, target in DEMO_CITIES:
        if City.objects.filter(edition=edition, name=name).exists():
            continue
        organization, officer = _government(government, code, region)
        _walk(edition, organization, officer, staff, province, name, city_type, region, population, target)
    if stdout:
        stdout.write(f"Demo cities: {City.objects.filter(edition=edition).count()}")


def _edition():
    from workflows.models import CriteriaFramework, Criterion, Edition, Program
    from workflows.titles.models import TitleRules

    from .frameworks import ACCEPTANCE_CODE, HEARING_CODE, load_frameworks
    from .models import CityRules

    load_frameworks(CriteriaFramework, Criterion)  # normally there from the migration; idempotent
    now = timezone.localtime()
    program, _ = Program.objects.update_or_create(slug=CITY_PROGRAM["slug"], defaults=CITY_PROGRAM)
    edition, _ = Edition.objects.get_or_create(
        program=program,
        year=now.year,
        defaults={
            "title": f"{now.year}年度{program.name}",
            "opens_at": now - dt.timedelta(days=30),
            "closes_at": (now + dt.timedelta(days=60)).replace(hour=17, minute=0, second=0, microsecond=0),
            "reference_date": dt.date(now.year - 1, 12, 31),
            "criteria_framework": CriteriaFramework.objects.get(code=ACCEPTANCE_CODE),
            "notice_length": 5,
            "validity_years": 3,
            "ban_years": 3,
        },
    )
    CityRules.objects.get_or_create(
        edition=edition, defaults={"hearing_framework": CriteriaFramework.objects.get(code=HEARING_CODE)}
    )
    TitleRules.objects.get_or_create(edition=edition, defaults={"certificate_prefix": "ZLQS"})
    return edition


def _government(name: str, code: str, region: str):
    """The city government and its demo login (city_<region>, the demo password)."""
    from accounts.credit_code import make_credit_code
    from accounts.demo import DEMO_PASSWORD
    from accounts.models import Membership, Organization, RoleGrant, User
    from accounts.roles import Role

    organization, _ = Organization.objects.get_or_create(
        credit_code=make_credit_code(code),
        defaults={
            "name": name,
            "short_name": name[:3],
            "kind": Organization.Kind.LOCAL_GOVERNMENT,
            "region_code": region,
        },
    )
    user, created = User.objects.get_or_create(
        username=f"city_{region}",
        defaults={"full_name": f"质量强市办（{name}）", "email": f"city_{region}@demo.example", "email_verified": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    RoleGrant.objects.get_or_create(user=user, role=Role.APPLICANT, region_code="")
    Membership.objects.get_or_create(user=user, organization=organization, defaults={"is_admin": True})
    return organization, user


def _walk(edition, organization, officer, staff, province, name, city_type, region, population, target) -> None:
    from workflows.notices.services import close_public_notice
    from workflows.titles.models import Revocation

    from . import services
    from .models import PlanItem

    reach = STEPS.index(target)
    today = timezone.localdate()
    city = services.create_city(
        edition=edition,
        organization=organization,
        actor=officer,
        name=name,
        city_type=city_type,
        region_code=region,
        population_10k=Decimal(population),
        summary=f"{name}实施质量强市战略，以标准、品牌和质量基础设施建设推动高质量发展。",
    )
    for offset, year in enumerate(services.profile_years(edition)):
        services.record_year_figures(
            city,
            actor=officer,
            year=year,
            gdp_100m=Decimal("4800") + 320 * offset,
            pillar_industries="高端装备、家电电子、食品饮料",
            spot_check_pass_rate=Decimal("95.8") + Decimal("0.4") * offset,
            quality_incidents=0,
            famous_brands=30 + 4 * offset,
        )
    services.submit_city(city, actor=officer)
    services.transition_city(city, "recommend", actor=province, reason="质量工作基础扎实，同意推荐。")
    _hearing(city, staff)
    services.approve_creation(
        city, actor=staff, approval_doc_no=f"国市监质函〔{edition.year}〕{city.pk}号", approved_on=today
    )
    _release(edition, "hearing", staff)  # the city hears of its approval once the secretariat releases it
    services.add_plan_item(
        city,
        actor=officer,
        kind=PlanItem.Kind.INDICATOR,
        title="产品质量监督抽查合格率",
        owner_department="市市场监督管理局",
        comparator=PlanItem.Comparator.AT_LEAST,
        target_value=Decimal("95"),
        unit="%",
    )
    services.add_plan_item(
        city,
        actor=officer,
        kind=PlanItem.Kind.TASK,
        title="建设质量基础设施“一站式”服务平台",
        owner_department="市市场监督管理局",
        target_text="覆盖全部区（市）并投入运行",
    )
    if reach < 1:
        return
    services.submit_plan(city, actor=officer)
    services.approve_plan(city, actor=staff, reason="创建方案目标明确、任务可行。")
    if reach < 2:
        survey_demo.answer(
            city, staff, districts=_districts(city), answers=6
        )  # the creating city's survey is running: its profile links to it
        return
    _acceptance(city, officer, staff)
    # A notice that started three weeks ago has ended, so it can be closed and the city named.
    notice = services.open_notice([city], actor=staff, start=today - dt.timedelta(days=21))
    close_public_notice(notice, actor=staff)
    services.name_city(city, actor=staff, document_no=f"国市监质发〔{edition.year}〕{city.pk}号", approved_on=today)
    if reach < 3:
        return
    services.delist_city(
        city,
        actor=staff,
        reason="示范期内发生重大质量安全事故，未按期整改。",
        trigger=Revocation.Trigger.MAJOR_INCIDENT,
        authority="国家市场监督管理总局",
        document_no=f"国市监质发〔{edition.year}〕{city.pk + 100}号",
    )


def _hearing(city, staff) -> None:
    """申述答辩 on the engine's review: three demo experts, the leader's consensus at 85 % per part."""
    from accounts.models import User
    from workflows.review import services as review

    from . import services

    panel = services.start_hearing(
        city, actor=staff, name=f"{city.name}申述答辩专家组", deadline=timezone.now() + dt.timedelta(days=14), size=3
    )
    _panel_scores(panel, staff, f"demo-city-{city.pk}", 85)
    items = {criterion.pk: (85, "陈述清楚，问答充分。") for criterion in review.scoring_items(panel)}
    review.record_consensus(panel, city, items=items, actor=User.objects.get(pk=panel.leader_id))


def _panel_scores(panel, staff, seed: str, percentage: int) -> None:
    """Draw the panel from the demo experts; each declares no conflict and scores every item."""
    from workflows.review import services as review
    from workflows.review.models import Assignment

    review.draw_panel(panel, actor=staff, seed=seed)
    items = {criterion.pk: {"percentage": percentage} for criterion in review.scoring_items(panel)}
    for assignment in Assignment.objects.filter(panel=panel).select_related("expert"):
        review.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
        review.submit_scorecard(assignment, items=items, actor=assignment.expert)
    panel.refresh_from_db()


def _lines(city, value: str) -> dict:
    from .models import PlanItem

    return {
        item.pk: {"achieved_value": Decimal(value) if item.kind == PlanItem.Kind.INDICATOR else None, "progress": "met"}
        for item in city.plan_items.all()
    }


def _acceptance(city, officer, staff) -> None:
    """The first year's report (accepted), the acceptance application, the panel with the survey opened,
    the experts' scores, the citizens' answers and the aggregated conclusion (拟命名)."""
    from workflows.review import services as review

    from . import services

    report = services.submit_progress_report(
        city,
        actor=officer,
        year=1,
        narrative="第一年创建任务按方案推进，抽查合格率达到目标。",
        lines=_lines(city, "96.1"),
    )
    services.decide_progress_report(report, actor=staff, accept=True)
    services.apply_for_acceptance(
        city, actor=officer, narrative="两年创建任务全部完成，量化指标均已达标。", lines=_lines(city, "97.3")
    )
    survey_demo.ready(city, staff, districts=_districts(city))
    panel = services.start_acceptance_review(
        city, actor=staff, name=f"{city.name}考核验收专家组", deadline=timezone.now() + dt.timedelta(days=14), size=3
    )
    _panel_scores(panel, staff, f"demo-city-acceptance-{city.pk}", 90)
    review.finalize_panel(panel, actor=staff)
    survey_demo.answer(city, staff, districts=_districts(city), answers=36)
    services.conclude_acceptance(city, actor=staff)
    _release(city.edition, "acceptance_review", staff)


def _release(edition, stage: str, staff) -> None:
    """The secretariat releases the stage's held results (workflows/review/release.py), once per edition:
    later results of a released stage are visible at once."""
    from workflows.review.release import is_released
    from workflows.review.services.release import release_results

    if not is_released(edition, stage):
        release_results(edition, stage, actor=staff, reason="演示数据")


# Each city's survey quotas by its own districts (workflows/surveys/demo.py).
_DISTRICTS = {
    "370200": ("市南区", "市北区", "崂山区"),
    "370600": ("芝罘区", "莱山区", "福山区"),
    "370700": ("奎文区", "潍城区", "寒亭区"),
    "370300": ("张店区", "淄川区", "博山区"),
}


def _districts(city) -> list[tuple[str, int]]:
    return [(name, 12) for name in _DISTRICTS[city.region_code]]
