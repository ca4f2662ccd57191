"""Builders for award tests: complete dossiers, people in each role."""

from __future__ import annotations

from django.core.files.base import ContentFile

from accounts.roles import Role
from awards.models import AwardApplication
from awards.selectors import assessment_items, edition_settings
from tests.factories import (
    AwardApplicationFactory,
    EditionFactory,
    OrganizationFactory,
    UserFactory,
    applicant_for,
)
from workflows.documents.services import store_document

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "file.pdf") -> ContentFile:
    return ContentFile(PDF_BYTES, name=name)


def complete_form_data(application: AwardApplication) -> dict:
    items = assessment_items(application.edition)
    return {
        "contact_name": "张三",
        "contact_phone": "0532-88888888",
        "contact_email": "contact@example.test",
        "employees": 500,
        "main_products": "轨道交通装备",
        "profile": "本公司成立于2010年，专注于轨道交通装备。",
        "self_assessment": {c.code: {"score": c.max_points // 2, "text": "自评说明"} for c in items},
        "key_figures": [
            {"year": 2023, "revenue": "100", "profit": "10", "quality_indicator": "99.1%"},
            {"year": 2024, "revenue": "110", "profit": "11", "quality_indicator": "99.3%"},
            {"year": 2025, "revenue": "120", "profit": "12", "quality_indicator": "99.5%"},
        ],
        "declarations": {"no_major_incident": True, "good_credit": True},
        "integrity_commitment": True,
        "integrity_signed_by": "张三",
    }


def complete_application(application: AwardApplication, user=None) -> AwardApplication:
    """Fill every section and upload every required document (straight to the model: test setup)."""
    for name, value in complete_form_data(application).items():
        setattr(application, name, value)
    application.save()
    for required in edition_settings(application.edition).required_documents:
        store_document(owner=application, slot=required["slot"], uploaded_file=pdf(), uploaded_by=user)
    return application


class Cast:
    """One application and one person per role, plus people who must not get in."""

    def __init__(self, **edition_kwargs):
        self.edition = EditionFactory(**edition_kwargs)
        self.organization = OrganizationFactory(region_code="370212")
        self.applicant = applicant_for(self.organization)
        self.application = AwardApplicationFactory(
            edition=self.edition, organization=self.organization, created_by=self.applicant
        )
        self.recommender = UserFactory(roles=[(Role.RECOMMENDER, "370200")])
        self.secretariat = UserFactory(roles=[Role.SECRETARIAT])
        self.other_applicant = applicant_for(OrganizationFactory(region_code="370212"))
        self.other_recommender = UserFactory(roles=[(Role.RECOMMENDER, "370100")])
        self.expert = UserFactory(roles=[Role.EXPERT])
