"""Evaluate an edition's eligibility rules against facts the program supplies.

The program (awards, brands...) builds an `ApplicantFacts`; this module never looks at the
program's own models, so the engine stays program-agnostic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Organization
from workflows.dates import add_years, whole_years_between, years_before
from workflows.models import Edition

from .models import EligibilityRule, RuleResult, RuleType
from .selectors import active_ban

Outcome = RuleResult.Outcome


@dataclass
class ApplicantFacts:
    organization: Organization
    # The applicant's signed declarations, e.g. {"no_major_incident": True, "good_credit": True}.
    declarations: dict[str, bool] = field(default_factory=dict)
    # Slots of the documents the applicant has uploaded (evidence).
    evidence_slots: set[str] = field(default_factory=set)
    # Date this organisation last won this program (for the cool-down), if ever.
    last_win_on: dt.date | None = None
    # Slugs of programs in which the organisation holds a live title (prerequisite awards;
    # a revoked or expired title does not count).
    held_award_programs: set[str] = field(default_factory=set)
    # Other live applications in this edition from the same corporate group.
    group_applications_elsewhere: list[str] = field(default_factory=list)


@dataclass
class RuleOutcome:
    rule: EligibilityRule
    outcome: str
    detail: str
    inputs: dict

    @property
    def blocks_submission(self) -> bool:
        return self.rule.is_hard and self.outcome == Outcome.FAILED


def _result(
    rule: EligibilityRule, ok: bool, failure: str, inputs: dict, *, passed: str = Outcome.PASSED
) -> RuleOutcome:
    return RuleOutcome(rule, passed if ok else Outcome.FAILED, "" if ok else failure, inputs)


# One check per rule type (docs/domain.md, "Eligibility rules"): check(rule, params, edition, facts, on_date) -> RuleOutcome.
def check_jurisdiction(rule, p, edition, facts, on_date) -> RuleOutcome:
    org, prefix = facts.organization, p.get("region_prefix", "")
    return _result(
        rule,
        org.region_code.startswith(prefix),
        f"注册地不在本辖区（{prefix}）。Not registered in this jurisdiction ({prefix}).",
        {"region_code": org.region_code, "region_prefix": prefix},
    )


def check_entity_type(rule, p, edition, facts, on_date) -> RuleOutcome:
    org, kinds = facts.organization, list(p.get("kinds", []))
    return _result(
        rule,
        org.kind in kinds,
        f"主体类型不符（{org.get_kind_display()}）。Entity type not admitted.",
        {"kind": org.kind, "allowed": kinds},
    )


def check_years_in_operation(rule, p, edition, facts, on_date) -> RuleOutcome:
    org, min_years = facts.organization, int(p.get("min_years", 0))
    if not org.founded_on:
        return RuleOutcome(
            rule, Outcome.FAILED, "未填写成立日期。The founding date is missing.", {"min_years": min_years}
        )
    reference = edition.reference_date
    years = whole_years_between(org.founded_on, reference)
    return _result(
        rule,
        years >= min_years,
        f"成立未满{min_years}年（截至{reference:%Y-%m-%d}为{years}年）。"
        f"Fewer than {min_years} years in operation ({years} at {reference:%Y-%m-%d}).",
        {"founded_on": org.founded_on.isoformat(), "years": years, "min_years": min_years},
    )


def check_no_major_incident(rule, p, edition, facts, on_date) -> RuleOutcome:
    years = int(p.get("years", 0))
    declared = bool(facts.declarations.get("no_major_incident"))
    since = years_before(edition.reference_date, years)
    # A declaration is what the applicant can give; staff verify it at qualification review.
    return _result(
        rule,
        declared,
        f"须声明{since:%Y-%m-%d}以来无重大事故。Declare no major incident since {since:%Y-%m-%d}.",
        {"declared": declared, "since": since.isoformat(), "years": years},
        passed=Outcome.NEEDS_REVIEW,
    )


def check_good_credit(rule, p, edition, facts, on_date) -> RuleOutcome:
    declared = bool(facts.declarations.get("good_credit"))
    has_evidence = "credit_report" in facts.evidence_slots
    return _result(
        rule,
        declared and (has_evidence or not rule.requires_evidence),
        "须声明信用良好并上传信用报告。Declare good credit and upload the credit report.",
        {"declared": declared, "evidence": has_evidence},
        passed=Outcome.NEEDS_REVIEW,
    )


def check_no_ban(rule, p, edition, facts, on_date) -> RuleOutcome:
    ban = active_ban(facts.organization, edition.program, on_date)
    if ban is None:
        return RuleOutcome(rule, Outcome.PASSED, "", {"ban": None})
    return RuleOutcome(
        rule,
        Outcome.FAILED,
        f"该组织处于禁止申报期（{ban.describe_end()}）：{ban.reason}。"
        f"This organisation is banned from applying ({ban.describe_end()}).",
        {"ban": ban.pk, "ends_on": ban.ends_on.isoformat() if ban.ends_on else None},
    )


def check_cool_down(rule, p, edition, facts, on_date) -> RuleOutcome:
    years, last = int(p.get("years", 0)), facts.last_win_on
    if last is None:
        return RuleOutcome(rule, Outcome.PASSED, "", {"last_win_on": None})
    eligible_from = add_years(last, years)
    return _result(
        rule,
        on_date >= eligible_from,
        f"获奖后{years}年内不得再次申报（{eligible_from:%Y-%m-%d}起可申报）。"
        f"Cool-down after winning: may apply again from {eligible_from:%Y-%m-%d}.",
        {"last_win_on": last.isoformat(), "eligible_from": eligible_from.isoformat()},
    )


def check_prerequisite_award(rule, p, edition, facts, on_date) -> RuleOutcome:
    slug = p.get("program_slug", "")
    return _result(
        rule,
        slug in facts.held_award_programs,
        f"须已获得前置奖项（{slug}）。A prerequisite award ({slug}) is required.",
        {"program_slug": slug},
    )


def check_one_per_group(rule, p, edition, facts, on_date) -> RuleOutcome:
    others = list(facts.group_applications_elsewhere)
    return _result(
        rule,
        not others,
        f"同一集团本届已有申报（{'、'.join(others)}）。Another member of the group has applied.",
        {"group": facts.organization.group_name, "others": others},
    )


CHECKS = {
    RuleType.JURISDICTION: check_jurisdiction,
    RuleType.ENTITY_TYPE: check_entity_type,
    RuleType.YEARS_IN_OPERATION: check_years_in_operation,
    RuleType.NO_MAJOR_INCIDENT: check_no_major_incident,
    RuleType.GOOD_CREDIT: check_good_credit,
    RuleType.NO_BAN: check_no_ban,
    RuleType.COOL_DOWN: check_cool_down,
    RuleType.PREREQUISITE_AWARD: check_prerequisite_award,
    RuleType.ONE_PER_GROUP: check_one_per_group,
}


def _check(rule: EligibilityRule, edition: Edition, facts: ApplicantFacts, on_date: dt.date) -> RuleOutcome:
    check = CHECKS.get(rule.rule_type)
    if check is None:
        return RuleOutcome(rule, Outcome.NEEDS_REVIEW, "未知规则类型 unknown rule type", {})
    return check(rule, rule.params or {}, edition, facts, on_date)


def evaluate_rules(edition: Edition, facts: ApplicantFacts, on_date: dt.date | None = None) -> list[RuleOutcome]:
    """Evaluate every rule of the edition; the caller decides what to do with failures."""
    day = on_date or timezone.localdate()
    rules = list(edition.eligibility_rules.all())
    return [_check(rule, edition, facts, day) for rule in rules]
