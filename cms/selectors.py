"""Reads for the public pages; each list is one query (pinned in tests)."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import CallPage, NoticePage
from .routing import public_pages


def open_calls(limit: int | None = None, request=None) -> QuerySet[CallPage]:
    now = timezone.now()
    calls = (
        public_pages(CallPage.objects.live(), request)
        .filter(edition__closes_at__gt=now)
        .select_related("edition", "edition__program")
        .order_by("edition__closes_at")
    )
    return calls[:limit] if limit else calls


def calls_under(parent, request=None) -> QuerySet[CallPage]:
    return (
        public_pages(CallPage.objects.live(), request)
        .child_of(parent)
        .select_related("edition", "edition__program")
        .order_by("-edition__year", "edition__closes_at")
    )


def latest_notices(limit: int | None = None, request=None) -> QuerySet[NoticePage]:
    notices = (
        public_pages(NoticePage.objects.live(), request)
        .select_related("edition__program")
        .order_by("-first_published_at")
    )
    return notices[:limit] if limit else notices


def notices_under(parent, request=None) -> QuerySet[NoticePage]:
    return (
        public_pages(NoticePage.objects.live(), request)
        .child_of(parent)
        .select_related("edition__program")
        .order_by("-first_published_at")
    )


def call_terms(edition) -> dict:
    """Everything a call page states about conditions, documents, dates and procedure, read from the
    edition's rule data so the page cannot say what the checks do not apply (docs/call-pages.md)."""
    from django.utils.translation import gettext

    from workflows.eligibility.rules import describe_rules
    from workflows.models import Edition
    from workflows.programs import program_for_edition

    # The program that runs the edition says what its call adds (its registration's call_terms).
    program = program_for_edition(edition)
    terms = {"documents": [], "steps": [], "quotas": [], "notice_subject": ""}
    if program is not None and program.call_terms is not None:
        terms.update(program.call_terms(edition))
    if edition.notice_unit == Edition.DayUnit.WORKING:
        notice = gettext("%(n)s个工作日") % {"n": edition.notice_length}
    else:
        notice = gettext("%(n)s天（自然日）") % {"n": edition.notice_length}
    bans = {
        Edition.BanKind.YEARS: gettext("称号被撤销的，%(n)s年内不得申报") % {"n": edition.ban_years},
        Edition.BanKind.EDITIONS: gettext("称号被撤销的，此后%(n)s届不得申报") % {"n": edition.ban_editions},
        Edition.BanKind.LIFETIME: gettext("称号被撤销的，不再受理其申报"),
    }
    return {
        **terms,
        "rules": describe_rules(edition),
        "notice": notice,
        "notice_start_day_counts": edition.notice_start_day_counts,
        "objection_review_days": edition.objection_review_days,
        "correction_days": edition.correction_days,
        "validity_years": edition.validity_years,
        "ban": bans.get(edition.ban_kind, ""),
        "reference_date": edition.reference_date,
    }
