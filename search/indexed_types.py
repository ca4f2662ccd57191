"""The searchable document types. Adding one is a builder and a `register(...)` call.

Pages and winners are registered here; each program's own types come from its registration
(`workflows.programs.Program.search_types`, docs/programs.md), so this app imports no program.
Builders in program apps use the helpers below (plain_text, edition_facts, as_datetime, under_program).
"""

from __future__ import annotations

import datetime as dt
import html

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from cms.models import CallPage, NoticePage
from workflows.models import Edition, Program

from .regions import industry_label, province_name
from .registry import SearchType, register


def plain_text(*parts: str) -> str:
    """Rich text to searchable plain text."""
    # strip_tags parses HTML (slow); plain strings, the common case, skip it.
    text = " ".join(html.unescape(strip_tags(part)) if "<" in part or "&" in part else part for part in parts if part)
    return " ".join(text.split())


def edition_facts(edition: Edition | None) -> dict:
    if edition is None:
        return {}
    program = edition.program
    return {
        "year": edition.year,
        "program": program.name,
        "province": province_name(program.region_code),
        "region": program.region_code,
    }


def under_program(manager, program: Program):
    """Primary keys of the documents of every edition of `program`: one query, however many.

    The program's name, region and authority are copied into these documents, so renaming a
    program re-indexes them all through the outbox (one bulk insert per type).
    """
    return manager.filter(edition__program=program).values_list("pk", flat=True)


def build_call(page: CallPage) -> dict:
    edition = page.edition
    return {
        **edition_facts(edition),
        "title": page.title,
        "body": plain_text(page.summary, page.body, page.eligibility),
        "keywords": plain_text(edition.title, edition.program.authority),
        "date": page.first_published_at or edition.opens_at,
        "url": page.url or "",
    }


def build_notice(page: NoticePage) -> dict:
    published = page.first_published_at or page.opens_at or page.latest_revision_created_at
    facts = edition_facts(page.edition)
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


def register_core_types() -> None:
    register(
        SearchType(
            key="call",
            label=_("申报通知"),
            model=CallPage,
            queryset=lambda: CallPage.objects.live().public().select_related("edition__program"),
            build=build_call,
            depends_on=(
                (Edition, lambda edition: edition.call_pages.values_list("pk", flat=True)),
                (Program, lambda program: under_program(CallPage.objects, program)),
            ),
        )
    )
    register(
        SearchType(
            key="notice",
            label=_("公示公告"),
            model=NoticePage,
            queryset=lambda: NoticePage.objects.live().public().select_related("edition__program"),
            build=build_notice,
            depends_on=(
                (Edition, lambda edition: edition.notice_pages.values_list("pk", flat=True)),
                (Program, lambda program: under_program(NoticePage.objects, program)),
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
    public_state = {TitleState.REVOKED: _("已撤销"), TitleState.EXPIRED: _("已期满")}.get(title.state, _("有效"))
    organization, edition = title.organization, title.edition
    certificate = getattr(title, "certificate", None)
    return {
        **edition_facts(edition),
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


def register_program_types() -> None:
    """Winners (titles, the engine's), then each registered program's own types (workflows.programs)."""
    from workflows import programs
    from workflows.titles.models import Certificate, Title

    register(
        SearchType(
            key="winner",
            label=_("获奖名单"),
            model=Title,
            queryset=lambda: Title.objects.select_related("organization", "edition__program", "certificate"),
            build=build_winner,
            depends_on=(
                (Organization, lambda org: org.titles.values_list("pk", flat=True)),
                (Certificate, lambda certificate: [certificate.title_id]),
                (Edition, lambda edition: edition.titles.values_list("pk", flat=True)),
                (Program, lambda program: under_program(Title.objects, program)),
            ),
        )
    )
    for program in programs.programs():
        for search_type in program.search_types() if program.search_types else ():
            register(search_type)
