"""A planted set of conflicts of interest and near misses, run through the product's own services.

Every case builds one expert and the dossier they might review through the models and services
staff, experts, recommenders and applicants use, then asks the two questions the platform asks:
`detect_conflicts` (which rules bar this expert) and the draw (is the expert kept out of a panel
reviewing this dossier, or a candidate). A planted case must be caught by exactly its rule; a near
miss must be caught by none (docs/conflict-rules.md, docs/credit-codes.md).

Today is fixed at 2026-06-01 (Asia/Shanghai) and the look-back is three years, so the first day
that still counts is 2023-06-01.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from accounts.credit_code import make_credit_code
from accounts.roles import Role
from awards import services as award_services
from awards.models import AwardApplication
from brands import services as zone_services
from tests.brands.factories import zone_in_state
from tests.factories import AwardApplicationFactory, EditionFactory, OrganizationFactory, UserFactory, applicant_for
from tests.notices.factories import PDF_BYTES
from workflows.review import services
from workflows.review.models import (
    AvoidanceRequest,
    ConflictDeclaration,
    ConsultancyTie,
    PastEmployment,
    ReviewSettings,
)
from workflows.review.services import Rule

from .factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 6, 1, 4, tzinfo=dt.UTC)  # 12:00 in Shanghai
FIRST_DAY_COUNTED = dt.date(2023, 6, 1)
DAY_BEFORE = FIRST_DAY_COUNTED - dt.timedelta(days=1)
_serial = itertools.count(1)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" for c in text)


def new_code(authority: str = "91") -> str:
    """A valid code nobody else in the test uses (authority and category: 91, N1, Y1, 12 ...)."""
    return make_credit_code(f"{authority}370200MA{next(_serial):06d}")


def lookalike(code: str) -> str:
    """A valid code one character away from `code` (position 10): another organisation."""
    changed = code[:9] + ("B" if code[9] != "B" else "C") + code[10:16]
    return make_credit_code(changed)


class World:
    """One edition with a three-year look-back; builds applicants and experts for a case."""

    def __init__(self):
        self.edition = EditionFactory()
        ReviewSettings.objects.create(edition=self.edition, former_employer_years=3)

    def applicant(self, **organization) -> AwardApplication:
        organization.setdefault("credit_code", new_code())
        return AwardApplicationFactory(
            edition=self.edition, organization=OrganizationFactory(**organization), state="material_review"
        )

    def group(self) -> str:
        return f"海岳{next(_serial)}集团"


CASES: list = []


def case(rule: str | None):
    """Register a builder: rule is what must catch it, None for a near miss."""

    def register(build: Callable[[World], tuple]):
        kind = "planted" if rule else "near_miss"
        CASES.append(pytest.param(build, rule, id=f"{kind}-{build.__name__}"))
        return build

    return register


def past_job(profile, organization_name: str, credit_code: str, ended_on, group_name: str = ""):
    PastEmployment.objects.create(
        expert=profile,
        organization_name=organization_name,
        credit_code=credit_code,
        group_name=group_name,
        started_on=dt.date(2010, 1, 1),
        ended_on=ended_on,
    )


def tie(profile, kind: str, organization_name: str, credit_code: str, ended_on=None):
    ConsultancyTie.objects.create(
        expert=profile, kind=kind, organization_name=organization_name, credit_code=credit_code, ended_on=ended_on
    )


# --- current employer ------------------------------------------------------------------------


@case(Rule.SAME_EMPLOYER)
def employer_code_as_registered(w):
    app = w.applicant()
    return ExpertProfileFactory(employer_credit_code=app.organization.credit_code), app


@case(Rule.SAME_EMPLOYER)
def employer_code_stored_in_lower_case(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    with connection.cursor() as cursor:  # as stored before codes were normalised
        cursor.execute(
            "UPDATE review_expertprofile SET employer_credit_code = %s WHERE id = %s",
            [app.organization.credit_code.lower(), profile.pk],
        )
    profile.refresh_from_db()
    return profile, app


@case(Rule.SAME_EMPLOYER)
def employer_code_typed_full_width_with_spaces_and_dashes(w):
    app = w.applicant()
    code = app.organization.credit_code
    typed = full_width(f"{code[:6]} {code[6:12]}-{code[12:]}".lower())
    return ExpertProfileFactory(employer_credit_code=typed), app


@case(Rule.SAME_EMPLOYER)
def employer_code_of_a_social_organisation_with_letter_prefixes(w):
    app = w.applicant(credit_code=new_code("N1"), kind="association")
    return ExpertProfileFactory(employer_credit_code=app.organization.credit_code.lower()), app


@case(Rule.SAME_EMPLOYER)
def employer_given_by_name_only(w):
    app = w.applicant(name="青岛海岳电器有限公司")
    return ExpertProfileFactory(employer_name="青岛海岳电器 有限公司", employer_credit_code=""), app


@case(None)
def employer_code_one_character_away(w):
    app = w.applicant()
    return ExpertProfileFactory(employer_credit_code=lookalike(app.organization.credit_code)), app


@case(None)
def employer_same_name_but_a_different_code(w):
    """The code decides when there is one: a branch or namesake elsewhere is another organisation."""
    app = w.applicant(name="青岛海岳电器有限公司")
    return ExpertProfileFactory(employer_name="青岛海岳电器有限公司", employer_credit_code=new_code()), app


@case(None)
def employer_code_y_prefix_similar_to_an_n_prefix_applicant(w):
    app = w.applicant(credit_code=new_code("N1"), kind="association")
    code = app.organization.credit_code
    return ExpertProfileFactory(employer_credit_code=make_credit_code("Y1" + code[2:16])), app


# --- former employer within the look-back -----------------------------------------------------


@case(Rule.FORMER_EMPLOYER)
def left_on_the_first_day_of_the_look_back(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    past_job(profile, app.organization.name, app.organization.credit_code, FIRST_DAY_COUNTED)
    return profile, app


@case(Rule.FORMER_EMPLOYER)
def left_last_year_code_typed_full_width_lower_case(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    past_job(profile, "x", full_width(app.organization.credit_code.lower()), dt.date(2025, 9, 30))
    return profile, app


@case(Rule.FORMER_EMPLOYER)
def left_last_year_code_pasted_with_an_em_dash_and_a_zero_width_space(w):
    app = w.applicant()
    code = app.organization.credit_code
    profile = ExpertProfileFactory()
    past_job(profile, "x", f"{code[:8]}\u2014{code[8:12]}\u200b{code[12:]}", dt.date(2025, 9, 30))
    return profile, app


@case(Rule.FORMER_EMPLOYER)
def several_past_jobs_one_recent_at_the_applicant(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    past_job(profile, "早年单位", app.organization.credit_code, dt.date(2012, 1, 1))
    past_job(profile, "另一单位", new_code(), dt.date(2020, 1, 1))
    past_job(profile, "重回单位", app.organization.credit_code, dt.date(2024, 3, 1))
    return profile, app


@case(None)
def left_the_day_before_the_look_back(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    past_job(profile, app.organization.name, app.organization.credit_code, DAY_BEFORE)
    return profile, app


@case(None)
def several_past_jobs_the_applicant_only_long_ago(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    past_job(profile, app.organization.name, app.organization.credit_code, dt.date(2015, 1, 1))
    past_job(profile, "另一单位", new_code(), dt.date(2025, 1, 1))
    return profile, app


@case(None)
def left_recently_a_code_one_character_away(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    past_job(profile, app.organization.name, lookalike(app.organization.credit_code), dt.date(2025, 1, 1))
    return profile, app


# --- consultancy and coaching ties -------------------------------------------------------------


@case(Rule.CONSULTANCY)
def ongoing_consultancy_with_no_end_date(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    tie(profile, ConsultancyTie.Kind.CONSULTANCY, app.organization.name, app.organization.credit_code)
    return profile, app


@case(Rule.CONSULTANCY)
def coaching_ended_on_the_first_day_of_the_look_back(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    tie(profile, ConsultancyTie.Kind.COACHING, "x", app.organization.credit_code.lower(), FIRST_DAY_COUNTED)
    return profile, app


@case(Rule.CONSULTANCY)
def coaching_code_typed_with_spaces(w):
    app = w.applicant()
    code = app.organization.credit_code
    profile = ExpertProfileFactory()
    tie(profile, ConsultancyTie.Kind.COACHING, "x", f" {code[:9]}\u3000{code[9:]} ", dt.date(2025, 12, 31))
    return profile, app


@case(None)
def coaching_ended_the_day_before_the_look_back(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    tie(profile, ConsultancyTie.Kind.COACHING, app.organization.name, app.organization.credit_code, DAY_BEFORE)
    return profile, app


@case(None)
def ongoing_consultancy_with_a_code_one_character_away(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    tie(profile, ConsultancyTie.Kind.CONSULTANCY, app.organization.name, lookalike(app.organization.credit_code))
    return profile, app


# --- same corporate group within the look-back ------------------------------------------------


@case(Rule.SAME_GROUP)
def works_at_a_registered_sister_company(w):
    group = w.group()
    app = w.applicant(group_name=group)
    sister = OrganizationFactory(group_name=group)
    return ExpertProfileFactory(employer_name=sister.name, employer_credit_code=sister.credit_code), app


@case(Rule.SAME_GROUP)
def typed_group_differs_in_spaces_case_and_width(w):
    app = w.applicant(group_name="中国海岳（集团）有限公司")
    return ExpertProfileFactory(employer_group=" 中国海岳(集团) 有限公司"), app


@case(Rule.SAME_GROUP)
def left_a_sister_company_on_the_first_day_of_the_look_back(w):
    group = w.group()
    app = w.applicant(group_name=group)
    sister = OrganizationFactory(group_name=group)
    profile = ExpertProfileFactory()
    past_job(profile, sister.name, sister.credit_code, FIRST_DAY_COUNTED)
    return profile, app


@case(Rule.SAME_GROUP)
def left_a_sister_company_named_with_its_group_on_the_job_row(w):
    group = w.group()
    app = w.applicant(group_name=group)
    profile = ExpertProfileFactory()
    past_job(profile, "海岳物流有限公司", new_code(), dt.date(2024, 1, 1), group_name=group)
    return profile, app


@case(Rule.SAME_GROUP)
def works_at_the_group_parent_company(w):
    parent = OrganizationFactory(name=w.group())
    app = w.applicant(group_name=parent.name)
    return ExpertProfileFactory(employer_name=parent.name, employer_credit_code=parent.credit_code), app


@case(Rule.SAME_GROUP)
def works_at_a_subsidiary_of_the_applicant_parent(w):
    app = w.applicant(name=w.group())
    subsidiary = OrganizationFactory(group_name=app.organization.name)
    return ExpertProfileFactory(employer_name=subsidiary.name, employer_credit_code=subsidiary.credit_code), app


@case(Rule.SAME_GROUP)
def left_the_group_parent_recently(w):
    parent = OrganizationFactory(name=w.group())
    app = w.applicant(group_name=parent.name)
    profile = ExpertProfileFactory()
    past_job(profile, parent.name, parent.credit_code, dt.date(2025, 5, 31))
    return profile, app


@case(None)
def left_a_sister_company_the_day_before_the_look_back(w):
    group = w.group()
    app = w.applicant(group_name=group)
    sister = OrganizationFactory(group_name=group)
    profile = ExpertProfileFactory()
    past_job(profile, sister.name, sister.credit_code, DAY_BEFORE)
    return profile, app


@case(None)
def a_group_with_a_similar_name(w):
    group = w.group()
    app = w.applicant(group_name=group)
    other = OrganizationFactory(group_name=group.replace("集团", "控股集团"))
    return ExpertProfileFactory(employer_name=other.name, employer_credit_code=other.credit_code), app


@case(None)
def neither_organisation_belongs_to_a_group(w):
    app = w.applicant(group_name="")
    other = OrganizationFactory(group_name="")
    profile = ExpertProfileFactory(employer_name=other.name, employer_credit_code=other.credit_code, employer_group="")
    past_job(profile, "无集团单位", OrganizationFactory(group_name="").credit_code, dt.date(2025, 1, 1))
    return profile, app


@case(None)
def left_the_group_parent_before_the_look_back(w):
    parent = OrganizationFactory(name=w.group())
    app = w.applicant(group_name=parent.name)
    profile = ExpertProfileFactory()
    past_job(profile, parent.name, parent.credit_code, DAY_BEFORE)
    return profile, app


# --- declared relatives, other ties, own declarations ------------------------------------------


@case(Rule.CONSULTANCY)
def a_relative_works_at_the_applicant(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    tie(profile, ConsultancyTie.Kind.RELATIVE, app.organization.name, app.organization.credit_code)
    return profile, app


@case(Rule.CONSULTANCY)
def another_interest_ended_within_the_look_back(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    tie(profile, ConsultancyTie.Kind.OTHER, app.organization.name, app.organization.credit_code, dt.date(2024, 1, 1))
    return profile, app


@case(Rule.DECLARED)
def the_expert_declared_a_conflict(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    ConflictDeclaration.objects.create(
        expert=profile.user, dossier=app, has_conflict=True, reason="本人配偶在该单位任职"
    )
    return profile, app


@case(None)
def the_expert_declared_no_conflict(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    ConflictDeclaration.objects.create(expert=profile.user, dossier=app, has_conflict=False)
    return profile, app


@case(None)
def a_relative_left_before_the_look_back(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    tie(profile, ConsultancyTie.Kind.RELATIVE, app.organization.name, app.organization.credit_code, DAY_BEFORE)
    return profile, app


@case(None)
def a_declared_conflict_with_another_applicant(w):
    app, other = w.applicant(), w.applicant()
    profile = ExpertProfileFactory()
    ConflictDeclaration.objects.create(expert=profile.user, dossier=other, has_conflict=True, reason="亲属任职")
    return profile, app


# --- the recommending body (初审, recommendation) ------------------------------------------------


def _letter():
    return SimpleUploadedFile("推荐函.pdf", PDF_BYTES, "application/pdf")


def _submitted(w) -> AwardApplication:
    app = w.applicant()
    AwardApplication.objects.filter(pk=app.pk).update(state="submitted")
    return AwardApplication.objects.get(pk=app.pk)


def _preliminary_review(app, user):
    award_services.record_preliminary_review(
        app,
        user=user,
        complete=True,
        authentic=True,
        well_formed=True,
        opinion="材料完整，同意推荐。",
        letter=_letter(),
    )


def _recommender_expert():
    profile = ExpertProfileFactory()
    profile.user.role_grants.create(role=Role.RECOMMENDER, region_code="370200")
    return profile


@case(Rule.RECOMMENDER)
def wrote_the_applicants_preliminary_review(w):
    app = _submitted(w)
    profile = _recommender_expert()
    _preliminary_review(app, profile.user)
    return profile, app


@case(Rule.RECOMMENDER)
def recommended_the_applicant(w):
    app = _submitted(w)
    profile = _recommender_expert()
    _preliminary_review(app, UserFactory(roles=[(Role.RECOMMENDER, "370200")]))
    award_services.recommend_application(app, user=profile.user, expected_state="submitted")
    return profile, app


@case(Rule.RECOMMENDER)
def refused_to_recommend_the_applicant(w):
    app = _submitted(w)
    profile = _recommender_expert()
    _preliminary_review(app, UserFactory(roles=[(Role.RECOMMENDER, "370200")]))
    award_services.not_recommend_application(app, user=profile.user, expected_state="submitted", reason="材料不实")
    return profile, app


@case(Rule.RECOMMENDER)
def recommended_the_demonstration_zone(w):
    zone = zone_in_state("applied")
    profile = ExpertProfileFactory()
    profile.user.role_grants.create(role=Role.RECOMMENDER, region_code=zone.province_code + "0000")
    zone_services.recommend_zone(zone, actor=profile.user, expected_state="applied")
    return profile, zone


@case(None)
def recommended_another_applicant_of_the_same_region(w):
    app, other = _submitted(w), _submitted(w)
    profile = _recommender_expert()
    _preliminary_review(other, profile.user)
    return profile, app


@case(None)
def a_recommender_of_the_region_who_did_not_act(w):
    app = _submitted(w)
    _preliminary_review(app, UserFactory(roles=[(Role.RECOMMENDER, "370200")]))
    return _recommender_expert(), app


# --- the applicant's avoidance requests ----------------------------------------------------------


def _avoidance(app, **named):
    return services.file_avoidance_request(
        app,
        actor=applicant_for(app.organization),
        reason="该专家曾为我单位竞争对手提供咨询。",
        open_states=["material_review"],
        **named,
    )


@case(Rule.APPLICANT_REQUEST)
def named_by_name_with_spaces_and_full_width(w):
    app = w.applicant()
    profile = ExpertProfileFactory(user__full_name="欧阳明")
    _avoidance(app, expert_name="欧阳\u3000明 ")
    return profile, app


@case(Rule.APPLICANT_REQUEST)
def employer_named_by_code_typed_in_lower_case(w):
    app = w.applicant()
    rival = OrganizationFactory()
    profile = ExpertProfileFactory(employer_name=rival.name, employer_credit_code=rival.credit_code)
    _avoidance(app, organization_credit_code=rival.credit_code.lower())
    return profile, app


@case(Rule.APPLICANT_REQUEST)
def employer_named_by_its_registered_name_only(w):
    app = w.applicant()
    rival = OrganizationFactory(name="青岛竞品科技有限公司")
    profile = ExpertProfileFactory(employer_name="竞品科技", employer_credit_code=rival.credit_code)
    _avoidance(app, organization_name="青岛竞品科技有限公司")
    return profile, app


@case(Rule.APPLICANT_REQUEST)
def employer_code_typed_in_the_name_box(w):
    app = w.applicant()
    rival = OrganizationFactory()
    profile = ExpertProfileFactory(employer_name=rival.name, employer_credit_code=rival.credit_code)
    _avoidance(app, organization_name=rival.credit_code)
    return profile, app


@case(Rule.APPLICANT_REQUEST)
def an_organisation_the_expert_left_within_the_look_back(w):
    app = w.applicant()
    rival = OrganizationFactory()
    profile = ExpertProfileFactory()
    past_job(profile, rival.name, rival.credit_code, FIRST_DAY_COUNTED)
    _avoidance(app, organization_credit_code=rival.credit_code)
    return profile, app


@case(Rule.APPLICANT_REQUEST)
def accepted_by_staff_and_linked_to_the_expert(w):
    app = w.applicant()
    profile = ExpertProfileFactory()
    request = _avoidance(app, expert_name="某专家")
    AvoidanceRequest.objects.filter(pk=request.pk).update(expert=profile.user, status=AvoidanceRequest.Status.ACCEPTED)
    return profile, app


@case(None)
def a_request_staff_rejected(w):
    app = w.applicant()
    profile = ExpertProfileFactory(user__full_name="欧阳明")
    request = _avoidance(app, expert_name="欧阳明")
    AvoidanceRequest.objects.filter(pk=request.pk).update(status=AvoidanceRequest.Status.REJECTED)
    return profile, app


@case(None)
def an_organisation_the_expert_left_before_the_look_back(w):
    app = w.applicant()
    rival = OrganizationFactory()
    profile = ExpertProfileFactory()
    past_job(profile, rival.name, rival.credit_code, DAY_BEFORE)
    _avoidance(app, organization_credit_code=rival.credit_code)
    return profile, app


@case(None)
def a_request_filed_on_another_dossier(w):
    app, other = w.applicant(), w.applicant()
    profile = ExpertProfileFactory(user__full_name="欧阳明")
    _avoidance(other, expert_name="欧阳明")
    return profile, app


@case(None)
def a_similar_but_different_name(w):
    app = w.applicant()
    profile = ExpertProfileFactory(user__full_name="欧阳明")
    _avoidance(app, expert_name="欧阳明远")
    return profile, app


@case(None)
def an_organisation_code_one_character_away(w):
    app = w.applicant()
    rival = OrganizationFactory()
    profile = ExpertProfileFactory(employer_name=rival.name, employer_credit_code=rival.credit_code)
    _avoidance(app, organization_credit_code=lookalike(rival.credit_code))
    return profile, app


# --- the two questions -----------------------------------------------------------------------


@pytest.fixture
def world(db):
    with time_machine.travel(TODAY, tick=False):
        yield World()


@pytest.mark.parametrize(("build", "rule"), CASES)
def test_detect_conflicts_catches_the_planted_and_spares_the_near_miss(world, build, rule):
    with time_machine.travel(TODAY, tick=False):
        profile, dossier = build(world)
        found = services.detect_conflicts([profile], [dossier])
    assert found.get((profile.user_id, services.dossier_key(dossier)), []) == ([rule] if rule else [])


@pytest.mark.parametrize(("build", "rule"), CASES)
def test_the_draw_keeps_out_the_planted_and_keeps_the_near_miss_a_candidate(world, build, rule):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    with time_machine.travel(TODAY, tick=False):
        profile, dossier = build(world)
        ExpertProfileFactory()  # someone clean, so the draw always has a candidate
        panel = services.create_panel(
            dossier.edition,
            stage="material_review",
            name="第一组",
            dossiers=[dossier],
            size=1,
            deadline=TODAY + dt.timedelta(days=10),
            actor=staff,
        )
        draw = services.draw_panel(panel, actor=staff, seed="planted")
    key = str(profile.user_id)
    if rule:
        assert (draw.excluded.get(key), profile.user_id in draw.candidate_ids) == ([rule], False)
    else:
        assert (draw.excluded.get(key), profile.user_id in draw.candidate_ids) == (None, True)


def test_every_rule_class_has_two_planted_cases_and_two_near_misses():
    planted: dict[str, int] = {}
    for param in CASES:
        _build, rule = param.values
        if rule:
            planted[rule] = planted.get(rule, 0) + 1
    near_misses = sum(1 for param in CASES if param.values[1] is None)
    checked = [Rule.SAME_EMPLOYER, Rule.FORMER_EMPLOYER, Rule.CONSULTANCY, Rule.SAME_GROUP]
    checked += [Rule.DECLARED, Rule.RECOMMENDER, Rule.APPLICANT_REQUEST]
    assert {rule: planted.get(rule, 0) >= 1 for rule in checked} == dict.fromkeys(checked, True)
    assert sum(planted.values()) >= 2 * 6 and near_misses >= 2 * 6
