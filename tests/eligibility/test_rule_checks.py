"""Each of the nine eligibility rule types on its own (workflows/eligibility/rules.py, docs/domain.md, "Eligibility rules"):
what passes, what fails, and the 29 February dates that used to raise."""

import datetime as dt

import pytest

from tests.factories import EditionFactory, OrganizationFactory
from workflows.eligibility.models import EligibilityRule, RuleType
from workflows.eligibility.rules import CHECKS, ApplicantFacts, evaluate_rules
from workflows.eligibility.services import record_ban

pytestmark = pytest.mark.django_db

PASSED, FAILED, NEEDS_REVIEW = "passed", "failed", "needs_review"
ON = dt.date(2026, 3, 1)


def outcome(rule_type, params=None, *, edition=None, requires_evidence=False, on_date=ON, **facts):
    edition = edition or EditionFactory(reference_date=dt.date(2025, 12, 31))
    EligibilityRule.objects.create(
        edition=edition, rule_type=rule_type, params=params or {}, requires_evidence=requires_evidence
    )
    facts.setdefault("organization", OrganizationFactory())
    [result] = evaluate_rules(edition, ApplicantFacts(**facts), on_date=on_date)
    return result.outcome


def test_every_rule_type_has_its_own_check():
    assert set(CHECKS) == set(RuleType.values)


def test_jurisdiction_admits_organisations_registered_under_the_prefix():
    inside, outside = OrganizationFactory(region_code="370211"), OrganizationFactory(region_code="110105")

    assert (
        outcome(RuleType.JURISDICTION, {"region_prefix": "3702"}, organization=inside),
        outcome(RuleType.JURISDICTION, {"region_prefix": "3702"}, organization=outside),
    ) == (PASSED, FAILED)


def test_entity_type_admits_only_the_listed_kinds():
    enterprise, association = OrganizationFactory(kind="enterprise"), OrganizationFactory(kind="association")

    assert (
        outcome(RuleType.ENTITY_TYPE, {"kinds": ["enterprise"]}, organization=enterprise),
        outcome(RuleType.ENTITY_TYPE, {"kinds": ["enterprise"]}, organization=association),
    ) == (PASSED, FAILED)


def test_years_in_operation_fails_without_a_founding_date():
    assert outcome(
        RuleType.YEARS_IN_OPERATION, {"min_years": 3}, organization=OrganizationFactory(founded_on=None)
    ) == (FAILED)


def test_a_company_founded_on_29_february_completes_its_years_on_28_february():
    edition = EditionFactory(reference_date=dt.date(2025, 2, 28))
    leap = OrganizationFactory(founded_on=dt.date(2020, 2, 29))

    assert outcome(RuleType.YEARS_IN_OPERATION, {"min_years": 5}, edition=edition, organization=leap) == PASSED


def test_no_major_incident_needs_the_declaration_and_then_staff_review():
    assert (
        outcome(RuleType.NO_MAJOR_INCIDENT, {"years": 3}, declarations={"no_major_incident": True}),
        outcome(RuleType.NO_MAJOR_INCIDENT, {"years": 3}),
    ) == (NEEDS_REVIEW, FAILED)


def test_no_major_incident_counts_back_from_29_february_without_an_error():
    edition = EditionFactory(reference_date=dt.date(2024, 2, 29))

    result = outcome(RuleType.NO_MAJOR_INCIDENT, {"years": 3}, edition=edition)

    assert result == FAILED  # no declaration; before the fix this raised ValueError (a 500)


def test_good_credit_needs_the_report_when_evidence_is_required():
    declared = {"good_credit": True}

    assert (
        outcome(RuleType.GOOD_CREDIT, declarations=declared, requires_evidence=True, evidence_slots={"credit_report"}),
        outcome(RuleType.GOOD_CREDIT, declarations=declared, requires_evidence=True),
        outcome(RuleType.GOOD_CREDIT, declarations=declared),
        outcome(RuleType.GOOD_CREDIT),
    ) == (NEEDS_REVIEW, FAILED, NEEDS_REVIEW, FAILED)


def test_no_ban_passes_an_organisation_whose_ban_has_ended():
    edition = EditionFactory()
    org = OrganizationFactory()
    record_ban(organization=org, program=edition.program, reason="称号被撤销", starts_on=dt.date(2020, 1, 1), years=3)

    assert (
        outcome(RuleType.NO_BAN, edition=edition, organization=org, on_date=dt.date(2022, 12, 31)),
        outcome(RuleType.NO_BAN, edition=EditionFactory(program=edition.program), organization=org),
    ) == (FAILED, PASSED)


def test_cool_down_runs_the_given_years_from_the_last_win():
    assert (
        outcome(RuleType.COOL_DOWN, {"years": 4}, last_win_on=dt.date(2022, 3, 2)),
        outcome(RuleType.COOL_DOWN, {"years": 4}, last_win_on=dt.date(2022, 3, 1)),
        outcome(RuleType.COOL_DOWN, {"years": 4}),
    ) == (FAILED, PASSED, PASSED)


def test_cool_down_after_a_win_on_29_february_ends_on_28_february():
    won = dt.date(2020, 2, 29)

    assert (
        outcome(RuleType.COOL_DOWN, {"years": 5}, last_win_on=won, on_date=dt.date(2025, 2, 27)),
        outcome(RuleType.COOL_DOWN, {"years": 5}, last_win_on=won, on_date=dt.date(2025, 2, 28)),
    ) == (FAILED, PASSED)


def test_prerequisite_award_needs_a_live_title_in_the_named_program():
    assert (
        outcome(RuleType.PREREQUISITE_AWARD, {"program_slug": "qingdao-mayor"}, held_award_programs={"qingdao-mayor"}),
        outcome(RuleType.PREREQUISITE_AWARD, {"program_slug": "qingdao-mayor"}, held_award_programs={"other"}),
    ) == (PASSED, FAILED)


def test_one_per_group_fails_when_another_group_member_applied():
    assert (
        outcome(RuleType.ONE_PER_GROUP),
        outcome(RuleType.ONE_PER_GROUP, group_applications_elsewhere=["海岳集团青岛分公司"]),
    ) == (PASSED, FAILED)
