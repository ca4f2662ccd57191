"""Demo award dossiers in several states (manage.py seed_demo). Idempotent.

Dossiers are driven through the real services, so the transition log, rule results and
documents look exactly like production data.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from accounts.models import User
from workflows.documents.models import Document
from workflows.documents.services import store_document
from workflows.eligibility.models import EligibilityRule, RuleType

from . import services
from .models import AwardApplication, State
from .selectors import assessment_items, edition_settings

DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

QINGDAO_RULES = [
    (RuleType.JURISDICTION, {"region_prefix": "3702"}, "在青岛市行政区域内依法登记注册"),
    (RuleType.YEARS_IN_OPERATION, {"min_years": 5}, "成立满5年"),
    (RuleType.NO_MAJOR_INCIDENT, {"years": 3}, "近3年无较大及以上质量、安全、环境事故"),
    (RuleType.GOOD_CREDIT, {}, "信用记录良好"),
    (RuleType.NO_BAN, {}, "不在禁止申报期内"),
    (RuleType.ONE_PER_GROUP, {}, "同一集团限报一家"),
]

# organisation short name, target state
DOSSIERS = [
    ("海岳电器", State.DRAFT),
    ("澜港啤酒", State.SUBMITTED),
    ("北洋轨道", State.QUALIFIED),
]


def _fill(application: AwardApplication) -> None:
    application.contact_name = "联系人"
    application.contact_phone = "0532-80000000"
    application.contact_email = "contact@demo.example"
    application.employees = 1200
    application.main_products = "主营产品与服务（演示）"
    application.profile = f"{application.organization.name}坚持质量第一，建立了完善的卓越绩效管理体系。"
    application.self_assessment = {
        c.code: {"score": int(c.max_points * 0.6), "text": "（演示自评说明）"}
        for c in assessment_items(application.edition)
    }
    application.key_figures = [
        {"year": y, "revenue": str(10000 + i * 800), "profit": str(900 + i * 60), "quality_indicator": "99.6%"}
        for i, y in enumerate(range(application.edition.year - 3, application.edition.year))
    ]
    application.declarations = {"no_major_incident": True, "good_credit": True, "no_violations": True}
    application.integrity_commitment = True
    application.integrity_signed_by = "法定代表人"
    application.save()
    for required in edition_settings(application.edition).required_documents:
        if not Document.objects.owned_by(application).filter(slot=required["slot"]).exists():
            store_document(
                owner=application,
                slot=required["slot"],
                uploaded_file=ContentFile(DEMO_PDF, name=f"{required['slot']}.pdf"),
            )


def seed(stdout=None, *, people: dict, programs: dict) -> None:
    edition = programs["editions"].get("qingdao-mayor-quality-award")
    if edition is None:
        return
    for order, (rule_type, params, description) in enumerate(QINGDAO_RULES):
        EligibilityRule.objects.get_or_create(
            edition=edition,
            rule_type=rule_type,
            defaults={"params": params, "description": description, "order": order},
        )
    recommender = User.objects.get(username="rec_qd")
    secretariat = User.objects.get(username="staff")
    for short, target in DOSSIERS:
        organization = people["organizations"][short]
        applicant = User.objects.filter(memberships__organization=organization).first()
        if applicant is None or AwardApplication.objects.filter(edition=edition, organization=organization).exists():
            continue
        application = AwardApplication.objects.create(edition=edition, organization=organization, created_by=applicant)
        _fill(application)
        if target == State.DRAFT:
            continue
        application = services.submit_application(application, user=applicant, expected_state=State.DRAFT)
        if target == State.SUBMITTED:
            continue
        services.record_preliminary_review(
            application,
            user=recommender,
            complete=True,
            authentic=True,
            well_formed=True,
            opinion="材料齐全，同意推荐。",
            letter=ContentFile(DEMO_PDF, name="推荐意见.pdf"),
        )
        application = services.recommend_application(application, user=recommender, expected_state=State.SUBMITTED)
        application = services.accept_application(application, user=secretariat, expected_state=State.RECOMMENDED)
        for rule in edition.eligibility_rules.all():
            services.record_qualification_result(
                application, user=secretariat, rule=rule, passed=True, detail="已核验（演示）"
            )
        services.qualify_application(application, user=secretariat, expected_state=State.ACCEPTED)
    if stdout is not None:
        stdout.write("Award applications: demo dossiers ready. 质量奖申报演示数据已就绪。")
