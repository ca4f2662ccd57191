"""The award program's search type: staff-only application metadata (registered through awards/program.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from search.indexed_types import edition_facts, plain_text, under_program
from search.regions import industry_label, province_name
from search.registry import STAFF, SearchType
from workflows.models import Edition, Program

from .models import AwardApplication, State


def build_application(application: AwardApplication) -> dict:
    """Only metadata staff may search: never scores, documents or review content."""
    organization, edition = application.organization, application.edition
    return {
        **edition_facts(edition),
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


def search_types() -> list[SearchType]:
    return [
        SearchType(
            key="application",
            label=_("申报材料"),
            model=AwardApplication,
            # Drafts are the applicant's own business until submitted.
            queryset=lambda: AwardApplication.objects.exclude(state=State.DRAFT).select_related(
                "organization", "edition__program"
            ),
            build=build_application,
            visibility=STAFF,
            depends_on=(
                (Organization, lambda org: org.award_applications.values_list("pk", flat=True)),
                (Edition, lambda edition: edition.award_applications.values_list("pk", flat=True)),
                (Program, lambda program: under_program(AwardApplication.objects, program)),
            ),
        )
    ]
