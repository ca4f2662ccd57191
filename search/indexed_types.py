"""The searchable document types. Adding one is a builder and a `register(...)` call."""

from __future__ import annotations

import datetime as dt
import html

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from awards.models import AwardApplication
from awards.models import State as AwardState
from cms.models import CallPage, NoticePage
from workflows.models import Edition, Program

from .regions import industry_label, province_name
from .registry import STAFF, SearchType, register


def plain_text(*parts: str) -> str:
    """Rich text to searchable plain text."""
    # strip_tags parses HTML (slow); plain strings, the common case, skip it.
    text = " ".join(html.unescape(strip_tags(part)) if "<" in part or "&" in part else part for part in parts if part)
    return " ".join(text.split())


def _edition_facts(edition: Edition | None) -> dict:
    if edition is None:
        return {}
    program = edition.program
    return {
        "year": edition.year,
        "program": program.name,
        "province": province_name(program.region_code),
        "region": program.region_code,
    }


def _under_program(manager, program: Program):
    """Primary keys of the documents of every edition of `program`: one query, however many.

    The program's name, region and authority are copied into these documents, so renaming a
    program re-indexes them all through the outbox (one bulk insert per type).
    """
    return manager.filter(edition__program=program).values_list("pk", flat=True)


def build_call(page: CallPage) -> dict:
    edition = page.edition
    return {
        **_edition_facts(edition),
        "title": page.title,
        "body": plain_text(page.summary, page.body, page.eligibility),
        "keywords": plain_text(edition.title, edition.program.authority),
        "date": page.first_published_at or edition.opens_at,
        "url": page.url or "",
    }


def build_notice(page: NoticePage) -> dict:
    published = page.first_published_at or page.opens_at or page.latest_revision_created_at
    facts = _edition_facts(page.edition)
    if "year" not in facts and published:
        facts["year"] = timezone.localtime(published).year
    return {
        **facts,
        "title": page.title,
        "body": plain_text(page.body),
        "keywords": plain_text(page.get_kind_display(), page.edition.title if page.edition else ""),
        "date": published,
        "url": page.url or "",
    }


def build_application(application: AwardApplication) -> dict:
    """Only metadata staff may search: never scores, documents or review content."""
    organization, edition = application.organization, application.edition
    return {
        **_edition_facts(edition),
        "title": organization.name,
        "body": plain_text(edition.title, application.get_state_display()),
        "keywords": plain_text(
            organization.short_name, organization.group_name, organization.credit_code, application.reference_no or ""
        ),
        "province": province_name(organization.region_code),
        "region": organization.region_code,
        "industry": industry_label(organization.industry_code),
        "state": str(application.get_state_display()),
        "date": application.submitted_at or application.created_at,
        "url": reverse("awards:detail", args=[application.pk]),  # the staff case page (secretariat may open it)
    }


def register_core_types() -> None:
    register(
        SearchType(
            key="call",
            label=_("申报通知 Call"),
            model=CallPage,
            queryset=lambda: CallPage.objects.live().public().select_related("edition__program"),
            build=build_call,
            depends_on=(
                (Edition, lambda edition: edition.call_pages.values_list("pk", flat=True)),
                (Program, lambda program: _under_program(CallPage.objects, program)),
            ),
        )
    )
    register(
        SearchType(
            key="notice",
            label=_("公示公告 Notice"),
            model=NoticePage,
            queryset=lambda: NoticePage.objects.live().public().select_related("edition__program"),
            build=build_notice,
            depends_on=(
                (Edition, lambda edition: edition.notice_pages.values_list("pk", flat=True)),
                (Program, lambda program: _under_program(NoticePage.objects, program)),
            ),
        )
    )
    register(
        SearchType(
            key="application",
            label=_("申报材料 Application"),
            model=AwardApplication,
            # Drafts are the applicant's own business until submitted.
            queryset=lambda: AwardApplication.objects.exclude(state=AwardState.DRAFT).select_related(
                "organization", "edition__program"
            ),
            build=build_application,
            visibility=STAFF,
            depends_on=(
                (Organization, lambda org: org.award_applications.values_list("pk", flat=True)),
                (Edition, lambda edition: edition.award_applications.values_list("pk", flat=True)),
                (Program, lambda program: _under_program(AwardApplication.objects, program)),
            ),
        )
    )


def as_datetime(value):
    """Dates (recognition, approval) become local midnight so every document's date is comparable."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time()))


def build_winner(title) -> dict:
    from workflows.titles.models import TitleState

    # Public wording: a revoked or expired title stays findable, marked as such.
    public_state = {TitleState.REVOKED: _("已撤销 Revoked"), TitleState.EXPIRED: _("已期满 Expired")}.get(
        title.state, _("有效 Active")
    )
    organization, edition = title.organization, title.edition
    certificate = getattr(title, "certificate", None)
    return {
        **_edition_facts(edition),
        "title": title.holder_name,
        "body": plain_text(edition.title, title.tier_label, str(public_state)),
        "keywords": plain_text(
            organization.short_name, title.approval_document_no, certificate.serial_no if certificate else ""
        ),
        "province": province_name(organization.region_code),
        "region": organization.region_code,
        "industry": industry_label(organization.industry_code),
        "state": str(public_state),
        "date": as_datetime(title.approval_date),
        "url": reverse("titles:verify_certificate", args=[certificate.serial_no])
        if certificate
        else f"{reverse('titles:winners')}?year={edition.year}",
    }


def build_zone(zone) -> dict:
    organization, edition = zone.organization, zone.edition
    return {
        **_edition_facts(edition),
        "title": zone.name,
        "body": plain_text(zone.summary, zone.park_name, zone.leading_industry),
        "keywords": plain_text(organization.name, organization.short_name, zone.reference_no or ""),
        "province": province_name(zone.province_code or zone.region_code),
        "region": zone.region_code,
        "industry": industry_label(zone.industry_code) or zone.leading_industry,
        "state": str(zone.get_state_display()),
        "date": as_datetime(zone.recognized_on) or zone.approved_at or zone.created_at,
        "url": reverse("brands:profile", args=[zone.pk]),
    }


def zone_staff_url(zone) -> str:
    """The secretariat's case page of a zone (brands:staff_zone); while that page does not
    exist, the public profile of a public zone and no link for the others.

    The URL is stored in the document: after the staff page appears, `search_reindex` once.
    """
    from brands.models import PUBLIC_STATES

    try:
        return reverse("brands:staff_zone", args=[zone.pk])
    except NoReverseMatch:
        return reverse("brands:profile", args=[zone.pk]) if zone.state in PUBLIC_STATES else ""


def build_zone_dossier(zone) -> dict:
    """Staff-only: every zone application past its draft, whatever its state."""
    organization, edition = zone.organization, zone.edition
    return {
        **_edition_facts(edition),
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
        "url": zone_staff_url(zone),
    }


def register_program_types() -> None:
    """Winners (titles) and demonstration zones (public), and zone dossiers (staff-only)."""
    from brands.models import PUBLIC_STATES, Zone
    from brands.models import State as ZoneState
    from workflows.titles.models import Certificate, Title

    register(
        SearchType(
            key="winner",
            label=_("获奖名单 Winner"),
            model=Title,
            queryset=lambda: Title.objects.select_related("organization", "edition__program", "certificate"),
            build=build_winner,
            depends_on=(
                (Organization, lambda org: org.titles.values_list("pk", flat=True)),
                (Certificate, lambda certificate: [certificate.title_id]),
                (Edition, lambda edition: edition.titles.values_list("pk", flat=True)),
                (Program, lambda program: _under_program(Title.objects, program)),
            ),
        )
    )
    register(
        SearchType(
            key="zone",
            label=_("示范区 Zone"),
            model=Zone,
            queryset=lambda: Zone.objects.filter(state__in=PUBLIC_STATES).select_related(
                "organization", "edition__program"
            ),
            build=build_zone,
            depends_on=(
                (Organization, lambda org: org.zones.values_list("pk", flat=True)),
                (Edition, lambda edition: edition.zones.values_list("pk", flat=True)),
                (Program, lambda program: _under_program(Zone.objects, program)),
            ),
        )
    )
    register(
        SearchType(
            key="zone_dossier",
            label=_("示范区申报 Zone dossier"),
            model=Zone,
            queryset=lambda: Zone.objects.exclude(state=ZoneState.DRAFT).select_related(
                "organization", "edition__program"
            ),
            build=build_zone_dossier,
            visibility=STAFF,
            depends_on=(
                (Organization, lambda org: org.zones.values_list("pk", flat=True)),
                (Edition, lambda edition: edition.zones.values_list("pk", flat=True)),
                (Program, lambda program: _under_program(Zone.objects, program)),
            ),
        )
    )
