"""Expert review writes, one module per sub-domain; this package re-exports their public API.

    conflicts   conflict-of-interest rules, declarations, staff overrides, avoidance requests
    draws       panels, the random stratified draw, declines, recusals and replacements
    scoring     scorecards, deviations from the median, amendments, finalising a panel
    consensus   the team leader's consensus score per item
    committee   the committee's secret ballot, which moves the dossier
    reminders   deadline reminders to experts
    pool        the expert pool's import from a spreadsheet, invitations and their acceptance

Call sites use either `from workflows.review import services; services.create_panel(...)` or the
sub-module directly (`from workflows.review.services.conflicts import detect_conflicts`).

Generic API: a *dossier* is any model instance with an integer pk and these attributes (duck typing,
nothing here imports a program app):

    dossier.organization   accounts.Organization (credit_code, group_name, region_code)
    dossier.edition        workflows.Edition
    dossier.state          FSM state; committee outcome calls perform_transition(dossier,
                           "propose", tier=...) or perform_transition(dossier, "eliminate")
    dossier.reference_no   optional; shown as the blind code

Typical flow (staff):
    panel = create_panel(edition, stage=Stage.MATERIAL_REVIEW, name="第一组", dossiers=[...],
                         deadline=..., actor=staff, framework=None)   # None → edition.criteria_framework
    draw_panel(panel, actor=staff, seed=None)    # seed recorded on the Draw; reproduce_draw(draw) re-runs it
    set_panel_leader(panel, leader_user, actor=staff)
Experts:
    declare_conflict(assignment, has_conflict=False, reason="", actor=expert)   # before any material
    save_scorecard(assignment, items={criterion_id: {"percentage": 70, "strengths": ..., ...}}, actor=expert)
    submit_scorecard(assignment, items=..., actor=expert)   # may raise DeviationReasonRequired(flagged)
Leader / staff:
    record_consensus(panel, dossier, items={criterion_id: (percentage, rationale)}, actor=leader)
    finalize_panel(panel, actor=staff)
    record_ballot(dossier, tier=..., members_present=..., votes_for=..., votes_against=..., abstentions=..., actor=...)
Aggregation, ranking and statistics are reads: see ../selectors.py (rank_edition, panel_statistics).

Zones reuse this by making their indicator tree a CriteriaFramework and naming it on the Panel.
"""

from ._common import dossier_key, review_settings_for
from .committee import record_ballot
from .conflicts import (
    Rule,
    add_declaration,
    conflicts_between,
    declare_conflict,
    detect_conflicts,
    file_avoidance_request,
    override_conflict,
    request_avoidance,
    set_availability,
)
from .consensus import record_consensus
from .draws import create_panel, decline_panel, draw_panel, recuse, reproduce_draw, run_draw, set_panel_leader
from .pool import (
    BadInvitationLink,
    PoolImportRejected,
    accept_invitation,
    import_experts,
    invited_user,
    resend_invitation,
    taken_emails,
)
from .reminders import ReminderOutcome, remind_panels, remind_unsubmitted
from .scoring import (
    decide_amendment,
    deviations_of,
    ensure_may_open,
    finalize_panel,
    justify_deviation,
    request_amendment,
    save_scorecard,
    scoring_items,
    submit_scorecard,
)

__all__ = [
    "BadInvitationLink",
    "ReminderOutcome",
    "remind_panels",
    "PoolImportRejected",
    "accept_invitation",
    "import_experts",
    "invited_user",
    "resend_invitation",
    "taken_emails",
    "Rule",
    "add_declaration",
    "conflicts_between",
    "create_panel",
    "decide_amendment",
    "declare_conflict",
    "decline_panel",
    "detect_conflicts",
    "deviations_of",
    "dossier_key",
    "draw_panel",
    "ensure_may_open",
    "file_avoidance_request",
    "finalize_panel",
    "justify_deviation",
    "override_conflict",
    "record_ballot",
    "record_consensus",
    "recuse",
    "remind_unsubmitted",
    "reproduce_draw",
    "request_amendment",
    "request_avoidance",
    "review_settings_for",
    "run_draw",
    "save_scorecard",
    "scoring_items",
    "set_availability",
    "set_panel_leader",
    "submit_scorecard",
]
