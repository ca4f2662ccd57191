"""The zone program's search types: public zone profiles and staff-only zone dossiers
(registered through brands/program.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from search.indexed_types import as_datetime, edition_facts, plain_text, under_program
from search.regions import industry_label, province_name
from search.registry import STAFF, SearchType
from workflows.models import Edition, Program
from workflows.review.release import as_applicant_sees, shown_in

from .models import PUBLIC_STATES, State, Zone


def build_zone(zone: Zone) -> dict:
    """Public: the zone as the public may see it (a held acceptance result stays hidden: release.py)."""
    organization, edition = zone.organization, zone.edition
    seen = as_applicant_sees(zone)
    return {
        **edition_facts(edition),
        "title": zone.name,
        "body": plain_text(zone.summary, zone.park_name, zone.leading_industry),
        "keywords": plain_text(organization.name, organization.short_name, zone.reference_no or ""),
        "province": province_name(zone.province_code or zone.region_code),
        "region": zone.region_code,
        "industry": industry_label(zone.industry_code) or zone.leading_industry,
        "state": str(seen.get_state_display()),
        "date": as_datetime(zone.recognized_on) or zone.approved_at or zone.created_at,
        "url": reverse("brands:profile", args=[zone.pk]),
    }


def build_zone_dossier(zone: Zone) -> dict:
    """Staff-only: every zone application past its draft, whatever its state; links to the staff case page."""
    organization, edition = zone.organization, zone.edition
    return {
        **edition_facts(edition),
        "title": zone.name,
        "body": plain_text(edition.title, zone.park_name, zone.leading_industry, str(zone.get_state_display())),
        "keywords": plain_text(
            organization.name, organization.short_name, organization.credit_code, zone.reference_no or ""
        ),
        "province": province_name(zone.province_code or zone.region_code),
        "region": zone.region_code,
        "industry": industry_label(zone.industry_code) or zone.leading_industry,
        "state": str(zone.get_state_display()),
        "date": zone.acceptance_applied_at or zone.approved_at or zone.created_at,
        "url": reverse("brands:staff_zone", args=[zone.pk]),
    }


def _zone_depends_on() -> tuple:
    return (
        (Organization, lambda org: org.zones.values_list("pk", flat=True)),
        (Edition, lambda edition: edition.zones.values_list("pk", flat=True)),
        (Program, lambda program: under_program(Zone.objects, program)),
    )


def search_types() -> list[SearchType]:
    return [
        SearchType(
            key="zone",
            label=_("示范区"),
            model=Zone,
            queryset=lambda: shown_in(Zone.objects.all(), PUBLIC_STATES).select_related(
                "organization", "edition__program"
            ),
            build=build_zone,
            depends_on=_zone_depends_on(),
        ),
        SearchType(
            key="zone_dossier",
            label=_("示范区申报"),
            model=Zone,
            queryset=lambda: Zone.objects.exclude(state=State.DRAFT).select_related("organization", "edition__program"),
            build=build_zone_dossier,
            visibility=STAFF,
            depends_on=_zone_depends_on(),
        ),
    ]
