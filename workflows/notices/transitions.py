"""The public notice's and the naming's transitions, declared afresh on a program's dossier model.

workflows/notices and `record_government_approval` call these names (docs/programs.md, transition names
the engine calls). django-fsm binds a decorated method to the first model's field when it collects the
transitions (`_django_fsm.field`), so two models cannot share one set by inheritance: a program calls
`notice_transitions(state, …)` in its model's class body and gets new methods bound to its own field.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from workflows.log_actions import labelled
from workflows.permissions import is_committee_or_secretariat, is_secretariat


def notice_transitions(
    field,
    *,
    named: str,
    notice_button,
    naming_button,
    proposed: str = "proposed",
    on_notice: str = "public_notice",
    under_objection: str = "objection_review",
    pending_approval: str = "pending_approval",
    rejected: str = "rejected",
):
    """(open_public_notice, start_objection_review, resume_public_notice, close_public_notice, award,
    decline_award, disqualify) on `field`: proposed → on notice ⇄ under objection → pending approval →
    named (the title is conferred) or rejected; disqualified from any of the four. The state ids default to
    ProgramStates' names (docs/programs.md, "State groups"). `notice_button` and
    `naming_button` are the desk's buttons (workflows.desks.on_desk) for the first step and the naming."""

    @transition(field=field, source=proposed, target=on_notice, permission=is_secretariat, custom=notice_button)
    def open_public_notice(self):
        pass

    @transition(
        field=field,
        source=on_notice,
        target=under_objection,
        permission=is_secretariat,
        custom=labelled(_("异议核查")),
    )
    def start_objection_review(self):
        pass

    @transition(
        field=field,
        source=under_objection,
        target=on_notice,
        permission=is_secretariat,
        custom=labelled(_("异议核查后恢复公示")),
    )
    def resume_public_notice(self):
        pass

    @transition(
        field=field,
        source=on_notice,
        target=pending_approval,
        permission=is_secretariat,
        custom=labelled(_("公示期满")),
    )
    def close_public_notice(self):
        pass

    @transition(field=field, source=pending_approval, target=named, permission=is_secretariat, custom=naming_button)
    def award(self):
        """命名: record_government_approval calls this and confers the Title."""

    @transition(
        field=field,
        source=pending_approval,
        target=rejected,
        permission=is_secretariat,
        custom=labelled(_("不予命名")),
    )
    def decline_award(self):
        pass

    @transition(
        field=field,
        source=[proposed, on_notice, under_objection, pending_approval],
        target=rejected,
        permission=is_committee_or_secretariat,
        custom=labelled(_("取消资格")),
    )
    def disqualify(self):
        pass

    return (
        open_public_notice,
        start_objection_review,
        resume_public_notice,
        close_public_notice,
        award,
        decline_award,
        disqualify,
    )
