"""Evaluate an edition's eligibility rules against facts the program supplies.

The program (awards, brands...) builds an `ApplicantFacts`; this module never looks at the
program's own models, so the engine stays program-agnostic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Organization
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
    # Slugs of programs whose award the organisation holds (prerequisite awards).
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


def _years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _check(rule: EligibilityRule, edition: Edition, facts: ApplicantFacts, on_date: dt.date) -> RuleOutcome:
    p = rule.params or {}
    org = facts.organization
    kind = rule.rule_type

    if kind == RuleType.JURISDICTION:
        prefix = p.get("region_prefix", "")
        ok = org.region_code.startswith(prefix)
        return RuleOutcome(
            rule,
            Outcome.PASSED if ok else Outcome.FAILED,
            "" if ok else f"注册地不在本辖区（{prefix}）。Not registered in this jurisdiction ({prefix}).",
            {"region_code": org.region_code, "region_prefix": prefix},
        )
    if kind == RuleType.ENTITY_TYPE:
        kinds = list(p.get("kinds", []))
        ok = org.kind in kinds
        return RuleOutcome(
            rule,
            Outcome.PASSED if ok else Outcome.FAILED,
            "" if ok else f"主体类型不符（{org.get_kind_display()}）。Entity type not admitted.",
            {"kind": org.kind, "allowed": kinds},
        )
    if kind == RuleType.YEARS_IN_OPERATION:
        min_years = int(p.get("min_years", 0))
        if not org.founded_on:
            return RuleOutcome(
                rule,
                Outcome.FAILED,
                "未填写成立日期。The founding date is missing.",
                {"min_years": min_years},
            )
        years = _years_between(org.founded_on, edition.reference_date)
        ok = years >= min_years
        return RuleOutcome(
            rule,
            Outcome.PASSED if ok else Outcome.FAILED,
            ""
            if ok
            else f"成立未满{min_years}年（截至{edition.reference_date:%Y-%m-%d}为{years}年）。"
            f"Fewer than {min_years} years in operation ({years} at {edition.reference_date:%Y-%m-%d}).",
            {"founded_on": org.founded_on.isoformat(), "years": years, "min_years": min_years},
        )
    if kind == RuleType.NO_MAJOR_INCIDENT:
        years = int(p.get("years", 0))
        declared = bool(facts.declarations.get("no_major_incident"))
        since = edition.reference_date.replace(year=edition.reference_date.year - years)
        return RuleOutcome(
            rule,
            # A declaration is what the applicant can give; staff verify it at qualification review.
            Outcome.NEEDS_REVIEW if declared else Outcome.FAILED,
            ""
            if declared
            else f"须声明{since:%Y-%m-%d}以来无重大事故。Declare no major incident since {since:%Y-%m-%d}.",
            {"declared": declared, "since": since.isoformat(), "years": years},
        )
    if kind == RuleType.GOOD_CREDIT:
        declared = bool(facts.declarations.get("good_credit"))
        has_evidence = "credit_report" in facts.evidence_slots
        ok = declared and (has_evidence or not rule.requires_evidence)
        return RuleOutcome(
            rule,
            Outcome.NEEDS_REVIEW if ok else Outcome.FAILED,
            "" if ok else "须声明信用良好并上传信用报告。Declare good credit and upload the credit report.",
            {"declared": declared, "evidence": has_evidence},
        )
    if kind == RuleType.NO_BAN:
        ban = active_ban(org, edition.program, on_date)
        if ban is None:
            return RuleOutcome(rule, Outcome.PASSED, "", {"ban": None})
        return RuleOutcome(
            rule,
            Outcome.FAILED,
            f"该组织处于禁止申报期（{ban.describe_end()}）：{ban.reason}。"
            f"This organisation is banned from applying ({ban.describe_end()}).",
            {"ban": ban.pk, "ends_on": ban.ends_on.isoformat() if ban.ends_on else None},
        )
    if kind == RuleType.COOL_DOWN:
        years = int(p.get("years", 0))
        last = facts.last_win_on
        if last is None:
            return RuleOutcome(rule, Outcome.PASSED, "", {"last_win_on": None})
        eligible_from = last.replace(year=last.year + years)
        ok = on_date >= eligible_from
        return RuleOutcome(
            rule,
            Outcome.PASSED if ok else Outcome.FAILED,
            ""
            if ok
            else f"获奖后{years}年内不得再次申报（{eligible_from:%Y-%m-%d}起可申报）。"
            f"Cool-down after winning: may apply again from {eligible_from:%Y-%m-%d}.",
            {"last_win_on": last.isoformat(), "eligible_from": eligible_from.isoformat()},
        )
    if kind == RuleType.PREREQUISITE_AWARD:
        slug = p.get("program_slug", "")
        ok = slug in facts.held_award_programs
        return RuleOutcome(
            rule,
            Outcome.PASSED if ok else Outcome.FAILED,
            "" if ok else f"须已获得前置奖项（{slug}）。A prerequisite award ({slug}) is required.",
            {"program_slug": slug},
        )
    if kind == RuleType.ONE_PER_GROUP:
        others = list(facts.group_applications_elsewhere)
        ok = not others
        return RuleOutcome(
            rule,
            Outcome.PASSED if ok else Outcome.FAILED,
            "" if ok else f"同一集团本届已有申报（{'、'.join(others)}）。Another member of the group has applied.",
            {"group": org.group_name, "others": others},
        )
    return RuleOutcome(rule, Outcome.NEEDS_REVIEW, "未知规则类型 unknown rule type", {})


def evaluate_rules(edition: Edition, facts: ApplicantFacts, on_date: dt.date | None = None) -> list[RuleOutcome]:
    """Evaluate every rule of the edition; the caller decides what to do with failures."""
    day = on_date or timezone.localdate()
    rules = list(edition.eligibility_rules.all())
    return [_check(rule, edition, facts, day) for rule in rules]
