"""Demo zones (manage.py seed_demo, through the zone program's registry `demo` hook). Idempotent: a zone
that exists is left alone.

Zones are walked through the real services, so their timelines and audit log are genuine.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from workflows.notices.services import close_public_notice

from . import services
from .indicators import ZONE_FRAMEWORK_CODE
from .models import Zone, ZoneReport, ZoneRules

ZONE_PROGRAM_SLUG = "national-quality-brand-zone"

# creating body (short name), zone name, park, region, leading industry, industry code, target state
DEMO_ZONES = [
    (
        "西海岸新区",
        "青岛西海岸新区家电与电子信息质量品牌提升示范区",
        "西海岸新区家电电子产业园",
        "370211",
        "家电与电子信息",
        "C38",
        "demonstration",
    ),
    (
        "西海岸新区",
        "青岛西海岸新区港航物流质量品牌提升示范区",
        "董家口港航物流园",
        "370211",
        "港航物流",
        "G55",
        "public_notice",
    ),
    (
        "寿光市政府",
        "寿光蔬菜质量品牌提升示范区",
        "寿光蔬菜产业集聚区",
        "370783",
        "蔬菜种植与加工",
        "A01",
        "under_creation",
    ),
    ("寿光市政府", "寿光蔬菜种业质量品牌提升示范区", "寿光种业园", "370783", "蔬菜种业", "A01", "applied"),
    # Recommended by the province: waits on the secretariat's desk (/zones/staff/) for national review.
    (
        "西海岸新区",
        "青岛西海岸新区海洋生物医药质量品牌提升示范区",
        "西海岸海洋生物医药园",
        "370211",
        "海洋生物医药",
        "C27",
        "recommended",
    ),
]
STEPS = ["applied", "recommended", "under_creation", "public_notice", "demonstration"]


def _figures(zone: Zone, officer) -> None:
    for year, output in ((2024, Decimal("820")), (2025, Decimal("905"))):
        services.record_year_figures(
            zone,
            actor=officer,
            year=year,
            enterprise_count=186,
            output_value=output,
            leading_industry_share=Decimal("58"),
            brand_count=14,
            gi_product_count=2,
            standards_led_count=7,
        )


# A minimal well-formed PDF for the demo's uploaded application materials.
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload_materials(zone: Zone, officer) -> None:
    from django.core.files.base import ContentFile

    from .selectors import zone_documents

    for required, document in zone_documents(zone):
        if document is None:
            services.upload_zone_document(
                zone,
                user=officer,
                slot=required["slot"],
                uploaded_file=ContentFile(DEMO_PDF, name=f"{required['slot']}.pdf"),
            )


def _walk(zone: Zone, target: str, officer, staff, recommender) -> None:
    reach = STEPS.index(target)
    _upload_materials(zone, officer)
    services.submit_zone(zone, actor=officer)
    if reach < 1:
        return
    services.recommend_zone(zone, actor=recommender, reason="材料齐全，同意推荐")
    if reach < 2:
        return
    services.transition_zone(zone, "start_national_review", actor=staff)
    services.approve_for_creation(zone, actor=staff, approval_doc_no=f"国市监质函〔{zone.edition.year}〕{zone.pk}号")
    services.file_report(
        zone,
        actor=officer,
        kind=ZoneReport.Kind.CREATION_PROGRESS,
        year=zone.edition.year,
        summary="筹建工作按计划推进。",
    )
    if reach < 3:
        services.request_extension(zone, actor=officer, reason="配套检测中心建设需要更多时间。")
        return
    services.apply_for_acceptance(zone, actor=officer)
    services.transition_zone(zone, "start_acceptance_precheck", actor=staff)
    services.transition_zone(zone, "start_expert_assessment", actor=staff)
    _score_by_demo_experts(zone, staff)
    services.conclude_expert_assessment(zone, actor=staff)
    if reach < 4:
        services.put_on_public_notice([zone], actor=staff)
        return
    # A notice that started three weeks ago has ended, so it can be closed and the zone named.
    notice = services.put_on_public_notice([zone], actor=staff, start=timezone.localdate() - dt.timedelta(days=21))
    close_public_notice(notice, actor=staff)
    services.recognize_zone(zone, actor=staff, document_no=f"国市监质发〔{zone.edition.year}〕{zone.pk}号")
    services.file_report(
        zone,
        actor=officer,
        kind=ZoneReport.Kind.DEMONSTRATION_ANNUAL,
        year=zone.edition.year,
        summary="示范期年度报告。",
    )


def _score_by_demo_experts(zone: Zone, staff) -> None:
    """Three experts from the demo pool (workflows.review.demo) score the expert indicators at 85 %."""
    from workflows.review import services as review
    from workflows.review.models import Assignment

    panel = services.open_indicator_review(
        [zone], actor=staff, name=f"{zone.name}验收专家组", deadline=timezone.now() + dt.timedelta(days=14), size=3
    )
    review.draw_panel(panel, actor=staff, seed=f"demo-zone-{zone.pk}")
    items = {criterion.pk: {"percentage": 85} for criterion in review.scoring_items(panel)}
    for assignment in Assignment.objects.filter(panel=panel).select_related("expert"):
        review.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
        review.submit_scorecard(assignment, items=items, actor=assignment.expert)
    review.finalize_panel(panel, actor=staff)


def seed(stdout=None, people=None, programs=None) -> None:
    from workflows.models import CriteriaFramework

    edition = programs["editions"][ZONE_PROGRAM_SLUG]
    if edition.criteria_framework_id is None:
        edition.criteria_framework = CriteriaFramework.objects.get(code=ZONE_FRAMEWORK_CODE)
        edition.save(update_fields=["criteria_framework"])
    ZoneRules.objects.get_or_create(edition=edition)
    organizations = people["organizations"]
    staff = User.objects.get(username="staff")
    recommender = User.objects.get(username="rec_sd")
    officer_for = {"西海岸新区": User.objects.get(username="zone_xihaian")}
    for short, name, park, region, industry, code, target in DEMO_ZONES:
        if Zone.objects.filter(edition=edition, name=name).exists():
            continue
        organization = organizations[short]
        officer = officer_for.get(short) or _officer(organization)
        zone = services.create_zone(
            edition=edition,
            organization=organization,
            actor=officer,
            name=name,
            park_name=park,
            region_code=region,
            leading_industry=industry,
            industry_code=code,
            area_km2=Decimal("95.6"),
            summary=f"{park}以{industry}为主导产业，创建质量品牌提升示范区。",
        )
        _figures(zone, officer)
        _walk(zone, target, officer, staff, recommender)
    if stdout:
        stdout.write(f"Demo zones: {Zone.objects.filter(edition=edition).count()}")


def _officer(organization):
    """寿光市政府 has no demo login in accounts.demo; give it one (password as the other demo users)."""
    from accounts.demo import DEMO_PASSWORD
    from accounts.models import Membership, RoleGrant
    from accounts.roles import Role

    user, created = User.objects.get_or_create(
        username="zone_shouguang",
        defaults={"full_name": "吴主任（寿光市政府）", "email": "zone_shouguang@demo.example", "email_verified": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    RoleGrant.objects.get_or_create(user=user, role=Role.APPLICANT, region_code="")
    Membership.objects.get_or_create(user=user, organization=organization, defaults={"is_admin": True})
    return user
