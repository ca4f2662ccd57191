"""The city program's search types: public city profiles and staff-only city cases
(registered through cities/program.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from search.indexed_types import as_datetime, edition_facts, plain_text, under_program
from search.regions import province_name
from search.registry import STAFF, SearchType
from workflows.models import Edition, Program
from workflows.review.release import as_applicant_sees, shown_in

from .models import PUBLIC_STATES, City, State


def _facts(city: City) -> dict:
    return {
        **edition_facts(city.edition),
        "title": city.name,
        "province": province_name(city.province_code or city.region_code),
        "region": city.region_code,
        "industry": "",
        "state": str(city.get_state_display()),
    }


def build_city(city: City) -> dict:
    """The public document: the state and dates the public may see (a held result stays out, release.py)."""
    city = as_applicant_sees(city)
    return {
        **_facts(city),
        "body": plain_text(city.summary, str(city.get_city_type_display())),
        "keywords": plain_text(city.organization.name, city.reference_no or ""),
        "date": as_datetime(city.named_on) or as_datetime(city.approved_on) or city.created_at,
        "url": reverse("cities:profile", args=[city.pk]),
    }


def build_city_case(city: City) -> dict:
    organization = city.organization
    return {
        **_facts(city),
        "body": plain_text(city.edition.title, city.summary, str(city.get_state_display())),
        "keywords": plain_text(organization.name, organization.credit_code, city.reference_no or ""),
        "date": city.updated_at,
        "url": reverse("cities:staff_city", args=[city.pk]),
    }


def _depends_on() -> tuple:
    return (
        (Organization, lambda org: org.cities.values_list("pk", flat=True)),
        (Edition, lambda edition: edition.cities.values_list("pk", flat=True)),
        (Program, lambda program: under_program(City.objects, program)),
    )


def _related(qs):
    return qs.select_related("organization", "edition__program")


def search_types() -> list[SearchType]:
    return [
        SearchType(
            key="city",
            label=_("示范城市"),
            model=City,
            queryset=lambda: _related(shown_in(City.objects.all(), PUBLIC_STATES)),
            build=build_city,
            depends_on=_depends_on(),
        ),
        SearchType(
            key="city_case",
            label=_("示范城市申报"),
            model=City,
            queryset=lambda: _related(City.objects.exclude(state=State.DRAFT)),
            build=build_city_case,
            visibility=STAFF,
            depends_on=_depends_on(),
        ),
    ]
