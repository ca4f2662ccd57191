"""Factories for cities: a city edition with its rules, city governments, city cases."""

from decimal import Decimal

import factory

from accounts.models import Organization
from cities.frameworks import ACCEPTANCE_CODE, HEARING_CODE
from cities.models import City, CityRules, CityType, CityYearFigures
from tests.factories import EditionFactory, OrganizationFactory, ProgramFactory
from workflows.models import CriteriaFramework, Criterion, Program


def framework(code: str) -> CriteriaFramework:
    """The bundled framework; loaded again when a transactional test flushed the migration's rows."""
    from cities.frameworks import load_frameworks

    load_frameworks(CriteriaFramework, Criterion)
    return CriteriaFramework.objects.get(code=code)


class CityProgramFactory(ProgramFactory):
    name = "全国质量强市示范城市"
    slug = "national-quality-city-test"
    kind = Program.Kind.QUALITY_CITY
    level = Program.Level.NATIONAL
    authority = "国家市场监督管理总局"
    region_code = ""


class CityEditionFactory(EditionFactory):
    program = factory.SubFactory(CityProgramFactory)
    criteria_framework = factory.LazyFunction(lambda: framework(ACCEPTANCE_CODE))
    validity_years = 3  # the demonstration period
    notice_length = 5


class CityRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityRules

    edition = factory.SubFactory(CityEditionFactory)
    hearing_framework = factory.LazyFunction(lambda: framework(HEARING_CODE))
    hearing_pass_score = Decimal("60")
    acceptance_pass_score = Decimal("80")
    survey_points = 10
    survey_min_responses = 3


class CityGovernmentFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"测试{n}市人民政府")
    kind = Organization.Kind.LOCAL_GOVERNMENT
    region_code = "370200"
    industry_code = ""


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    edition = factory.LazyFunction(lambda: CityRulesFactory().edition)
    organization = factory.SubFactory(CityGovernmentFactory)
    created_by = factory.SubFactory("tests.factories.UserFactory")
    name = factory.Sequence(lambda n: f"测试{n}市")
    city_type = CityType.PREFECTURE
    region_code = factory.LazyAttribute(lambda city: city.organization.region_code)
    province_code = factory.LazyAttribute(lambda city: city.region_code[:2])
    summary = "以质量强市战略推动高质量发展。"


def figures(city, year, **overrides):
    values = {
        "gdp_100m": Decimal("12400.5"),
        "pillar_industries": "家电、轨道交通装备、海洋产业",
        "spot_check_pass_rate": Decimal("96.5"),
        "quality_incidents": 0,
        "famous_brands": 40,
    }
    values.update(overrides)
    return CityYearFigures.objects.create(city=city, year=year, **values)


def city_in_state(state: str, **kwargs) -> City:
    """A case put straight into `state` (arranging, not the behaviour under test)."""
    city = CityFactory(**kwargs)
    City.objects.filter(pk=city.pk).update(state=state, reference_no=f"ZLQS-T-{city.pk:05d}")
    city.refresh_from_db()
    return city
