import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import EditionFactory, OrganizationFactory, ProgramFactory
from workflows.eligibility.models import EligibilityRule, RuleResult, RuleType
from workflows.eligibility.rules import ApplicantFacts, evaluate_rules
from workflows.eligibility.selectors import active_ban
from workflows.eligibility.services import record_ban, record_edition_ban
from workflows.models import Edition

pytestmark = pytest.mark.django_db


def test_years_ban_is_active_until_its_end_date_and_not_after():
    org, program = OrganizationFactory(), ProgramFactory()
    ban = record_ban(organization=org, program=program, reason="撤销称号", starts_on=dt.date(2026, 3, 1), years=4)

    assert ban.ends_on == dt.date(2030, 2, 28)
    assert active_ban(org, program, dt.date(2030, 2, 28)) == ban
    assert active_ban(org, program, dt.date(2030, 3, 1)) is None


def test_ban_of_another_program_or_organisation_does_not_apply():
    org, program = OrganizationFactory(), ProgramFactory()
    record_ban(
        organization=OrganizationFactory(), program=program, reason="x", starts_on=dt.date(2026, 1, 1), lifetime=True
    )
    record_ban(organization=org, program=ProgramFactory(), reason="x", starts_on=dt.date(2026, 1, 1), lifetime=True)

    assert active_ban(org, program, dt.date(2027, 1, 1)) is None


def test_lifetime_ban_never_ends():
    org, program = OrganizationFactory(), ProgramFactory()
    ban = record_ban(organization=org, program=program, reason="弄虚作假", starts_on=dt.date(2026, 1, 1), lifetime=True)

    assert active_ban(org, program, dt.date(2080, 1, 1)) == ban


def test_editions_ban_covers_the_next_n_editions_only():
    org, program = OrganizationFactory(), ProgramFactory()
    ban = record_ban(organization=org, program=program, reason="x", starts_on=dt.date(2026, 6, 1), editions=1)
    EditionFactory(program=program, year=2027, opens_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC))
    EditionFactory(program=program, year=2028, opens_at=dt.datetime(2028, 3, 1, tzinfo=dt.UTC))

    assert active_ban(org, program, dt.date(2027, 4, 1)) == ban
    assert active_ban(org, program, dt.date(2028, 4, 1)) is None


def test_edition_ban_rule_is_applied_from_data():
    edition = EditionFactory(ban_kind=Edition.BanKind.EDITIONS, ban_editions=2)

    ban = record_edition_ban(
        organization=OrganizationFactory(), edition=edition, reason="x", starts_on=dt.date(2026, 1, 1)
    )

    assert (ban.editions_count, ban.ends_on) == (2, None)


def test_no_ban_rule_refuses_with_the_end_date():
    org = OrganizationFactory()
    edition = EditionFactory()
    EligibilityRule.objects.create(edition=edition, rule_type=RuleType.NO_BAN)
    record_ban(organization=org, program=edition.program, reason="称号被撤销", starts_on=dt.date(2026, 1, 1), years=4)

    [outcome] = evaluate_rules(edition, ApplicantFacts(organization=org), on_date=dt.date(2027, 1, 1))

    assert outcome.outcome == RuleResult.Outcome.FAILED
    assert outcome.blocks_submission is True
    assert "2029-12-31" in outcome.detail


def test_years_in_operation_counts_to_the_reference_date():
    edition = EditionFactory(reference_date=dt.date(2025, 12, 31))
    EligibilityRule.objects.create(edition=edition, rule_type=RuleType.YEARS_IN_OPERATION, params={"min_years": 5})
    young = OrganizationFactory(founded_on=dt.date(2021, 6, 1))
    old = OrganizationFactory(founded_on=dt.date(2020, 12, 31))

    [young_result] = evaluate_rules(edition, ApplicantFacts(organization=young))
    [old_result] = evaluate_rules(edition, ApplicantFacts(organization=old))

    assert (young_result.outcome, old_result.outcome) == (RuleResult.Outcome.FAILED, RuleResult.Outcome.PASSED)


def test_rule_parameters_are_typed():
    rule = EligibilityRule(edition=EditionFactory(), rule_type=RuleType.YEARS_IN_OPERATION, params={"min_years": "5"})

    with pytest.raises(ValidationError) as exc:
        rule.full_clean()

    assert "min_years" in str(exc.value)
