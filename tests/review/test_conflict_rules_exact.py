"""The conflict rules are exact: planted conflicts are caught, near misses are not (issue 20 #1-#4).

Each test plants one conflict and its near miss side by side, through the product's own models
and services, and asks the same question the draw asks (detect_conflicts / conflicts_between).
"""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from accounts.credit_code import make_credit_code
from accounts.roles import Role
from awards import services as award_services
from awards.models import AwardApplication
from tests.factories import AwardApplicationFactory, OrganizationFactory, UserFactory
from tests.notices.factories import PDF_BYTES
from workflows.review import services
from workflows.review.exceptions import NotEnoughExperts
from workflows.review.models import Draw, PastEmployment, SpecialtyRule
from workflows.review.services import Rule

from .factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
APPLICANT_CODE = make_credit_code("91370200MA3C5E5Y1")
# One character different (position 12): looks similar, is another organisation.
LOOKALIKE_CODE = make_credit_code("91370200MA3D5E5Y1")


@pytest.fixture
def applicant(edition):
    edition.review_settings.former_employer_years = 3
    edition.review_settings.save()
    organization = OrganizationFactory(credit_code=APPLICANT_CODE, group_name="海岳集团", region_code="370212")
    return AwardApplicationFactory(edition=edition, organization=organization, state="material_review")


def rules_for(profile, dossier):
    return services.conflicts_between(profile.user, dossier)


# --- 1. codes compared in their normal form --------------------------------------------------


def test_an_employer_code_stored_in_lower_case_is_still_the_same_employer(applicant):
    planted = ExpertProfileFactory()
    near_miss = ExpertProfileFactory(employer_credit_code=LOOKALIKE_CODE)
    with connection.cursor() as cursor:  # as stored before codes were normalised
        cursor.execute(
            "UPDATE review_expertprofile SET employer_credit_code = %s WHERE id = %s",
            [APPLICANT_CODE.lower(), planted.pk],
        )
    assert (rules_for(planted, applicant), rules_for(near_miss, applicant)) == ([Rule.SAME_EMPLOYER], [])


@time_machine.travel(TODAY)
def test_a_former_employer_typed_full_width_and_lower_case_is_still_a_former_employer(applicant):
    planted, near_miss = ExpertProfileFactory(), ExpertProfileFactory()
    typed = "".join(chr(ord(c) + 0xFEE0) for c in APPLICANT_CODE.lower())
    PastEmployment.objects.create(
        expert=planted, organization_name="x", credit_code=typed, ended_on=dt.date(2025, 1, 1)
    )
    PastEmployment.objects.create(
        expert=near_miss, organization_name="x", credit_code=LOOKALIKE_CODE, ended_on=dt.date(2025, 1, 1)
    )
    assert (rules_for(planted, applicant), rules_for(near_miss, applicant)) == ([Rule.FORMER_EMPLOYER], [])


# --- 2. the recommending body's people -------------------------------------------------------


def _submitted(application):
    AwardApplication.objects.filter(pk=application.pk).update(state="submitted")
    return AwardApplication.objects.get(pk=application.pk)


def _letter():
    return SimpleUploadedFile("推荐函.pdf", PDF_BYTES, "application/pdf")


def test_the_expert_who_did_the_applicants_preliminary_review_is_recused(applicant):
    applicant = _submitted(applicant)
    recommender_expert = ExpertProfileFactory()
    recommender_expert.user.role_grants.create(role=Role.RECOMMENDER, region_code="370200")
    other_expert = ExpertProfileFactory()
    award_services.record_preliminary_review(
        applicant,
        user=recommender_expert.user,
        complete=True,
        authentic=True,
        well_formed=True,
        opinion="材料完整，同意推荐。",
        letter=_letter(),
    )
    assert rules_for(recommender_expert, applicant) == [Rule.RECOMMENDER]
    assert rules_for(other_expert, applicant) == []


def test_the_expert_who_recommended_the_applicant_is_recused_and_not_another_recommender(applicant, edition):
    applicant = _submitted(applicant)
    recommending = ExpertProfileFactory()
    recommending.user.role_grants.create(role=Role.RECOMMENDER, region_code="370200")
    other_recommender = ExpertProfileFactory()
    other_recommender.user.role_grants.create(role=Role.RECOMMENDER, region_code="370200")
    award_services.record_preliminary_review(
        applicant,
        user=UserFactory(roles=[(Role.RECOMMENDER, "370200")]),
        complete=True,
        authentic=True,
        well_formed=True,
        opinion="同意推荐。",
        letter=_letter(),
    )
    award_services.recommend_application(applicant, user=recommending.user, expected_state="submitted")
    assert rules_for(recommending, applicant) == [Rule.RECOMMENDER]
    assert rules_for(other_recommender, applicant) == []


def test_a_recommender_conflict_cannot_be_overridden(applicant, staff):
    assert Rule.RECOMMENDER not in Rule.AUTOMATIC


# --- 3. same group within the look-back ------------------------------------------------------


@time_machine.travel(TODAY)
def test_a_sister_company_counts_only_within_the_look_back(applicant):
    sister = OrganizationFactory(group_name="海岳集团")
    recent, long_ago = ExpertProfileFactory(), ExpertProfileFactory()
    for profile, ended in ((recent, dt.date(2024, 6, 1)), (long_ago, dt.date(2018, 6, 1))):
        PastEmployment.objects.create(
            expert=profile, organization_name=sister.name, credit_code=sister.credit_code, ended_on=ended
        )
    assert (rules_for(recent, applicant), rules_for(long_ago, applicant)) == ([Rule.SAME_GROUP], [])


@time_machine.travel(TODAY)
def test_a_group_named_on_an_old_job_row_counts_only_within_the_look_back(applicant):
    recent, long_ago = ExpertProfileFactory(), ExpertProfileFactory()
    for profile, ended in ((recent, dt.date(2024, 6, 1)), (long_ago, dt.date(2018, 6, 1))):
        PastEmployment.objects.create(
            expert=profile,
            organization_name="海岳物流有限公司",
            credit_code=make_credit_code("91370200MA3X000001"[:17]),
            group_name="海岳集团",
            ended_on=ended,
        )
    assert (rules_for(recent, applicant), rules_for(long_ago, applicant)) == ([Rule.SAME_GROUP], [])


def test_a_current_employer_in_the_same_group_always_counts(applicant):
    planted = ExpertProfileFactory(employer_group="海岳集团")
    near_miss = ExpertProfileFactory(employer_group="海岳控股集团")
    assert (rules_for(planted, applicant), rules_for(near_miss, applicant)) == ([Rule.SAME_GROUP], [])


# --- 4. the panel's specialty rule -----------------------------------------------------------


def _pool(with_specialty: int, without: int) -> None:
    for i in range(with_specialty):
        ExpertProfileFactory(specialties="C38", region_code=["110101", "310104"][i % 2])
    for i in range(without):
        ExpertProfileFactory(specialties="C15", region_code=["110101", "310104"][i % 2])


def _panel(edition, staff, rule, size=6):
    dossier = AwardApplicationFactory(edition=edition, state="material_review")
    return services.create_panel(
        edition,
        stage="material_review",
        name="电气组",
        dossiers=[dossier],
        size=size,
        deadline=edition.closes_at,
        actor=staff,
        specialty_codes="C38",
        specialty_rule=rule,
    )


def _specialties_drawn(draw: Draw) -> list[str]:
    from workflows.review.models import ExpertProfile

    return sorted(ExpertProfile.objects.get(user_id=i).specialties for i in draw.drawn_ids)


@pytest.mark.parametrize("rule", [SpecialtyRule.REQUIRED, SpecialtyRule.PREFERRED])
def test_with_enough_specialists_every_drawn_expert_has_the_specialty(edition, staff, rule):
    _pool(with_specialty=8, without=12)
    draw = services.draw_panel(_panel(edition, staff, rule), actor=staff, seed="s")
    assert _specialties_drawn(draw) == ["C38"] * 6
    assert services.reproduce_draw(draw) == draw.drawn_ids


def test_preferred_fills_with_others_when_specialists_run_out(edition, staff):
    _pool(with_specialty=4, without=12)
    draw = services.draw_panel(_panel(edition, staff, SpecialtyRule.PREFERRED), actor=staff, seed="s")
    assert _specialties_drawn(draw) == ["C15", "C15", "C38", "C38", "C38", "C38"]
    assert services.reproduce_draw(Draw.objects.get(pk=draw.pk)) == draw.drawn_ids


def test_required_refuses_when_specialists_run_out_and_says_how_many(edition, staff):
    _pool(with_specialty=4, without=12)
    panel = _panel(edition, staff, SpecialtyRule.REQUIRED)
    with pytest.raises(NotEnoughExperts) as exc:
        services.draw_panel(panel, actor=staff, seed="s")
    assert exc.value.message.startswith("具备所需专业（C38）且无回避情形的可用专家只有4人，少于所需的6人。")
    assert Draw.objects.count() == 0


def test_the_draw_record_names_every_rule_applied_and_who_each_kept_out(edition, staff):
    edition.review_settings.former_employer_years = 3
    edition.review_settings.save()
    _pool(with_specialty=3, without=5)
    panel = _panel(edition, staff, SpecialtyRule.REQUIRED, size=2)
    dossier = panel.dossiers.get().dossier
    conflicted = ExpertProfileFactory(specialties="C38", employer_credit_code=dossier.organization.credit_code)
    draw = services.draw_panel(panel, actor=staff, seed="s")
    assert [(r["rule"], r.get("look_back_years"), r.get("specialties")) for r in draw.rules] == [
        ("same_employer", None, None),
        ("former_employer", 3, None),
        ("consultancy", 3, None),
        ("same_group", 3, None),
        ("recommender", None, None),
        ("declared", None, None),
        ("applicant_request", None, None),
        ("specialty_required", None, ["C38"]),
    ]
    assert draw.excluded[str(conflicted.user_id)] == ["same_employer"]
    assert (
        sorted(rules for user, rules in draw.excluded.items() if user != str(conflicted.user_id))
        == [["specialty_required"]] * 5
    )
