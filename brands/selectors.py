"""Reads for the public zones directory and profiles (only publicly visible zones)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from workflows.selectors import transition_history

from .models import PUBLIC_STATES, PUBLIC_STATUS_GROUPS, State, Zone, ZoneReport


@dataclass(frozen=True)
class DirectoryFilters:
    status: str = ""  # a PUBLIC_STATUS_GROUPS key
    province: str = ""  # two digits
    industry: str = ""  # leading industry, exact
    year: int | None = None  # edition year


def _public_zones() -> QuerySet[Zone]:
    return Zone.objects.filter(state__in=PUBLIC_STATES)


def _apply(queryset: QuerySet[Zone], filters: DirectoryFilters, *, with_province: bool = True) -> QuerySet[Zone]:
    if filters.status in PUBLIC_STATUS_GROUPS:
        queryset = queryset.filter(state__in=PUBLIC_STATUS_GROUPS[filters.status][1])
    if filters.province and with_province:
        queryset = queryset.filter(province_code=filters.province)
    if filters.industry:
        queryset = queryset.filter(leading_industry=filters.industry)
    if filters.year:
        queryset = queryset.filter(edition__year=filters.year)
    return queryset


def directory_zones(filters: DirectoryFilters) -> QuerySet[Zone]:
    """Public zones matching the filters, with what a directory row shows."""
    return (
        _apply(_public_zones(), filters)
        .select_related("organization", "edition__program")
        .order_by("province_code", "region_code", "name")
    )


def zone_counts_by_province(filters: DirectoryFilters) -> dict[str, int]:
    """Counts for the map: the other filters apply, the province filter does not (the map selects it)."""
    rows = _apply(_public_zones(), filters, with_province=False).values("province_code").annotate(n=Count("id"))
    return {row["province_code"]: row["n"] for row in rows.order_by()}


def directory_filter_options() -> dict[str, list]:
    public = _public_zones().order_by()
    return {
        "industries": list(public.values_list("leading_industry", flat=True).distinct().order_by("leading_industry")),
        "years": list(public.values_list("edition__year", flat=True).distinct().order_by("-edition__year")),
    }


def public_zone_profile(pk: int) -> Zone:
    """A zone as the public sees it; zones not yet approved for creation do not exist publicly (404)."""
    return get_object_or_404(
        _public_zones()
        .select_related("organization", "edition__program")
        .prefetch_related(
            "year_figures",
            Prefetch(
                "reports",
                queryset=ZoneReport.objects.filter(kind=ZoneReport.Kind.DEMONSTRATION_ANNUAL).order_by("year"),
                to_attr="public_reports",
            ),
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: object
    label: str
    note: str


# Only decisions the public should read a reason for; other reasons may be internal.
PUBLIC_REASON_TRANSITIONS = {"revoke", "fail_creation", "extend_creation"}


def zone_timeline(zone: Zone) -> list[TimelineEntry]:
    labels = dict(State.choices)
    return [
        TimelineEntry(
            at=log.at,
            label=str(labels.get(log.to_state, log.to_state)),
            note=log.reason if log.transition in PUBLIC_REASON_TRANSITIONS else "",
        )
        for log in transition_history(zone)
    ]


def zones_of_member(user) -> QuerySet[Zone]:
    """The zones of the creating bodies the user acts for (any state)."""
    if not (user and user.is_authenticated):
        return Zone.objects.none()
    return (
        Zone.objects.filter(organization__memberships__user=user)
        .select_related("edition__program", "organization", "extension_request")
        .order_by("-created_at")
    )


def member_zone(user, pk: int) -> Zone:
    """One of the user's zones with what its workspace shows; another body's zone is a 404."""
    return get_object_or_404(zones_of_member(user).prefetch_related("reports", "year_figures"), pk=pk)
