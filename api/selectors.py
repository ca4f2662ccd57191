"""Reads behind the open-data API: public pages only, applications only of the user's organisations."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from cms.models import CallPage, NoticePage


def public_calls(*, program: str | None = None, year: int | None = None, open_only: bool = False) -> QuerySet[CallPage]:
    calls = CallPage.objects.live().public().select_related("edition", "edition__program")
    if program:
        calls = calls.filter(edition__program__slug=program)
    if year is not None:
        calls = calls.filter(edition__year=year)
    if open_only:
        now = timezone.now()
        calls = calls.filter(edition__opens_at__lte=now, edition__closes_at__gt=now)
    return calls.order_by("-edition__year", "edition__closes_at", "pk")


def public_call(page_id: int) -> CallPage | None:
    return public_calls().filter(pk=page_id).first()


def public_notices(*, kind: str | None = None, since: dt.date | None = None) -> QuerySet[NoticePage]:
    notices = NoticePage.objects.live().public().select_related("edition", "edition__program")
    if kind:
        notices = notices.filter(kind=kind)
    if since is not None:
        notices = notices.filter(first_published_at__date__gte=since)
    return notices.order_by("-first_published_at", "-pk")


def public_notice(page_id: int) -> NoticePage | None:
    return public_notices().filter(pk=page_id).first()


def applications_of_member(user):
    """Award applications of the organisations the user belongs to (nobody else's)."""
    from awards.models import AwardApplication
    from workflows.review.release import with_applicant_state

    return with_applicant_state(
        AwardApplication.objects.filter(organization__memberships__user=user)
        .select_related("organization", "edition", "edition__program")
        .order_by("-created_at", "-pk")
        .distinct()
    )


def public_zones(*, status: str = "", province: str = "", industry: str = "", year: int | None = None):
    """The zones directory's rows with its filters (only zones the public may see)."""
    from brands.selectors import DirectoryFilters, directory_zones

    filters = DirectoryFilters(status=status, province=province, industry=industry, year=year)
    return directory_zones(filters).order_by("province_code", "region_code", "name", "pk")


def public_zone(zone_id: int):
    """One public zone with its yearly figures and public timeline, or None."""
    from brands.selectors import zone_timeline

    zone = public_zones().prefetch_related("year_figures").filter(pk=zone_id).first()
    if zone is not None:
        zone.public_timeline = zone_timeline(zone)
    return zone


def zones_of_member(user):
    """Zone cases of the creating bodies the user belongs to (any state, drafts included)."""
    from brands.selectors import zones_of_member as member_zones

    return member_zones(user).order_by("-created_at", "-pk").distinct()


def public_cities(*, status: str = "", province: str = "", year: int | None = None):
    """The cities directory's rows with its filters (only cities the public may see)."""
    from cities.selectors import public_cities as directory_cities

    cities = directory_cities(status)
    if province:
        cities = cities.filter(province_code=province)
    if year is not None:
        cities = cities.filter(edition__year=year)
    return cities


def public_city(city_id: int):
    """One public city with its public timeline, or None."""
    from cities.selectors import public_timeline

    city = public_cities().filter(pk=city_id).first()
    if city is not None:
        city.public_timeline = public_timeline(city)
        for entry in city.public_timeline:  # the shape api.schemas.TimelineOut reads
            entry.label, entry.note = entry.to_label, entry.public_note
    return city
