"""The demonstration-zone program's registration with the engine (docs/programs.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.models import NoticePage
from workflows.models import Program as ProgramRow
from workflows.permissions import is_secretariat
from workflows.programs import CreditScreening, Program, ProgramStates, TitleFollow, copy_title_end, deferred, register
from workflows.staff_desks import StaffDesk, dossiers_needing, register_desk

from .models import PUBLIC_STATES, State, Zone, ZoneRules

# Transitions the engine makes (notices, titles) that the creating body hears about by email,
# with the email's subject. Moves made on the zone desk send their own, worded emails
# (brands/services.py); a move in neither list is internal.
ENGINE_EMAILS = {
    "open_public_notice": _("示范区验收结果公示"),
    "start_objection_review": _("示范区公示期间收到异议"),
    "resume_public_notice": _("异议核查完毕，恢复公示"),
    "close_public_notice": _("公示期满，待命名审定"),
    "decline_award": _("示范区未获命名"),
    "disqualify": _("示范区被取消资格"),
    "revoke": _("示范区已摘牌"),
    "end_demonstration": _("示范期满"),
}
# The acceptance result (the move out of the expert assessment): held until the secretariat releases
# the stage (workflows/review/release.py), then emailed by the release.
ACCEPTANCE_EMAILS = {
    "propose": _("示范区验收通过，待公示"),
    "reject": _("示范区验收未通过"),
}


def email_subject(log) -> str:
    """The subject of the creating body's email about this logged move; "" when the move sends none here."""
    if log.from_state == State.EXPERT_ASSESSMENT and log.transition in ACCEPTANCE_EMAILS:
        return str(ACCEPTANCE_EMAILS[log.transition])
    return str(ENGINE_EMAILS.get(log.transition, ""))


def _notify(zone: Zone, log) -> None:
    if email_subject(log):
        from .tasks import notify_zone_transition

        notify_zone_transition.delay(log.pk)


def register_zones() -> Program:
    register_desk(
        StaffDesk(
            "zones",
            _("示范区管理"),
            "brands:staff_list",
            is_secretariat,
            lambda user: dossiers_needing(Zone, user),
            20,
            pages=("brands:staff_",),
        )
    )
    return register(
        Program(
            key="zones",
            model=Zone,
            states=ProgramStates(
                disqualified=State.REJECTED,
                named=(State.RECOGNIZED, State.DEMONSTRATION, State.EXPIRY_REVIEW),
                revoked=State.REVOKED,
                expired=State.EXPIRED,
                defers_title_expiry=(State.EXPIRY_REVIEW,),
                public=tuple(PUBLIC_STATES),
                # The expert assessment's outcome (accepted → 拟命名, or not) is a stage result the
                # secretariat releases; the national approval is its own decision under a document number.
                results_held_after=(State.EXPERT_ASSESSMENT,),
                # After a decision against the zone, or once its notice closed (待命名审定 and later).
                feedback_due=(State.REJECTED, *PUBLIC_STATES[PUBLIC_STATES.index(State.PENDING_APPROVAL) :]),
            ),
            held_result_fields={State.EXPERT_ASSESSMENT: ("computed_score", "expert_score", "final_score")},
            edition_kinds=(ProgramRow.Kind.DEMONSTRATION_ZONE,),
            notice_page_kind=NoticePage.Kind.ZONE,
            notice_subject="验收结果",
            titles_are_demonstrations=True,
            title_follow=TitleFollow(
                revoked="revoke", expired="end_demonstration", renewed="renew", prepare=copy_title_end
            ),
            on_transition=_notify,
            search_types=deferred("brands.search_types:search_types"),
            call_terms=deferred("brands.selectors:call_terms"),
            document_labels=deferred("brands.selectors:document_labels"),
            call_rules_models=(ZoneRules,),
            staff_url=lambda zone: reverse("brands:staff_zone", args=[zone.pk]),
            public_url=lambda zone: reverse("brands:profile", args=[zone.pk]) if zone.state in PUBLIC_STATES else "",
            public_label=lambda zone: zone.public_label,
            notice_profile=lambda zone: zone.public_profile,
            # National review of the creating body: a screening that has not passed holds back 批准筹建.
            credit_screening=CreditScreening(states=(State.NATIONAL_REVIEW,), gates=("approve_for_creation",)),
            demo=deferred("brands.demo:seed"),
        )
    )
