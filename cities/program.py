"""The city program's registration with the engine (docs/programs.md, docs/cities.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workflows.models import Program as ProgramRow
from workflows.permissions import is_secretariat
from workflows.programs import CreditScreening, Program, ProgramStates, TitleFollow, register
from workflows.staff_desks import StaffDesk, dossiers_needing, register_desk

from .models import NAMED_STATES, PUBLIC_STATES, City, CityRules, State


def _notify(city: City, log) -> None:
    """After commit, every transition: the city government hears of each step by email (once per log row)."""
    from .tasks import notify_city_government

    notify_city_government.delay(log.pk)


def _follow_title(city: City, event: str, detail) -> None:
    """Copy the title's decision onto the case before it follows (摘牌 date and reason, new end)."""
    if event == "revoked":
        city.revoked_on = detail.decided_on
        city.revocation_reason = detail.reason
    elif event == "renewed":
        city.demonstration_ends_on = detail


def _search_types():
    from .search_types import search_types

    return search_types()


def _call_terms(edition) -> dict:
    from .selectors import call_terms

    return call_terms(edition)


def _demo(stdout=None, people=None, programs=None) -> None:
    from .demo import seed

    seed(stdout, people=people, programs=programs)


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
            ),
            edition_kinds=(ProgramRow.Kind.QUALITY_CITY,),
            titles_are_demonstrations=True,
            title_follow=TitleFollow(
                revoked="delist", expired="end_demonstration", renewed="renew", prepare=_follow_title
            ),
            on_transition=_notify,
            search_types=_search_types,
            call_terms=_call_terms,
            call_rules_models=(CityRules,),
            staff_url=lambda city: reverse("cities:staff_city", args=[city.pk]),
            public_url=lambda city: reverse("cities:profile", args=[city.pk]) if city.state in PUBLIC_STATES else "",
            notice_profile=lambda city: city.public_profile,
            # From the recommendation to the hearing: a screening that has not passed holds back 批准创建.
            credit_screening=CreditScreening(states=(State.RECOMMENDED, State.HEARING), gates=("approve_creation",)),
            demo=_demo,
        )
    )
