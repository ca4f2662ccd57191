"""The city program's registration with the engine (docs/programs.md, docs/cities.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.models import NoticePage
from workflows.models import Program as ProgramRow
from workflows.permissions import is_secretariat
from workflows.programs import (
    CreditScreening,
    Program,
    ProgramStates,
    SurveyAttachment,
    TitleFollow,
    copy_title_end,
    deferred,
    register,
)
from workflows.staff_desks import StaffDesk, dossiers_needing, register_desk

from .models import NAMED_STATES, PUBLIC_STATES, SURVEY_STATES, City, CityRules, State


def _notify(city: City, log) -> None:
    """After commit, every transition: the city government hears of each step by email (once per log row)."""
    from .tasks import notify_city_government

    notify_city_government.delay(log.pk)


def _survey_rules(edition_id: int) -> tuple[int, int]:
    rules = CityRules.objects.filter(edition_id=edition_id).first()
    return (rules.survey_min_responses, rules.survey_points) if rules else (0, 0)


def register_cities() -> Program:
    register_desk(
        StaffDesk(
            "cities",
            _("示范城市管理"),
            "cities:staff_list",
            is_secretariat,
            lambda user: dossiers_needing(City, user),
            30,
            pages=("cities:staff_", "cities:decide_progress", "cities:survey_staff", "cities:survey_questionnaire"),
        )
    )
    return register(
        Program(
            key="cities",
            model=City,
            states=ProgramStates(
                disqualified=State.REJECTED,
                named=tuple(NAMED_STATES),
                revoked=State.REVOKED,
                expired=State.EXPIRED,
                defers_title_expiry=(State.RENEWAL_REVIEW,),
                public=tuple(PUBLIC_STATES),
                # The hearing's outcome (批准创建 or not) and the acceptance review's (拟命名 or not) are stage
                # results the secretariat releases (workflows/review/release.py); the city hears of them then.
                results_held_after=(State.HEARING, State.ACCEPTANCE_REVIEW),
                # The feedback report (workflows/review/feedback.py: the panels' bands, strengths and
                # opportunities) is due after a decision against the city, or once its notice closed.
                feedback_due=(
                    State.REJECTED,
                    State.CREATION_FAILED,
                    State.PENDING_APPROVAL,
                    *NAMED_STATES,
                    State.EXPIRED,
                    State.REVOKED,
                ),
            ),
            # What each held result writes: the panel's conclusion and the decision's letter and dates; the
            # acceptance scores. Applicant and public pages read them as None until the release.
            held_result_fields={
                State.HEARING: ("hearing_score", "approval_doc_no", "approved_on", "plan_due_on"),
                State.ACCEPTANCE_REVIEW: ("expert_score", "survey_score", "final_score"),
            },
            edition_kinds=(ProgramRow.Kind.QUALITY_CITY,),
            notice_page_kind=NoticePage.Kind.CITY,
            notice_subject="拟命名名单",
            titles_are_demonstrations=True,
            title_follow=TitleFollow(
                revoked="delist", expired="end_demonstration", renewed="renew", prepare=copy_title_end
            ),
            on_transition=_notify,
            search_types=deferred("cities.search_types:search_types"),
            call_terms=deferred("cities.selectors:call_terms"),
            call_rules_models=(CityRules,),
            staff_url=lambda city: reverse("cities:staff_city", args=[city.pk]),
            public_url=lambda city: reverse("cities:profile", args=[city.pk]) if city.state in PUBLIC_STATES else "",
            notice_profile=lambda city: city.public_profile,
            # From the recommendation to the hearing: a screening that has not passed holds back 批准创建.
            credit_screening=CreditScreening(states=(State.RECOMMENDED, State.HEARING), gates=("approve_creation",)),
            # The citizens' quality-satisfaction survey (workflows/surveys, docs/surveys.md).
            survey=SurveyAttachment(
                states=tuple(SURVEY_STATES),
                rules=_survey_rules,
                published=deferred("cities.selectors:survey_results_published"),
                member_case=deferred("cities.selectors:member_city"),
                member_url=lambda city: reverse("cities:workspace", args=[city.pk]),
            ),
            demo=deferred("cities.demo:seed"),
        )
    )
