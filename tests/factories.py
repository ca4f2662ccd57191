"""Shared factory_boy factories. Feature areas may add their own next to their tests."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.credit_code import make_credit_code
from accounts.models import Membership, Organization, RoleGrant, User
from accounts.roles import Role
from awards.models import AwardApplication
from workflows.models import CriteriaFramework, Edition, Program

PASSWORD = "test-pass-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for item in extracted or []:
            role, region = item if isinstance(item, tuple) else (item, "")
            RoleGrant.objects.create(user=self, role=role, region_code=region)
        self.save()


def credit_code_for(n: int) -> str:
    return make_credit_code(f"913702{n:010d}"[:16])


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    short_name = factory.Sequence(lambda n: f"测试{n}")
    kind = Organization.Kind.ENTERPRISE
    credit_code = factory.Sequence(credit_code_for)
    region_code = "370212"
    industry_code = "C38"
    founded_on = dt.date(2010, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("slug",)

    name = "青岛市市长质量奖"
    slug = factory.Sequence(lambda n: f"program-{n}")
    kind = Program.Kind.QUALITY_AWARD
    level = Program.Level.MUNICIPAL
    authority = "青岛市人民政府"
    region_code = "370200"


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    program = factory.SubFactory(ProgramFactory)
    year = factory.Sequence(lambda n: 2026 + n)
    title = factory.LazyAttribute(lambda e: f"{e.year}年度{e.program.name}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    reference_date = dt.date(2025, 12, 31)
    criteria_framework = factory.LazyFunction(lambda: CriteriaFramework.objects.filter(code="gbt19580-2012").first())


class AwardApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardApplication

    edition = factory.SubFactory(EditionFactory)
    organization = factory.SubFactory(OrganizationFactory)
    created_by = factory.SubFactory(UserFactory)


def applicant_for(organization: Organization, **kwargs) -> User:
    user = UserFactory(roles=[Role.APPLICANT], **kwargs)
    Membership.objects.create(user=user, organization=organization, is_admin=True)
    return user


class BanFactory(factory.django.DjangoModelFactory):
    """An organisation barred from a program for a year from today (workflows.eligibility.Ban)."""

    class Meta:
        model = "eligibility.Ban"

    organization = factory.SubFactory(OrganizationFactory)
    program = factory.SubFactory(ProgramFactory)
    reason = "弄虚作假"
    starts_on = factory.LazyFunction(lambda: timezone.localdate())
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))
