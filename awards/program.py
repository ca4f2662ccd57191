"""The award program's registration with the engine (docs/programs.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workflows.models import Program as ProgramRow
from workflows.permissions import is_secretariat
from workflows.programs import CreditScreening, Program, ProgramStates, TitleFollow, deferred, register
from workflows.staff_desks import StaffDesk, dossiers_needing, register_desk

from .models import AwardApplication, AwardEditionSettings, State


def _notify(application: AwardApplication, log) -> None:
    """After commit, for every transition: the applicant's status email and staff alerts (awards/tasks.py)."""
    from .tasks import notify_transition

    notify_transition.delay(log.pk)


def _search_types():
    from .search_types import search_types

    return search_types()


def _call_terms(edition) -> dict:
    from .selectors import call_terms

    return call_terms(edition)


def _demo(stdout=None, people=None, programs=None) -> None:
    from .demo import seed

    seed(stdout, people=people, programs=programs)


def register_awards() -> Program:
    register_desk(
        StaffDesk(
            "awards",
            _("质量奖申报管理"),
            "awards:staff_list",
            is_secretariat,
            lambda user: dossiers_needing(AwardApplication, user),
            10,
            pages=("awards:staff_", "awards:detail", "awards:qualification", "awards:credit_"),
        )
    )
    return register(
        Program(
            key="awards",
            model=AwardApplication,
            states=ProgramStates(
                panel_stages=(State.MATERIAL_REVIEW, State.DEFENCE, State.SITE_REVIEW),
                named=(State.AWARDED,),
                revoked=State.REVOKED,
                expired=State.EXPIRED,
                results_held_after=(
                    State.MATERIAL_REVIEW,
                    State.DEFENCE,
                    State.SITE_REVIEW,
                    State.COMPREHENSIVE_EVALUATION,
                    State.COMMITTEE_DELIBERATION,
                ),
                feedback_due=(
                    State.PENDING_APPROVAL,
                    State.AWARDED,
                    State.NOT_AWARDED,
                    State.ELIMINATED,
                    State.REVOKED,
                    State.EXPIRED,
                ),
            ),
            edition_kinds=(ProgramRow.Kind.QUALITY_AWARD,),
            title_follow=TitleFollow(revoked="revoke", expired="expire"),
            on_transition=_notify,
            search_types=_search_types,
            call_terms=_call_terms,
            document_labels=deferred("awards.selectors:document_labels"),
            call_rules_models=(AwardEditionSettings,),
            staff_url=lambda application: reverse("awards:detail", args=[application.pk]),
            public_label=lambda application: application.public_label,
            notice_profile=lambda application: application.profile,
            # Qualification review (受理后资格审查): a screening that has not passed holds back 资格审查通过.
            credit_screening=CreditScreening(
                states=(State.ACCEPTED,),
                gates=("qualify",),
                page_url=lambda application: reverse("awards:qualification", args=[application.pk]),
            ),
            demo=_demo,
            personal_fields=(
                "contact_name",
                "contact_phone",
                "contact_email",
                "integrity_signed_by",
                "correction_defects",
            ),
        )
    )
