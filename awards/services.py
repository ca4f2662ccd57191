"""Writes for award applications. Every state change goes through `_transition`, which calls
workflows.services.perform_transition (row lock, permission, guards, save, hash-chained log)
and schedules the notification task after commit.

Callers pass `expected_state` (the state the user saw) so a stale page raises StaleState.
All user-caused failures are WorkflowError subclasses with a bilingual `.message`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from accounts.models import Organization
from workflows import desks
from workflows.documents.models import Document
from workflows.documents.services import replace_document, store_document
from workflows.eligibility.models import EligibilityRule, RuleResult
from workflows.eligibility.rules import RuleOutcome, evaluate_rules
from workflows.eligibility.selectors import active_ban
from workflows.eligibility.services import record_review_result, record_rule_outcomes
from workflows.exceptions import (  # noqa: F401 (re-exported for callers)
    DeadlinePassed,
    NotEligible,
    NotPermitted,
    StaleState,
    TransitionNotAllowed,
    WorkflowError,
)
from workflows.models import Edition
from workflows.services import perform_transition
from workflows.workdays import CalendarDataMissing, add_working_days, edition_notice_window, end_of_day

from .models import PRE_AWARD_STATES, AwardApplication, PreliminaryReview, Section, State
from .permissions import is_applicant_member, is_recommender_for, is_secretariat
from .selectors import (
    applicant_facts,
    editable_sections,
    edition_settings,
    latest_qualification_findings,
    missing_items,
)

# An applicant may ask for experts to be avoided until the committee has decided: the pre-award
# states up to and including deliberation (not once proposed, refused, withdrawn or named).
AVOIDANCE_OPEN_STATES = tuple(PRE_AWARD_STATES[: PRE_AWARD_STATES.index(State.COMMITTEE_DELIBERATION) + 1])


class IncompleteApplication(WorkflowError):
    default_message = gettext_lazy("申报材料不完整。")


STALE_MESSAGE = gettext_lazy("此申报已被他人更改，请刷新页面后重试。")


# --- drafting ---------------------------------------------------------------------------
def start_application(*, edition: Edition, organization: Organization, user) -> AwardApplication:
    """Open a draft for the organisation (docs/domain.md, "Award application"). Returns the existing one if any.

    Raises NotPermitted (not a member), DeadlinePassed (edition not open), NotEligible (banned).
    """
    if not organization.memberships.filter(user=user).exists():
        raise NotPermitted()
    # A ban counts from its decision, also for editions still open, and is said before anything
    # else: pressing 开始填报 must never land silently on an old (revoked) application.
    ban = active_ban(organization, edition.program, timezone.localdate())
    if ban is not None:
        raise NotEligible(ban.applicant_message())
    existing = AwardApplication.objects.filter(edition=edition, organization=organization).first()
    if existing:
        return existing
    if not edition.is_open:
        raise DeadlinePassed(gettext("本届申报未开放或已截止。"))
    try:
        with transaction.atomic():
            return AwardApplication.objects.create(
                edition=edition,
                organization=organization,
                created_by=user,
                contact_name=organization.contact_name,
                contact_phone=organization.contact_phone,
                contact_email=user.email,
            )
    except IntegrityError:  # a colleague opened it a moment ago
        return AwardApplication.objects.get(edition=edition, organization=organization)


SECTION_FIELDS = {
    Section.BASIC: ["contact_name", "contact_phone", "contact_email", "employees", "main_products"],
    Section.PROFILE: ["profile"],
    Section.SELF_ASSESSMENT: ["self_assessment"],
    Section.KEY_FIGURES: ["key_figures"],
    Section.DECLARATIONS: ["declarations", "integrity_commitment", "integrity_signed_by"],
}


def save_draft(
    application: AwardApplication, *, user, data: dict[str, Any], expected_state: str | None = None
) -> AwardApplication:
    """Save the sections the applicant may still edit; other sections in `data` are ignored.

    Raises NotPermitted, StaleState (page out of date), TransitionNotAllowed (read-only now).
    """
    with transaction.atomic():
        locked = AwardApplication.objects.select_for_update().select_related("organization").get(pk=application.pk)
        if not is_applicant_member(locked, user):
            raise NotPermitted()
        if expected_state is not None and locked.state != expected_state:
            raise StaleState(STALE_MESSAGE)
        open_sections = editable_sections(locked)
        if not open_sections:
            raise TransitionNotAllowed(gettext("提交后申报内容不可修改。"))
        changed: list[str] = []
        for section, fields in SECTION_FIELDS.items():
            if section not in open_sections:
                continue
            for name in fields:
                if name in data:
                    setattr(locked, name, data[name])
                    changed.append(name)
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
    application.refresh_from_db()
    return locked


def upload_document(application: AwardApplication, *, user, slot: str, uploaded_file) -> Document:
    """Attach (or replace) the document in `slot`. Raises DocumentRejected, NotPermitted, TransitionNotAllowed."""
    if not is_applicant_member(application, user):
        raise NotPermitted()
    if Section.DOCUMENTS not in editable_sections(application):
        raise TransitionNotAllowed(gettext("当前不能修改申报材料。"))
    slots = {d["slot"] for d in edition_settings(application.edition).required_documents}
    if slot not in slots:
        raise TransitionNotAllowed(gettext("未知的材料类别。"))
    current = Document.objects.owned_by(application).current().filter(slot=slot).first()
    if current is not None:
        return replace_document(current, uploaded_file=uploaded_file, uploaded_by=user)
    return store_document(owner=application, slot=slot, uploaded_file=uploaded_file, uploaded_by=user)


# --- transitions ------------------------------------------------------------------------
# The applicant's and staff's emails are the program's after-commit hook (awards/program.py),
# which workflows.services.perform_transition runs for every transition.
def _transition(
    application: AwardApplication,
    name: str,
    *,
    actor,
    expected_state: str | None,
    reason: str = "",
    attachments: Iterable[str] = (),
    before=None,
    after=None,
    **kwargs,
) -> AwardApplication:
    try:
        locked, _log = perform_transition(
            application,
            name,
            actor=actor,
            reason=reason,
            attachments=attachments,
            expected_state=expected_state,
            before=before,
            after=after,
            **kwargs,
        )
    except StaleState:
        raise StaleState(STALE_MESSAGE) from None
    return locked


def _check_submission(locked: AwardApplication) -> list[RuleOutcome]:
    now = timezone.now()
    if locked.state == State.DRAFT and now >= locked.edition.closes_at:
        raise DeadlinePassed(
            gettext("申报已于%(localtime)s截止，不能再提交。")
            % {"localtime": format(timezone.localtime(locked.edition.closes_at), "%Y-%m-%d %H:%M")}
        )
    if (
        locked.state == State.RETURNED_FOR_CORRECTION
        and locked.correction_deadline
        and now >= locked.correction_deadline
    ):
        raise DeadlinePassed(
            gettext("补正期限已于%(localtime)s届满。")
            % {"localtime": format(timezone.localtime(locked.correction_deadline), "%Y-%m-%d %H:%M")}
        )
    ban = active_ban(locked.organization, locked.edition.program, timezone.localdate())
    if ban is not None:  # whatever rules the edition lists: a ban takes effect from its decision
        raise NotEligible(ban.applicant_message())
    problems = missing_items(locked)
    if problems:
        raise IncompleteApplication(" ".join(problems))
    outcomes = evaluate_rules(locked.edition, applicant_facts(locked))
    blocking = [o for o in outcomes if o.blocks_submission]
    if blocking:
        raise NotEligible(" ".join(o.detail for o in blocking))
    return outcomes


def submit_application(application: AwardApplication, *, user, expected_state: str | None) -> AwardApplication:
    """Submit a draft, or resubmit after correction. Validates everything and the eligibility rules.

    Raises DeadlinePassed, IncompleteApplication, NotEligible, NotPermitted, StaleState.
    """
    name = "resubmit" if application.state == State.RETURNED_FOR_CORRECTION else "submit"
    outcomes: list[RuleOutcome] = []

    def before(locked):
        outcomes.extend(_check_submission(locked))

    def after(locked, log):
        now = timezone.now()
        locked.submitted_at = now
        if not locked.reference_no:
            locked.reference_no = f"QA{locked.edition.year}-{locked.pk:05d}"
        locked.reopened_sections = []
        locked.save(update_fields=["submitted_at", "reference_no", "reopened_sections", "updated_at"])
        record_rule_outcomes(locked, outcomes, actor=user)

    return _transition(application, name, actor=user, expected_state=expected_state, before=before, after=after)


def withdraw_application(
    application: AwardApplication, *, user, expected_state: str | None, reason: str = ""
) -> AwardApplication:
    """The applicant's own withdrawal; the optional reason (500 characters at most) is kept in the audit log."""
    return _transition(application, "withdraw", actor=user, expected_state=expected_state, reason=reason.strip()[:500])


def record_preliminary_review(
    application: AwardApplication,
    *,
    user,
    complete: bool,
    authentic: bool,
    well_formed: bool,
    opinion: str,
    letter=None,
) -> PreliminaryReview:
    """The recommender's 初审, optionally with the sealed recommendation letter (stored as a document)."""
    if not is_recommender_for(application, user):
        raise NotPermitted()
    if application.state not in (State.SUBMITTED, State.RECOMMENDATION_NOTICE):
        raise TransitionNotAllowed()
    if not opinion.strip():
        raise IncompleteApplication(gettext("请填写初审意见。"))
    if letter is not None:
        current = Document.objects.owned_by(application).current().filter(slot="recommendation_letter").first()
        if current:
            replace_document(current, uploaded_file=letter, uploaded_by=user)
        else:
            store_document(owner=application, slot="recommendation_letter", uploaded_file=letter, uploaded_by=user)
    return PreliminaryReview.objects.create(
        application=application,
        reviewer=user,
        complete=complete,
        authentic=authentic,
        well_formed=well_formed,
        opinion=opinion.strip(),
    )


def _require_passed_preliminary_review(locked: AwardApplication) -> None:
    review = locked.preliminary_reviews.first()
    if review is None or not review.passed:
        raise NotEligible(gettext("推荐前须完成初审且初审通过。"))
    has_letter = Document.objects.owned_by(locked).current().filter(slot="recommendation_letter").exists()
    if not has_letter:
        raise IncompleteApplication(gettext("请上传盖章的推荐意见。"))


NOTICE_EVIDENCE_SLOT = "recommendation_notice_evidence"


def _require_finished_recommendation_notice(locked: AwardApplication) -> None:
    """After a 推荐公示: its last day is over and the recommender filed how it went (posting and outcome)."""
    until = locked.recommendation_notice_until
    if until is not None and timezone.localdate() <= until:
        raise NotEligible(gettext("推荐公示至%(until)s，期满后方可推荐。") % {"until": date_format(until, "DATE_FORMAT")})
    if not Document.objects.owned_by(locked).current().filter(slot=NOTICE_EVIDENCE_SLOT).exists():
        raise IncompleteApplication(gettext("请上传推荐公示情况（公示截图及结果说明）。"))


def recommend_application(
    application: AwardApplication, *, user, expected_state: str | None, reason: str = ""
) -> AwardApplication:
    """Recommend (after the internal notice when the edition has one). Needs a passed 初审 and the letter;
    after a notice also its end and the record of how it went."""
    after_notice = application.state == State.RECOMMENDATION_NOTICE
    if not after_notice and application.edition.has_recommendation_notice:
        raise TransitionNotAllowed(gettext("本届次须先进行推荐公示，期满后再推荐。"))

    def check(locked: AwardApplication) -> None:
        _require_passed_preliminary_review(locked)
        if after_notice:
            _require_finished_recommendation_notice(locked)

    return _transition(
        application,
        "recommend_after_notice" if after_notice else "recommend",
        actor=user,
        expected_state=expected_state,
        reason=reason,
        before=check,
    )


def file_recommendation_notice_evidence(application: AwardApplication, *, user, uploaded_file) -> Document:
    """The recommender's record of the 推荐公示 (screenshot of the posting, outcome); replaces an earlier one."""
    if not is_recommender_for(application, user):
        raise NotPermitted()
    if application.state != State.RECOMMENDATION_NOTICE:
        raise TransitionNotAllowed()
    earlier = Document.objects.owned_by(application).current().filter(slot=NOTICE_EVIDENCE_SLOT).first()
    if earlier is not None:
        return replace_document(earlier, uploaded_file=uploaded_file, uploaded_by=user)
    return store_document(owner=application, slot=NOTICE_EVIDENCE_SLOT, uploaded_file=uploaded_file, uploaded_by=user)


def open_recommendation_notice(application: AwardApplication, *, user, expected_state: str | None) -> AwardApplication:
    """Start the recommending body's notice today; its length follows the edition's notice rules."""
    edition = application.edition
    if not edition.has_recommendation_notice:
        raise TransitionNotAllowed(gettext("本届次未设推荐公示。"))

    def set_window(locked: AwardApplication) -> None:
        today = timezone.localdate()
        try:
            last = edition_notice_window(edition, today).last_day
        except CalendarDataMissing as exc:
            raise WorkflowError(str(exc)) from None
        locked.recommendation_notice_from = today
        locked.recommendation_notice_until = last

    return _transition(
        application, "open_recommendation_notice", actor=user, expected_state=expected_state, before=set_window
    )


def not_recommend_application(
    application: AwardApplication, *, user, expected_state: str | None, reason: str
) -> AwardApplication:
    if not reason.strip():
        raise IncompleteApplication(gettext("请说明不予推荐的理由。"))
    return _transition(application, "not_recommend", actor=user, expected_state=expected_state, reason=reason)


def correction_deadline_from(day: dt.date, edition: Edition) -> dt.datetime:
    """End of the last working day of the edition's correction window (the next day is day one)."""
    try:
        last = add_working_days(day, edition.correction_days, start_day_counts=False)
    except CalendarDataMissing as exc:
        raise WorkflowError(str(exc)) from None
    return end_of_day(last)


def return_for_correction(
    application: AwardApplication,
    *,
    user,
    expected_state: str | None,
    defects: str,
    sections: Iterable[str],
) -> AwardApplication:
    """Send the dossier back with the list of defects; reopens only the named sections."""
    reopened = [s for s in sections if s in Section.values]
    if not defects.strip() or not reopened:
        raise IncompleteApplication(gettext("请列明需补正的问题并选择需重新开放的部分。"))
    deadline = correction_deadline_from(timezone.localdate(), application.edition)

    def after(locked, log):
        locked.correction_defects = defects.strip()
        locked.reopened_sections = reopened
        locked.correction_deadline = deadline
        locked.save(update_fields=["correction_defects", "reopened_sections", "correction_deadline", "updated_at"])

    return _transition(
        application, "return_for_correction", actor=user, expected_state=expected_state, reason=defects, after=after
    )


def _refuse_banned(locked: AwardApplication) -> None:
    # A ban counts from its decision, also for dossiers already recommended (docs/bans.md).
    ban = active_ban(locked.organization, locked.edition.program, timezone.localdate())
    if ban is not None:
        raise NotEligible(gettext("该单位处于禁止申报期，不予受理。原因：%(reason)s") % {"reason": ban.reason})


def accept_application(application: AwardApplication, *, user, expected_state: str | None) -> AwardApplication:
    """受理 by the secretariat; refused (NotEligible) while the organisation is banned."""
    return _transition(application, "accept", actor=user, expected_state=expected_state, before=_refuse_banned)


def record_qualification_result(
    application: AwardApplication, *, user, rule: EligibilityRule, passed: bool, detail: str, evidence=None
) -> RuleResult:
    """The secretariat's finding on one rule at qualification review; evidence file optional."""
    if not is_secretariat(application, user):
        raise NotPermitted()
    if application.state != State.ACCEPTED:
        raise TransitionNotAllowed()
    if rule.edition_id != application.edition_id:
        raise TransitionNotAllowed()
    if not detail.strip():
        raise IncompleteApplication(gettext("请填写审查说明。"))
    document = None
    if evidence is not None:
        document = store_document(
            owner=application, slot=f"eligibility_{rule.pk}", uploaded_file=evidence, uploaded_by=user
        )
    return record_review_result(
        application, rule=rule, passed=passed, detail=detail.strip(), reviewer=user, evidence_document=document
    )


def _require_all_hard_rules_passed(locked: AwardApplication) -> None:
    findings = latest_qualification_findings(locked)
    hard = [r for r in locked.edition.eligibility_rules.all() if r.is_hard]
    unreviewed = [r for r in hard if r.pk not in findings]
    if unreviewed:
        names = "、".join(str(r.get_rule_type_display()) for r in unreviewed)
        raise IncompleteApplication(gettext("以下条件尚未审查：%(names)s。") % {"names": names})
    failed = [r for r in hard if findings[r.pk].outcome != RuleResult.Outcome.PASSED]
    if failed:
        raise NotEligible(gettext("有硬性条件未通过，应判定为不符合。"))


def _require_a_failed_rule(locked: AwardApplication) -> None:
    findings = latest_qualification_findings(locked)
    if not any(f.outcome == RuleResult.Outcome.FAILED for f in findings.values()):
        raise IncompleteApplication(gettext("请先记录未通过的条件。"))


def qualify_application(application: AwardApplication, *, user, expected_state: str | None) -> AwardApplication:
    return _transition(
        application, "qualify", actor=user, expected_state=expected_state, before=_require_all_hard_rules_passed
    )


def declare_ineligible(
    application: AwardApplication, *, user, expected_state: str | None, reason: str
) -> AwardApplication:
    return _transition(
        application,
        "declare_ineligible",
        actor=user,
        expected_state=expected_state,
        reason=reason,
        before=_require_a_failed_rule,
    )


def start_material_review(application: AwardApplication, *, user, expected_state: str | None) -> AwardApplication:
    return _transition(application, "start_material_review", actor=user, expected_state=expected_state)


def advance_from_material_review(
    application: AwardApplication, *, user, expected_state: str | None
) -> AwardApplication:
    """To defence, site review or comprehensive evaluation, skipping stages the edition switches off."""
    return _transition(application, "advance_from_material_review", actor=user, expected_state=expected_state)


def advance_from_defence(application: AwardApplication, *, user, expected_state: str | None) -> AwardApplication:
    return _transition(application, "advance_from_defence", actor=user, expected_state=expected_state)


def advance_from_site_review(application: AwardApplication, *, user, expected_state: str | None) -> AwardApplication:
    return _transition(application, "advance_from_site_review", actor=user, expected_state=expected_state)


def start_committee_deliberation(
    application: AwardApplication, *, user, expected_state: str | None
) -> AwardApplication:
    return _transition(application, "start_committee_deliberation", actor=user, expected_state=expected_state)


def eliminate_application(
    application: AwardApplication, *, user, expected_state: str | None, reason: str
) -> AwardApplication:
    return _transition(application, "eliminate", actor=user, expected_state=expected_state, reason=reason)


def disqualify_application(
    application: AwardApplication, *, user, expected_state: str | None, reason: str
) -> AwardApplication:
    if not reason.strip():
        raise IncompleteApplication(gettext("请说明取消资格的理由。"))
    return _transition(application, "disqualify", actor=user, expected_state=expected_state, reason=reason)


# Desk buttons whose transition has its own service; the others need only the transition
# (awards/models.py, `on_desk`).
_DESK_SERVICES = {
    "accept": accept_application,
    "qualify": qualify_application,
    "declare_ineligible": declare_ineligible,
    "disqualify": disqualify_application,
}


def perform_desk_action(
    application: AwardApplication, name: str, *, user, expected_state: str | None, reason: str = ""
) -> AwardApplication:
    """Perform a secretariat desk button: one of the transitions the model marks for the desk.

    Raises TransitionNotAllowed for a name that is not a desk button, IncompleteApplication for a
    button that needs a reason given none, and whatever the transition's service raises
    (NotPermitted, StaleState, NotEligible, IncompleteApplication...).
    """
    action = desks.declared(AwardApplication).get(name)
    if action is None:
        raise TransitionNotAllowed()
    kwargs = {"reason": reason} if action.needs_reason else {}
    service = _DESK_SERVICES.get(action.transition)
    if service is not None:
        return service(application, user=user, expected_state=expected_state, **kwargs)
    if action.needs_reason and not reason.strip():
        raise IncompleteApplication(gettext("请填写理由。"))
    return _transition(application, action.transition, actor=user, expected_state=expected_state, **kwargs)


def expire_overdue_corrections(now=None) -> list[int]:
    """Applications whose correction window ended without resubmission become not recommended.

    Run by the scheduler (awards.tasks.expire_overdue_corrections); the system is the actor, so
    the role check is skipped but the row lock, state check and log are the usual ones.
    """
    moment = now or timezone.now()
    overdue = AwardApplication.objects.filter(
        state=State.RETURNED_FOR_CORRECTION, correction_deadline__lte=moment
    ).values_list("pk", flat=True)
    expired: list[int] = []
    for pk in overdue:
        application = AwardApplication.objects.get(pk=pk)
        try:
            perform_transition(
                application,
                "not_recommend",
                actor=None,
                reason=gettext("补正期限届满未重新提交。"),
                expected_state=State.RETURNED_FOR_CORRECTION,
                check_permission=False,
            )
        except StaleState:
            continue  # resubmitted a moment ago
        expired.append(pk)
    return expired
