"""Factories for the expert review tests."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.roles import Role
from tests.factories import UserFactory
from workflows.review.models import ExpertProfile, Panel


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(UserFactory, roles=[Role.EXPERT])
    specialties = "C38"
    region_code = "110101"  # Beijing: far from the Qingdao applicants of tests.factories
    employer_name = factory.Sequence(lambda n: f"某大学{n}")
    employer_credit_code = factory.Sequence(lambda n: f"12110000{n:010d}")


def make_experts(count: int, **kwargs) -> list:
    return [ExpertProfileFactory(**kwargs).user for _ in range(count)]


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    name = factory.Sequence(lambda n: f"第{n}评审组")
    stage = "material_review"
    size = 5
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
