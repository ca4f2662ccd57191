"""Each conflict-of-interest rule catches a planted conflict and leaves a clean expert alone."""

import datetime as dt

import pytest
import time_machine

from tests.factories import AwardApplicationFactory, OrganizationFactory, UserFactory
from workflows.models import TransitionLog
from workflows.review import services
from workflows.review.exceptions import ReviewError
from workflows.review.models import AvoidanceRequest, ConflictDeclaration, ConsultancyTie, PastEmployment
from workflows.review.services import Rule

from .factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(edition):
    org = OrganizationFactory(group_name="", region_code="370212")
    return AwardApplicationFactory(edition=edition, organization=org, state="material_review")


@pytest.fixture
def clean_expert():
    return ExpertProfileFactory(region_code="110101")


def rules_for(profile, dossier):
    return services.conflicts_between(profile.user, dossier)


def test_clean_expert_has_no_conflict(applicant, clean_expert):
    assert rules_for(clean_expert, applicant) == []


def test_same_current_employer(applicant, clean_expert):
    planted = ExpertProfileFactory(employer_credit_code=applicant.organization.credit_code)
    assert (rules_for(planted, applicant), rules_for(clean_expert, applicant)) == ([Rule.SAME_EMPLOYER], [])


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC))
def test_former_employer_within_the_edition_years_but_not_before(applicant, edition):
    edition.review_settings.former_employer_years = 3
    edition.review_settings.save()
    recent = ExpertProfileFactory()
    long_ago = ExpertProfileFactory()
    for profile, ended in ((recent, dt.date(2024, 1, 1)), (long_ago, dt.date(2022, 1, 1))):
        PastEmployment.objects.create(
            expert=profile, organization_name="x", credit_code=applicant.organization.credit_code, ended_on=ended
        )
    assert (rules_for(recent, applicant), rules_for(long_ago, applicant)) == ([Rule.FORMER_EMPLOYER], [])


def test_consultancy_or_coaching_tie(applicant, clean_expert):
    planted = ExpertProfileFactory()
    ConsultancyTie.objects.create(
        expert=planted,
        kind=ConsultancyTie.Kind.COACHING,
        organization_name="x",
        credit_code=applicant.organization.credit_code,
    )
    assert (rules_for(planted, applicant), rules_for(clean_expert, applicant)) == ([Rule.CONSULTANCY], [])


def test_same_corporate_group_through_the_employer_record(applicant, clean_expert):
    applicant.organization.group_name = "海岳集团"
    applicant.organization.save()
    sister = OrganizationFactory(group_name="海岳集团")
    planted = ExpertProfileFactory(employer_credit_code=sister.credit_code)
    assert (rules_for(planted, applicant), rules_for(clean_expert, applicant)) == ([Rule.SAME_GROUP], [])


def test_same_region_only_when_the_edition_requires_cross_region_panels(applicant, edition, clean_expert):
    local = ExpertProfileFactory(region_code="370203")  # another district of Qingdao
    assert rules_for(local, applicant) == []

    edition.review_settings.require_cross_region = True
    edition.review_settings.save()

    assert (rules_for(local, applicant), rules_for(clean_expert, applicant)) == ([Rule.SAME_REGION], [])


def test_expert_declaration(applicant, clean_expert):
    planted = ExpertProfileFactory()
    ConflictDeclaration.objects.create(
        expert=planted.user,
        content_type_id=services.dossier_key(applicant)[0],
        object_id=applicant.pk,
        has_conflict=True,
        reason="亲属在该企业任职",
    )
    assert (rules_for(planted, applicant), rules_for(clean_expert, applicant)) == ([Rule.DECLARED], [])


def test_applicant_request_counts_until_rejected(applicant, clean_expert):
    planted = ExpertProfileFactory()
    request = services.request_avoidance(applicant, expert=planted.user, reason="曾有商业纠纷", actor=UserFactory())
    assert (rules_for(planted, applicant), rules_for(clean_expert, applicant)) == ([Rule.APPLICANT_REQUEST], [])

    AvoidanceRequest.objects.filter(pk=request.pk).update(status=AvoidanceRequest.Status.REJECTED)

    assert rules_for(planted, applicant) == []


def test_override_needs_a_justification_and_is_logged(applicant, staff):
    planted = ExpertProfileFactory(employer_credit_code=applicant.organization.credit_code)
    with pytest.raises(ReviewError):
        services.override_conflict(planted.user, applicant, rule=Rule.SAME_EMPLOYER, justification="", actor=staff)
    assert rules_for(planted, applicant) == [Rule.SAME_EMPLOYER]

    services.override_conflict(
        planted.user,
        applicant,
        rule=Rule.SAME_EMPLOYER,
        justification="该专家已于上月离职，人事证明已核验。",
        actor=staff,
    )

    assert rules_for(planted, applicant) == []
    log = TransitionLog.objects.get(transition="review.conflict_override")
    assert (log.actor, log.object_id) == (staff, str(applicant.pk))


def test_declarations_cannot_be_overridden(applicant, staff):
    planted = ExpertProfileFactory()
    with pytest.raises(ReviewError):
        services.override_conflict(planted.user, applicant, rule=Rule.DECLARED, justification="x" * 20, actor=staff)


def test_only_staff_may_override(applicant):
    from workflows.exceptions import NotPermitted

    planted = ExpertProfileFactory(employer_credit_code=applicant.organization.credit_code)
    with pytest.raises(NotPermitted):
        services.override_conflict(
            planted.user, applicant, rule=Rule.SAME_EMPLOYER, justification="x" * 20, actor=planted.user
        )
