"""Response shapes of the open-data API v1 (they are the public contract: add fields, never rename)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.utils import timezone
from ninja import Schema


def local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value else None


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[dict[str, Any]]


class ProgramOut(Schema):
    slug: str
    name: str
    kind: str
    level: str
    authority: str


class EditionOut(Schema):
    year: int
    title: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    program: ProgramOut

    @staticmethod
    def resolve_opens_at(edition) -> dt.datetime:
        return local(edition.opens_at)

    @staticmethod
    def resolve_closes_at(edition) -> dt.datetime:
        return local(edition.closes_at)


class CallOut(Schema):
    id: int
    title: str
    summary: str
    url: str
    is_open: bool
    edition: EditionOut

    @staticmethod
    def resolve_url(page, context) -> str:
        return page.get_full_url(context["request"]) or ""


class CallDetailOut(CallOut):
    body: str
    eligibility: str


class NoticeOut(Schema):
    id: int
    title: str
    kind: str
    url: str
    published_at: dt.datetime | None
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    window_open: bool
    edition_year: int | None
    program: str | None

    @staticmethod
    def resolve_url(page, context) -> str:
        return page.get_full_url(context["request"]) or ""

    @staticmethod
    def resolve_published_at(page) -> dt.datetime | None:
        return local(page.first_published_at)

    @staticmethod
    def resolve_opens_at(page) -> dt.datetime | None:
        return local(page.opens_at)

    @staticmethod
    def resolve_closes_at(page) -> dt.datetime | None:
        return local(page.closes_at)

    @staticmethod
    def resolve_edition_year(page) -> int | None:
        return page.edition.year if page.edition_id else None

    @staticmethod
    def resolve_program(page) -> str | None:
        return page.edition.program.slug if page.edition_id else None


class NoticeDetailOut(NoticeOut):
    body: str


class OwnApplicationOut(Schema):
    id: int
    reference_no: str | None
    organization: str
    credit_code: str
    program: str
    edition: str
    state: str
    status: str
    submitted_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_organization(application) -> str:
        return application.organization.name

    @staticmethod
    def resolve_credit_code(application) -> str:
        return application.organization.credit_code

    @staticmethod
    def resolve_program(application) -> str:
        return application.edition.program.slug

    @staticmethod
    def resolve_edition(application) -> str:
        return application.edition.title

    @staticmethod
    def resolve_state(application) -> str:
        return application.applicant_state  # a result not yet released is not the applicant's to read

    @staticmethod
    def resolve_status(application) -> str:
        return str(application.applicant_label)

    @staticmethod
    def resolve_submitted_at(application) -> dt.datetime | None:
        return local(application.submitted_at)

    @staticmethod
    def resolve_updated_at(application) -> dt.datetime:
        return local(application.updated_at)


class CallPageOut(Schema):
    count: int
    items: list[CallOut]


class NoticePageOut(Schema):
    count: int
    items: list[NoticeOut]


class OwnApplicationPageOut(Schema):
    count: int
    items: list[OwnApplicationOut]


class WinnerOut(Schema):
    holder: str
    program: str
    year: int
    award: str
    valid_from: dt.date
    valid_until: dt.date
    certificate_serial_no: str | None

    @staticmethod
    def resolve_holder(title) -> str:
        return title.holder_name

    @staticmethod
    def resolve_program(title) -> str:
        return title.edition.program.slug

    @staticmethod
    def resolve_year(title) -> int:
        return title.edition.year

    @staticmethod
    def resolve_award(title) -> str:
        return f"{title.edition.title} {title.tier_label}".strip()

    @staticmethod
    def resolve_certificate_serial_no(title) -> str | None:
        certificate = getattr(title, "certificate", None)
        return certificate.serial_no if certificate else None


class WinnerPageOut(Schema):
    count: int
    items: list[WinnerOut]


class CertificateStatusOut(Schema):
    serial_no: str
    status: Literal["valid", "revoked", "expired", "unknown"]
    label: str
    holder: str = ""
    award: str = ""
    program: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    revoked_on: dt.date | None = None
    revocation_reason: str = ""
    revocation_document: str = ""
    notice_url: str = ""


class ZoneOut(Schema):
    """A demonstration zone as the public directory shows it (zones not yet approved for creation are absent)."""

    id: int
    reference_no: str | None
    name: str
    park_name: str
    creating_body: str
    region_code: str
    province_code: str
    leading_industry: str
    area_km2: float | None
    program: str
    edition_year: int
    state: str
    status: str
    creation_deadline: dt.datetime | None
    recognized_on: dt.date | None
    demonstration_ends_on: dt.date | None
    revoked_on: dt.date | None
    url: str

    @staticmethod
    def resolve_creating_body(zone) -> str:
        return zone.organization.name

    @staticmethod
    def resolve_area_km2(zone) -> float | None:
        return float(zone.area_km2) if zone.area_km2 is not None else None

    @staticmethod
    def resolve_program(zone) -> str:
        return zone.edition.program.slug

    @staticmethod
    def resolve_edition_year(zone) -> int:
        return zone.edition.year

    @staticmethod
    def resolve_status(zone) -> str:
        return str(zone.public_label)

    @staticmethod
    def resolve_creation_deadline(zone) -> dt.datetime | None:
        return local(zone.creation_deadline)

    @staticmethod
    def resolve_url(zone, context) -> str:
        """The public profile; a case the public cannot see yet (own zones only) links to its workspace."""
        from django.urls import reverse

        from brands.models import PUBLIC_STATES

        name = "brands:profile" if zone.state in PUBLIC_STATES else "brands:workspace"
        return context["request"].build_absolute_uri(reverse(name, args=[zone.pk]))


class ZoneYearFiguresOut(Schema):
    year: int
    enterprise_count: int
    output_value: float
    brand_count: int
    gi_product_count: int
    standards_led_count: int

    @staticmethod
    def resolve_output_value(figures) -> float:
        return float(figures.output_value)


class TimelineOut(Schema):
    """One public step of a case: when, the status it reached, the public note of the decision."""

    at: dt.datetime
    status: str
    note: str

    @staticmethod
    def resolve_at(entry) -> dt.datetime:
        return local(entry.at)

    @staticmethod
    def resolve_status(entry) -> str:
        return str(entry.label)


class ZoneTimelineOut(TimelineOut):
    pass


class ZoneDetailOut(ZoneOut):
    summary: str
    revocation_reason: str
    year_figures: list[ZoneYearFiguresOut]
    timeline: list[ZoneTimelineOut]

    @staticmethod
    def resolve_year_figures(zone) -> list:
        return sorted(zone.year_figures.all(), key=lambda figures: figures.year)

    @staticmethod
    def resolve_timeline(zone) -> list:
        return zone.public_timeline  # set by api.selectors.public_zone


class ZonePageOut(Schema):
    count: int
    items: list[ZoneOut]


class CityOut(Schema):
    """A quality-strong demonstration city as the public directory shows it (from its approved creation on)."""

    id: int
    reference_no: str | None
    name: str
    city_type: str
    city_type_label: str
    creating_body: str
    region_code: str
    province_code: str
    program: str
    edition_year: int
    state: str
    status: str
    creation_starts_on: dt.date | None
    creation_ends_on: dt.date | None
    named_on: dt.date | None
    demonstration_ends_on: dt.date | None
    revoked_on: dt.date | None
    url: str

    @staticmethod
    def resolve_city_type_label(city) -> str:
        return str(city.get_city_type_display())

    @staticmethod
    def resolve_creating_body(city) -> str:
        return city.organization.name

    @staticmethod
    def resolve_program(city) -> str:
        return city.edition.program.slug

    @staticmethod
    def resolve_edition_year(city) -> int:
        return city.edition.year

    @staticmethod
    def resolve_status(city) -> str:
        return str(city.get_state_display())

    @staticmethod
    def resolve_url(city, context) -> str:
        from django.urls import reverse

        return context["request"].build_absolute_uri(reverse("cities:profile", args=[city.pk]))


class CityTimelineOut(TimelineOut):
    pass


class CityDetailOut(CityOut):
    summary: str
    revocation_reason: str
    timeline: list[CityTimelineOut]

    @staticmethod
    def resolve_timeline(city) -> list:
        return city.public_timeline  # set by api.selectors.public_city


class CityPageOut(Schema):
    count: int
    items: list[CityOut]
