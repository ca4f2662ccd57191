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

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organization
from workflows import log_actions
from workflows.dates import add_years
from workflows.exceptions import NotPermitted, TransitionNotAllowed, WorkflowError
from workflows.models import Edition, Program
from workflows.permissions import is_secretariat
from workflows.services import append_transition_log

from . import selectors
from .credit import CreditRegistryUnavailable, credit_registry
from .models import Ban, CreditCheck, EligibilityRule, RuleResult, RuleType
from .rules import RuleOutcome


class CreditDecisionIncomplete(WorkflowError):
    """A manual credit decision needs a reason."""

    def __init__(self):
        super().__init__(str(_("请填写决定理由。")))


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


# --- credit screening (docs/credit-screening.md) ------------------------------------------------


def _credit_summary(check: CreditCheck) -> str:
    # Stored in the site's default language; pages word it again in theirs (selectors.with_shown_details).
    with translation.override(settings.LANGUAGE_CODE):
        return selectors.credit_summary(check)


def _credit_rule_result(subject: models.Model, check: CreditCheck, *, actor) -> None:
    """Feed the decision into the edition's 'good credit' rule, so qualification review sees it.

    A pending check counts as 'needs review', which no hard rule accepts: an unanswered lookup never passes.
    """
    rule = EligibilityRule.objects.filter(edition_id=subject.edition_id, rule_type=RuleType.GOOD_CREDIT).first()
    if rule is None:
        return
    outcome = {
        CreditCheck.Decision.PASSED: RuleResult.Outcome.PASSED,
        CreditCheck.Decision.FAILED: RuleResult.Outcome.FAILED,
    }.get(check.decision, RuleResult.Outcome.NEEDS_REVIEW)
    RuleResult.objects.create(
        subject_type=check.subject_type,
        subject_id=check.subject_id,
        rule=rule,
        stage=RuleResult.Stage.QUALIFICATION,
        outcome=outcome,
        detail=_credit_summary(check),
        inputs={"credit_check": check.pk},
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def screen_credit(subject: models.Model, *, actor) -> CreditCheck:
    """Ask the configured credit registry about the dossier's organisation and keep what happened.

    Callers check that the actor may screen (the program's desk). No records: passed. A record on the
    serious-dishonesty list: failed (such entities are barred from honours). Other records, or a
    registry that fails to answer: pending, for staff to decide with a reason. Each screening is a
    CreditCheck row, a log row on the dossier's audit chain and a finding on the 'good credit' rule.
    """
    organization = subject.organization
    client = credit_registry()
    base = {
        "subject_type": ContentType.objects.get_for_model(subject, for_concrete_model=True),
        "subject_id": str(subject.pk),
        "registry": getattr(client, "registry_name", type(client).__name__),
        "credit_code": organization.credit_code,
        "queried_name": organization.name,
        "queried_by": actor,
        "queried_at": timezone.now(),
    }
    try:
        report = client.lookup(organization.credit_code, organization.name)
    except CreditRegistryUnavailable as error:
        check = CreditCheck(**base, status=CreditCheck.Status.UNAVAILABLE, error=str(error)[:300])
    except Exception as error:  # noqa: BLE001 — a bureau's client failing in any way must not pass silently
        check = CreditCheck(**base, status=CreditCheck.Status.UNAVAILABLE, error=repr(error)[:300])
    else:
        check = CreditCheck(**base, status=CreditCheck.Status.HIT if report.records else CreditCheck.Status.CLEAR)
        check.response = {"records": report.records, "raw": report.raw, "queried_at": report.queried_at.isoformat()}
    if check.status == CreditCheck.Status.CLEAR:
        check.decision = CreditCheck.Decision.PASSED
        check.decision_reason = "未查询到失信或处罚记录，系统判定通过。"
    elif check.serious_dishonesty:
        check.decision = CreditCheck.Decision.FAILED
        check.decision_reason = "列入严重失信主体名单，不符合申报条件，系统判定不通过。"
    else:
        check.decision = CreditCheck.Decision.PENDING
    if check.decision != CreditCheck.Decision.PENDING:
        check.decided_at = check.queried_at
    with transaction.atomic():
        check.save()
        _log_credit(subject, check, actor)
        _credit_rule_result(subject, check, actor=actor)
    return check


def decide_credit_check(subject: models.Model, check: CreditCheck, *, actor, passed: bool, reason: str) -> CreditCheck:
    """Staff decide a screening by hand (a failed lookup, a record that needs judgement, a repaired record).

    Callers check the actor's permission. Raises CreditDecisionIncomplete without a reason.
    """
    reason = reason.strip()
    if not reason:
        raise CreditDecisionIncomplete()
    with transaction.atomic():
        locked = CreditCheck.objects.select_for_update().get(pk=check.pk)
        locked.decision = CreditCheck.Decision.PASSED if passed else CreditCheck.Decision.FAILED
        locked.decision_reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
        _log_credit(subject, locked, actor)
        _credit_rule_result(subject, locked, actor=actor)
    return locked


def _log_credit(subject: models.Model, check: CreditCheck, actor) -> None:
    state = getattr(subject, "state", "")
    append_transition_log(
        subject,
        transition=log_actions.CREDIT_SCREENING,
        from_state=state,
        to_state=state,
        actor=actor,
        reason=_credit_summary(check),
    )


def screen_dossier_credit(dossier: models.Model, *, user) -> CreditCheck:
    """The secretariat screens a dossier of any program that makes credit screening an eligibility step.

    Allowed while the dossier is in one of its program's screening states (`Program.credit_screening`).
    Raises NotPermitted (not the secretariat), TransitionNotAllowed (not a screening state).
    """
    _require_screening(dossier, user)
    return screen_credit(dossier, actor=user)


def decide_dossier_credit(dossier: models.Model, check_id: int, *, user, passed: bool, reason: str) -> CreditCheck:
    """The secretariat decides one of the dossier's screenings by hand, with a reason.

    Raises NotPermitted, TransitionNotAllowed (not a screening state, or no such screening of this
    dossier), CreditDecisionIncomplete (no reason).
    """
    _require_screening(dossier, user)
    check = next((c for c in selectors.credit_checks_for(dossier) if c.pk == check_id), None)
    if check is None:
        raise TransitionNotAllowed()
    return decide_credit_check(dossier, check, actor=user, passed=passed, reason=reason)


def _require_screening(dossier: models.Model, user) -> None:
    if not is_secretariat(dossier, user):
        raise NotPermitted()
    if not selectors.may_screen_credit(dossier, user):
        raise TransitionNotAllowed()
