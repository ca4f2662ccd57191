"""Reads for eligibility: the ban registry and kept rule results."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Organization
from workflows.models import Edition, Program

from .models import Ban, CreditCheck, RuleResult


def _editions_opened_since(program: Program, after: dt.date, until: dt.date) -> int:
    return Edition.objects.filter(program=program, opens_at__date__gt=after, opens_at__date__lte=until).count()


def active_ban(organization: Organization, program: Program, on_date: dt.date) -> Ban | None:
    """The ban that stops `organization` applying to `program` on `on_date`, or None.

    Lifetime bans win over dated ones; among dated ones the latest end is returned, so the
    message names the date the organisation may apply again.
    """
    candidates = list(
        Ban.objects.filter(organization=organization, starts_on__lte=on_date)
        .filter(Q(program=program) | Q(all_programs=True))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on_date))
        .select_related("program")
        .order_by("-starts_on", "-id")
    )
    active: list[Ban] = []
    for ban in candidates:
        if ban.editions_count:
            # Banned while the edition being applied to is one of the next N opened after the start.
            # (counted in the program the ban was decided in, also for a ban on all programs).
            if _editions_opened_since(ban.program, ban.starts_on, on_date) > ban.editions_count:
                continue
        active.append(ban)
    if not active:
        return None
    lifetime = [b for b in active if b.is_lifetime]
    if lifetime:
        return lifetime[0]
    editions_based = [b for b in active if b.editions_count]
    if editions_based:
        return editions_based[0]
    return max(active, key=lambda b: b.ends_on)


def bans_of(organization: Organization) -> QuerySet[Ban]:
    return Ban.objects.filter(organization=organization).select_related("program")


def rule_results_for(subject: models.Model) -> QuerySet[RuleResult]:
    ct = ContentType.objects.get_for_model(subject, for_concrete_model=True)
    return (
        RuleResult.objects.filter(subject_type=ct, subject_id=str(subject.pk))
        .select_related("rule", "recorded_by", "evidence_document")
        .order_by("id")
    )


def credit_checks_for(subject: models.Model) -> list[CreditCheck]:
    """The dossier's credit screenings, newest first, with who queried and who decided."""
    ct = ContentType.objects.get_for_model(subject, for_concrete_model=True)
    return list(
        CreditCheck.objects.filter(subject_type=ct, subject_id=str(subject.pk)).select_related(
            "queried_by", "decided_by"
        )
    )


def credit_summary(check: CreditCheck) -> str:
    """What a screening found, in the active language (the finding's stored detail is the default language's)."""
    parts = [
        _("信用核查：%(registry)s，统一社会信用代码 %(code)s")
        % {"registry": check.registry, "code": check.credit_code},
        str(check.get_status_display()),
    ]
    if check.status == CreditCheck.Status.HIT:
        parts.append(_("记录 %(count)d 条") % {"count": len(check.records)})
    if check.error:
        parts.append(check.error)
    parts.append(_("决定：%(decision)s") % {"decision": check.get_decision_display()})
    if check.decision_reason:
        parts.append(check.decision_reason)
    return _("；").join(parts)


def with_shown_details(results: list[RuleResult], checks: list[CreditCheck]) -> list[RuleResult]:
    """Give each finding `shown_detail`: a credit screening's is worded again in the page's language."""
    by_pk = {check.pk: check for check in checks}
    for result in results:
        check = by_pk.get((result.inputs or {}).get("credit_check"))
        result.shown_detail = credit_summary(check) if check else result.detail
    return results


def may_screen_credit(dossier: models.Model, user) -> bool:
    """The secretariat, while the dossier is in a state where its program screens credit (docs/credit-screening.md)."""
    from workflows.permissions import is_secretariat
    from workflows.programs import program_for

    program = program_for(dossier)
    screening = program.credit_screening if program is not None else None
    return screening is not None and dossier.state in screening.states and is_secretariat(dossier, user)


def gated_step_blocker(dossier: models.Model, transition: str) -> str:
    """Why credit screening holds back `transition` on `dossier` now; "" when the program does not
    gate that step on screening (Program.credit_screening.gates) or the screening lets it through.

    The one predicate for both: perform_transition refuses with it, and the desks offer a gated
    button only when it is empty (workflows/desks.py), so no button is shown that would be refused.
    """
    from workflows import programs

    program = programs.program_for(dossier)
    if program is None or program.credit_screening is None or transition not in program.credit_screening.gates:
        return ""
    return credit_blocker(dossier)


def credit_blocker(dossier: models.Model) -> str:
    """Why a step gated on credit screening may not be taken now ("" when it may).

    The latest screening decides: pending (a failed lookup, a record to judge) or failed blocks. With
    no screening, a hard 信用良好 rule of the edition blocks unless a reviewer found it met on other
    evidence; an edition without the rule leaves the step free.
    """
    checks = credit_checks_for(dossier)
    if checks:
        latest = checks[0]
        if latest.decision == CreditCheck.Decision.PENDING:
            return _("信用核查尚待经办人决定：请先在信用核查中记录决定和理由。")
        if latest.decision == CreditCheck.Decision.FAILED:
            return _("信用核查不通过，不能办理此步骤。")
        return ""
    from .models import EligibilityRule, RuleType

    rule = EligibilityRule.objects.filter(
        edition_id=dossier.edition_id, rule_type=RuleType.GOOD_CREDIT, is_hard=True
    ).first()
    if rule is None:
        return ""
    # A qualification reviewer may have found the rule met on other evidence (the award desk's findings).
    finding = rule_results_for(dossier).filter(rule=rule, stage=RuleResult.Stage.QUALIFICATION).last()
    if finding is not None and finding.outcome == RuleResult.Outcome.PASSED:
        return ""
    return _("本届要求信用良好：请先查询信用记录。")
