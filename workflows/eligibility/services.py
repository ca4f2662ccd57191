"""Writes for eligibility: the ban registry and kept rule results.

API for other apps::

    from workflows.eligibility.services import record_ban, record_edition_ban
    record_ban(organization=org, program=program, reason="称号被撤销 title revoked",
               source=revocation, starts_on=date.today(), years=4)          # or editions=2, lifetime=True, ends_on=...
    record_edition_ban(organization=org, edition=edition, reason=..., source=..., starts_on=...)
        # applies the edition's own ban rule (Edition.ban_kind / ban_years / ban_editions); None for "none"

    from workflows.eligibility.selectors import active_ban
    active_ban(org, program, on_date)   # -> Ban | None
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from accounts.models import Organization
from workflows.dates import add_years
from workflows.models import Edition, Program

from .models import Ban, EligibilityRule, RuleResult
from .rules import RuleOutcome


def record_ban(
    *,
    organization: Organization,
    program: Program,
    reason: str,
    starts_on: dt.date,
    source: models.Model | None = None,
    source_note: str = "",
    years: int | None = None,
    editions: int | None = None,
    ends_on: dt.date | None = None,
    lifetime: bool = False,
    all_programs: bool = False,
    recorded_by=None,
) -> Ban:
    """Add a ban to the registry. Give exactly one of years, editions, ends_on or lifetime=True.

    A years-based ban is resolved to its end date (the day before the anniversary).
    Raises ValueError for an inconsistent call (a programming error, not a user one).
    """
    given = [years is not None, editions is not None, ends_on is not None, lifetime]
    if sum(given) != 1:
        raise ValueError("record_ban needs exactly one of years, editions, ends_on, lifetime")
    if years is not None:
        ends_on = add_years(starts_on, years) - dt.timedelta(days=1)
    ban = Ban(
        organization=organization,
        program=program,
        reason=reason,
        source_note=source_note,
        starts_on=starts_on,
        ends_on=ends_on,
        editions_count=editions,
        all_programs=all_programs,
        recorded_by=recorded_by if getattr(recorded_by, "is_authenticated", False) else None,
    )
    if source is not None:
        ban.source_type = ContentType.objects.get_for_model(source, for_concrete_model=True)
        ban.source_id = str(source.pk)
    ban.save()
    return ban


def record_edition_ban(
    *,
    organization: Organization,
    edition: Edition,
    reason: str,
    starts_on: dt.date,
    source: models.Model | None = None,
    source_note: str = "",
    recorded_by=None,
    all_programs: bool = False,
) -> Ban | None:
    """Apply the ban rule the edition defines (none / N years / N editions / lifetime).

    `all_programs` (fraud findings) makes the ban bar every program, not only the edition's."""
    kind = edition.ban_kind
    common = {
        "organization": organization,
        "program": edition.program,
        "reason": reason,
        "starts_on": starts_on,
        "source": source,
        "source_note": source_note,
        "recorded_by": recorded_by,
        "all_programs": all_programs,
    }
    if kind == Edition.BanKind.YEARS and edition.ban_years:
        return record_ban(years=edition.ban_years, **common)
    if kind == Edition.BanKind.EDITIONS and edition.ban_editions:
        return record_ban(editions=edition.ban_editions, **common)
    if kind == Edition.BanKind.LIFETIME:
        return record_ban(lifetime=True, **common)
    return None


def record_rule_outcomes(subject: models.Model, outcomes: Iterable[RuleOutcome], *, actor=None) -> list[RuleResult]:
    """Keep the automatic check's result per rule (appended, never overwritten)."""
    ct = ContentType.objects.get_for_model(subject, for_concrete_model=True)
    rows = [
        RuleResult(
            subject_type=ct,
            subject_id=str(subject.pk),
            rule=o.rule,
            stage=RuleResult.Stage.AUTOMATIC,
            outcome=o.outcome,
            detail=o.detail,
            inputs=o.inputs,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for o in outcomes
    ]
    return RuleResult.objects.bulk_create(rows)


@transaction.atomic
def record_review_result(
    subject: models.Model,
    *,
    rule: EligibilityRule,
    passed: bool,
    detail: str,
    reviewer,
    evidence_document=None,
) -> RuleResult:
    """A qualification reviewer's finding on one rule, with its evidence. Every finding is kept."""
    return RuleResult.objects.create(
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        subject_id=str(subject.pk),
        rule=rule,
        stage=RuleResult.Stage.QUALIFICATION,
        outcome=RuleResult.Outcome.PASSED if passed else RuleResult.Outcome.FAILED,
        detail=detail,
        evidence_document=evidence_document,
        recorded_by=reviewer,
    )
