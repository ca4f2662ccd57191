"""Factories for zones: a zone edition with its rules and indicator framework, creating bodies, zones."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Organization
from brands.indicators import ZONE_FRAMEWORK_CODE
from brands.models import Zone, ZoneRules, ZoneYearFigures
from tests.factories import EditionFactory, OrganizationFactory, ProgramFactory, UserFactory
from workflows.models import CriteriaFramework, Program


class ZoneProgramFactory(ProgramFactory):
    name = "全国质量品牌提升示范区"
    slug = "national-quality-brand-zone-test"
    kind = Program.Kind.DEMONSTRATION_ZONE
    level = Program.Level.NATIONAL
    authority = "国家市场监督管理总局"
    region_code = ""


class ZoneEditionFactory(EditionFactory):
    program = factory.SubFactory(ZoneProgramFactory)
    criteria_framework = factory.LazyFunction(lambda: CriteriaFramework.objects.get(code=ZONE_FRAMEWORK_CODE))
    validity_years = 3  # the demonstration period
    notice_length = 5


class ZoneRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZoneRules

    edition = factory.SubFactory(ZoneEditionFactory)
    creation_period_years = 2
    extension_months = 6
    reminder_lead_days = 60
    acceptance_pass_score = Decimal("70")


class CreatingBodyFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"测试园区{n}管理委员会")
    kind = Organization.Kind.PARK_COMMITTEE
    region_code = "370211"
    industry_code = ""


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    edition = factory.LazyFunction(lambda: ZoneRulesFactory().edition)
    organization = factory.SubFactory(CreatingBodyFactory)
    created_by = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"测试示范区{n}")
    park_name = factory.Sequence(lambda n: f"测试园区{n}")
    region_code = factory.LazyAttribute(lambda zone: zone.organization.region_code)
    province_code = factory.LazyAttribute(lambda zone: zone.region_code[:2])
    leading_industry = "家电"
    industry_code = "C38"
    area_km2 = Decimal("120.50")


def figures(zone, year, **overrides):
    values = {
        "enterprise_count": 150,
        "output_value": Decimal("500"),
        "leading_industry_share": Decimal("45"),
        "brand_count": 12,
        "gi_product_count": 0,
        "standards_led_count": 6,
    }
    values.update(overrides)
    return ZoneYearFigures.objects.create(zone=zone, year=year, **values)


def materials(zone, user=None) -> None:
    """Upload every required document of the zone's edition (straight to the document service: setup)."""
    from brands.selectors import zone_documents
    from tests.awards.factories import pdf
    from workflows.documents.services import store_document

    for required, document in zone_documents(zone):
        if document is None:
            store_document(owner=zone, slot=required["slot"], uploaded_file=pdf(), uploaded_by=user)


def upload_through_the_edit_page(client, zone, **changes):
    """What the creating body does on the edit page: the form as it stands (plus `changes`) and one
    file per required document, each with its own Upload button. Returns the last response."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from brands.selectors import required_zone_documents
    from tests.awards.factories import PDF_BYTES

    fields = {
        "expected_state": zone.state,
        "name": zone.name,
        "park_name": zone.park_name,
        "region_code": zone.region_code,
        "leading_industry": zone.leading_industry,
        "industry_code": zone.industry_code,
        "area_km2": str(zone.area_km2),
        "summary": zone.summary,
        **changes,
    }
    response = None
    for required in required_zone_documents(zone.edition):
        upload = SimpleUploadedFile(f"{required['slot']}.pdf", PDF_BYTES, content_type="application/pdf")
        response = client.post(
            reverse("brands:edit", args=[zone.pk]),
            {**fields, "upload": required["slot"], f"file_{required['slot']}": upload},
            follow=True,
        )
    return response


def zone_in_state(state: str, **kwargs) -> Zone:
    """A zone put straight into `state` (arranging, not the behaviour under test)."""
    zone = ZoneFactory(**kwargs)
    Zone.objects.filter(pk=zone.pk).update(state=state, approved_at=timezone.now() - dt.timedelta(days=30))
    zone.refresh_from_db()
    return zone
