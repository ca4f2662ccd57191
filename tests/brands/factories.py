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


def zone_in_state(state: str, **kwargs) -> Zone:
    """A zone put straight into `state` (arranging, not the behaviour under test)."""
    zone = ZoneFactory(**kwargs)
    Zone.objects.filter(pk=zone.pk).update(state=state, approved_at=timezone.now() - dt.timedelta(days=30))
    zone.refresh_from_db()
    return zone
