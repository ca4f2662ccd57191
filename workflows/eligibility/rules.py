"""Evaluate an edition's eligibility rules against facts the program supplies.

The program (awards, brands...) builds an `ApplicantFacts`; this module never looks at the
program's own models, so the engine stays program-agnostic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.models import Organization
from workflows.dates import add_years, whole_years_between, years_before
from workflows.models import Edition, Program

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
        gettext("注册地不在本辖区（%(prefix)s）。") % {"prefix": prefix},
        {"region_code": org.region_code, "region_prefix": prefix},
    )


def check_entity_type(rule, p, edition, facts, on_date) -> RuleOutcome:
    org, kinds = facts.organization, list(p.get("kinds", []))
    return _result(
        rule,
        org.kind in kinds,
        gettext("主体类型不符（%(get_kind_display)s）。") % {"get_kind_display": org.get_kind_display()},
        {"kind": org.kind, "allowed": kinds},
    )


def check_years_in_operation(rule, p, edition, facts, on_date) -> RuleOutcome:
    org, min_years = facts.organization, int(p.get("min_years", 0))
    if not org.founded_on:
        return RuleOutcome(rule, Outcome.FAILED, gettext("未填写成立日期。"), {"min_years": min_years})
    reference = edition.reference_date
    years = whole_years_between(org.founded_on, reference)
    return _result(
        rule,
        years >= min_years,
        gettext("成立未满%(min_years)s年（截至%(reference)s为%(years)s年）。")
        % {"min_years": min_years, "reference": format(reference, "%Y-%m-%d"), "years": years},
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
        gettext("须声明%(since)s以来无重大事故。") % {"since": format(since, "%Y-%m-%d")},
        {"declared": declared, "since": since.isoformat(), "years": years},
        passed=Outcome.NEEDS_REVIEW,
    )


def check_good_credit(rule, p, edition, facts, on_date) -> RuleOutcome:
    declared = bool(facts.declarations.get("good_credit"))
    has_evidence = "credit_report" in facts.evidence_slots
    return _result(
        rule,
        declared and (has_evidence or not rule.requires_evidence),
        gettext("须声明信用良好并上传信用报告。"),
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
        gettext("该组织处于禁止申报期（%(describe_end)s）：%(reason)s。")
        % {"describe_end": ban.describe_end(), "reason": ban.reason},
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
        gettext("获奖后%(years)s年内不得再次申报（%(eligible_from)s起可申报）。")
        % {"years": years, "eligible_from": format(eligible_from, "%Y-%m-%d")},
        {"last_win_on": last.isoformat(), "eligible_from": eligible_from.isoformat()},
    )


def check_prerequisite_award(rule, p, edition, facts, on_date) -> RuleOutcome:
    slug = p.get("program_slug", "")
    return _result(
        rule,
        slug in facts.held_award_programs,
        gettext("须已获得前置奖项（%(slug)s）。") % {"slug": slug},
        {"program_slug": slug},
    )


def check_one_per_group(rule, p, edition, facts, on_date) -> RuleOutcome:
    others = list(facts.group_applications_elsewhere)
    return _result(
        rule,
        not others,
        gettext("同一集团本届已有申报（%(join)s）。") % {"join": "、".join(others)},
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
        return RuleOutcome(rule, Outcome.NEEDS_REVIEW, gettext("未知规则类型"), {})
    return check(rule, rule.params or {}, edition, facts, on_date)


# What each rule says in words, from the same parameters its check reads: call pages print these, so a
# call cannot state a condition the check does not apply (docs/call-pages.md).
def _say_jurisdiction(p, edition) -> str:
    from accounts.divisions import region_name

    prefix = p.get("region_prefix", "")
    region = region_name(prefix.ljust(6, "0")) or prefix
    return gettext("在%(region)s行政区域内依法登记注册") % {"region": region}


def _say_entity_type(p, edition) -> str:
    labels = dict(Organization.Kind.choices)
    kinds = "、".join(str(labels.get(kind, kind)) for kind in p.get("kinds", []))
    return gettext("申报主体为：%(kinds)s") % {"kinds": kinds}


def _say_years_in_operation(p, edition) -> str:
    return gettext("截至%(reference)s依法成立满%(years)s年") % {
        "reference": _day(edition.reference_date),
        "years": int(p.get("min_years", 0)),
    }


def _say_no_major_incident(p, edition) -> str:
    years = int(p.get("years", 0))
    return gettext("%(since)s以来（近%(years)s年）未发生重大质量、安全、环境事故") % {
        "since": _day(years_before(edition.reference_date, years)),
        "years": years,
    }


def _say_good_credit(p, edition) -> str:
    return gettext("信用记录良好，未列入严重违法失信名单")


def _say_no_ban(p, edition) -> str:
    return gettext("不在禁止申报期内（因弄虚作假被撤销称号的，禁止期内不得申报本平台任何项目）")


def _say_cool_down(p, edition) -> str:
    return gettext("获得本奖项后%(years)s年内不得再次申报") % {"years": int(p.get("years", 0))}


def _say_prerequisite_award(p, edition) -> str:
    slug = p.get("program_slug", "")
    name = Program.objects.filter(slug=slug).values_list("name", flat=True).first() or slug
    return gettext("已获得%(program)s且称号在有效期内") % {"program": name}


def _say_one_per_group(p, edition) -> str:
    return gettext("同一企业集团的成员单位本届限报一家")


def _day(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")  # 2025年12月31日 in Chinese, Dec. 31, 2025 in English


DESCRIPTIONS = {
    RuleType.JURISDICTION: _say_jurisdiction,
    RuleType.ENTITY_TYPE: _say_entity_type,
    RuleType.YEARS_IN_OPERATION: _say_years_in_operation,
    RuleType.NO_MAJOR_INCIDENT: _say_no_major_incident,
    RuleType.GOOD_CREDIT: _say_good_credit,
    RuleType.NO_BAN: _say_no_ban,
    RuleType.COOL_DOWN: _say_cool_down,
    RuleType.PREREQUISITE_AWARD: _say_prerequisite_award,
    RuleType.ONE_PER_GROUP: _say_one_per_group,
}


@dataclass
class StatedRule:
    """One condition as a call page states it, with how it is applied."""

    text: str
    is_hard: bool
    needs_declaration: bool
    requires_evidence: bool


# Rules the applicant meets by a signed declaration that qualification review then verifies.
_DECLARED = {RuleType.NO_MAJOR_INCIDENT, RuleType.GOOD_CREDIT}


def describe_rules(edition: Edition) -> list[StatedRule]:
    """The edition's eligibility rules in words, in their order (one query)."""
    stated = []
    for rule in edition.eligibility_rules.all():
        say = DESCRIPTIONS.get(rule.rule_type)
        if say is None:
            continue
        stated.append(
            StatedRule(
                text=say(rule.params or {}, edition),
                is_hard=rule.is_hard,
                needs_declaration=rule.rule_type in _DECLARED,
                requires_evidence=rule.requires_evidence,
            )
        )
    return stated


def evaluate_rules(edition: Edition, facts: ApplicantFacts, on_date: dt.date | None = None) -> list[RuleOutcome]:
    """Evaluate every rule of the edition; the caller decides what to do with failures."""
    day = on_date or timezone.localdate()
    rules = list(edition.eligibility_rules.all())
    return [_check(rule, edition, facts, day) for rule in rules]
