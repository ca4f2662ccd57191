"""Every write on demonstration zones. Transitions go through workflows.services.perform_transition
(row lock, permission, guards, save, hash-chained log); emails and notices run after commit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts.models import Organization
from workflows import log_actions
from workflows.dates import add_months_local, add_years
from workflows.documents.models import Document
from workflows.documents.services import replace_document, store_document
from workflows.exceptions import (
    DeadlinePassed,
    NotEligible,
    NotPermitted,
    StaleState,
    TransitionNotAllowed,
    WorkflowError,
)
from workflows.services import append_transition_log, perform_transition
from workflows.workdays import end_of_day

from .indicators import MissingFigures, expert_framework_for, indicator_points
from .models import (
    CREATING_BODY_KINDS,
    CREATING_STATES,
    ExtensionRequest,
    IndicatorMethod,
    IndicatorScore,
    State,
    Zone,
    ZoneReminder,
    ZoneReport,
    ZoneRules,
    ZoneYearFigures,
)
from .permissions import is_creating_body_member, is_secretariat
from .selectors import ZONE_PROGRAM_KINDS

REFUSE_EXTENSION = log_actions.declare("refuse_extension", gettext_lazy("不予延期"))


class ZoneRulesMissing(WorkflowError):
    default_message = gettext_lazy("本届次尚未配置示范区规则（筹建期、示范期等），请先在后台录入。")


class FiguresMissing(WorkflowError):
    default_message = gettext_lazy("请先填报年度数据。")


class DocumentsMissing(WorkflowError):
    """Submission refused: the edition's required materials listed, each missing one named."""

    default_message = gettext_lazy("尚缺申报材料。")


class ExtensionAlreadyRequested(WorkflowError):
    default_message = gettext_lazy("筹建期只能申请延期一次。")


class ReportAlreadyFiled(WorkflowError):
    default_message = gettext_lazy("该年度的此类报告已提交。")


def rules_for(zone: Zone) -> ZoneRules:
    try:
        return zone.edition.zone_rules
    except ZoneRules.DoesNotExist:
        raise ZoneRulesMissing() from None


def _notify_creating_body(zone: Zone, subject: str, body: str) -> None:
    from .tasks import email_creating_body

    zone_id = zone.pk
    transaction.on_commit(lambda: email_creating_body.delay(zone_id, subject, body))


# --- the creating body ----------------------------------------------------------------------
def create_zone(
    *,
    edition,
    organization: Organization,
    actor,
    name: str,
    park_name: str,
    region_code: str,
    leading_industry: str,
    industry_code: str = "",
    area_km2: Decimal | None = None,
    summary: str = "",
) -> Zone:
    """Start a zone application (草稿) for a local government or park committee.

    Raises NotEligible (wrong kind of organisation or program), NotPermitted (not a member),
    DeadlinePassed (edition closed).
    """
    if organization.kind not in CREATING_BODY_KINDS:
        raise NotEligible(gettext("示范区须由地方人民政府或园区管理委员会申报。"))
    if edition.program.kind not in ZONE_PROGRAM_KINDS:
        raise NotEligible(gettext("该项目不是示范区项目。"))
    if not (actor and actor.is_authenticated and organization.memberships.filter(user=actor).exists()):
        raise NotPermitted()
    if not edition.is_open:
        raise DeadlinePassed(gettext("本届申报已截止或尚未开始。"))
    try:
        with transaction.atomic():
            return Zone.objects.create(
                edition=edition,
                organization=organization,
                created_by=actor,
                name=name,
                park_name=park_name,
                region_code=region_code,
                province_code=region_code[:2],
                leading_industry=leading_industry,
                industry_code=industry_code,
                area_km2=area_km2,
                summary=summary,
            )
    except IntegrityError:
        raise NotEligible(gettext("该园区本届已有申报。")) from None


FIGURE_STATES = [State.DRAFT, *CREATING_STATES, State.DEMONSTRATION, State.EXPIRY_REVIEW]


def record_year_figures(zone: Zone, *, actor, year: int, **figures) -> ZoneYearFigures:
    """File (or correct) one year's figures; only the creating body, only while it is building or demonstrating."""
    if not is_creating_body_member(zone, actor):
        raise NotPermitted()
    if zone.state not in FIGURE_STATES:
        raise TransitionNotAllowed(gettext("当前状态下不能填报年度数据。"))
    row, _ = ZoneYearFigures.objects.update_or_create(zone=zone, year=year, defaults=figures)
    return row


def submit_zone(zone: Zone, *, actor, expected_state: str | None = None) -> Zone:
    """Submit the application to the province. Needs an open edition, yearly figures and every document
    the edition's ZoneRules.required_documents lists (the call page shows the same list). Raises
    DeadlinePassed, FiguresMissing, DocumentsMissing (naming each missing one), NotPermitted, StaleState."""
    from .selectors import zone_documents

    def check(locked: Zone) -> None:
        if not locked.edition.is_open:
            raise DeadlinePassed(gettext("本届申报已截止。"))
        if not locked.year_figures.exists():
            raise FiguresMissing()
        missing = [gettext(str(required["label"])) for required, doc in zone_documents(locked) if doc is None]
        if missing:
            raise DocumentsMissing(
                gettext("尚缺申报材料：%(labels)s。请在“修改申请”页上传后再提交。") % {"labels": "、".join(missing)}
            )

    def number(locked: Zone, log) -> None:
        locked.reference_no = f"SFQ-{locked.edition.year}-{locked.pk:05d}"
        locked.save(update_fields=["reference_no", "updated_at"])

    locked, _ = perform_transition(
        zone, "submit", actor=actor, expected_state=expected_state, before=check, after=number
    )
    return locked


def upload_zone_document(zone: Zone, *, user, slot: str, uploaded_file) -> Document:
    """Attach (or replace) the draft's document in `slot`, one of the edition's required documents,
    through the document service (type, size and structure checked; S3 or local storage). Creating-body
    members only, drafts only. Raises NotPermitted, TransitionNotAllowed, DocumentRejected."""
    from .selectors import required_zone_documents

    if not is_creating_body_member(zone, user):
        raise NotPermitted()
    if zone.state != State.DRAFT:
        raise TransitionNotAllowed(gettext("只有草稿可以修改。"))
    if slot not in {required["slot"] for required in required_zone_documents(zone.edition)}:
        raise TransitionNotAllowed(gettext("未知的材料类别。"))
    current = Document.objects.owned_by(zone).current().filter(slot=slot).first()
    if current is not None:
        return replace_document(current, uploaded_file=uploaded_file, uploaded_by=user)
    return store_document(owner=zone, slot=slot, uploaded_file=uploaded_file, uploaded_by=user)


# The application fields the creating body may change while the zone is a draft.
DRAFT_FIELDS = ("name", "park_name", "region_code", "leading_industry", "industry_code", "area_km2", "summary")


def update_zone_draft(zone: Zone, *, actor, expected_state: str | None = None, **fields) -> Zone:
    """Change the application data of a draft. Creating-body members only.

    Raises NotPermitted, StaleState (the page was older than the zone), TransitionNotAllowed
    (no longer a draft), NotEligible (another application of the body already uses the park name).
    """
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"not draft fields: {sorted(unknown)}")
    if not is_creating_body_member(zone, actor):
        raise NotPermitted()
    try:
        with transaction.atomic():
            locked = Zone.objects.select_for_update().get(pk=zone.pk)
            if expected_state is not None and locked.state != expected_state:
                raise StaleState()
            if locked.state != State.DRAFT:
                raise TransitionNotAllowed(gettext("只有草稿可以修改。"))
            for field_name, value in fields.items():
                setattr(locked, field_name, value)
            locked.province_code = locked.region_code[:2]
            locked.save()
    except IntegrityError:
        raise NotEligible(gettext("该园区本届已有申报。")) from None
    zone.refresh_from_db()
    return locked


def withdraw_zone(zone: Zone, *, actor, reason: str = "", expected_state: str | None = None) -> Zone:
    """The creating body withdraws its application (any stage before recognition), with a reason."""
    if not reason.strip():
        raise WorkflowError(gettext("请填写撤回理由。"))
    locked, _ = perform_transition(zone, "withdraw", actor=actor, reason=reason.strip(), expected_state=expected_state)
    return locked


def file_report(zone: Zone, *, actor, kind: str, year: int, summary: str) -> ZoneReport:
    """Annual progress report or mid-term self-check while building; annual report while demonstrating."""
    if not is_creating_body_member(zone, actor):
        raise NotPermitted()
    allowed = (
        CREATING_STATES
        if kind in (ZoneReport.Kind.CREATION_PROGRESS, ZoneReport.Kind.MIDTERM_SELF_CHECK)
        else [State.DEMONSTRATION, State.EXPIRY_REVIEW]
    )
    if zone.state not in allowed:
        raise TransitionNotAllowed(gettext("当前阶段不能提交此类报告。"))
    if kind == ZoneReport.Kind.MIDTERM_SELF_CHECK and zone.reports.filter(kind=kind).exists():
        raise ReportAlreadyFiled(gettext("中期自查只需提交一次。"))
    try:
        with transaction.atomic():
            return ZoneReport.objects.create(zone=zone, kind=kind, year=year, summary=summary, submitted_by=actor)
    except IntegrityError:
        raise ReportAlreadyFiled() from None


def request_extension(zone: Zone, *, actor, reason: str) -> ExtensionRequest:
    """Ask once, before the creation deadline, for more time. Staff decide with decide_extension."""
    if not is_creating_body_member(zone, actor):
        raise NotPermitted()
    with transaction.atomic():
        locked = Zone.objects.select_for_update().get(pk=zone.pk)
        if locked.state != State.UNDER_CREATION:
            raise TransitionNotAllowed()
        if locked.creation_deadline and timezone.now() >= locked.creation_deadline:
            raise DeadlinePassed(gettext("筹建期已届满，不能再申请延期。"))
        if ExtensionRequest.objects.filter(zone=locked).exists():
            raise ExtensionAlreadyRequested()
        return ExtensionRequest.objects.create(zone=locked, reason=reason, requested_by=actor)


def decide_extension(zone: Zone, *, actor, grant: bool, note: str = "") -> ExtensionRequest:
    """Grant (deadline moves by the edition's extension length) or refuse; both are logged."""
    if not is_secretariat(zone, actor):
        raise NotPermitted()
    extension_months = rules_for(zone).extension_months
    with transaction.atomic():
        request = ExtensionRequest.objects.select_for_update().get(zone=zone)
        if request.decision != ExtensionRequest.Decision.PENDING:
            raise TransitionNotAllowed(gettext("该延期申请已有决定。"))
        request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note
        if grant:

            def move_deadline(locked: Zone) -> None:
                request.previous_deadline = locked.creation_deadline
                locked.creation_deadline = add_months_local(locked.creation_deadline, extension_months)
                request.new_deadline = locked.creation_deadline

            perform_transition(zone, "extend_creation", actor=actor, reason=note, before=move_deadline)
            request.decision = ExtensionRequest.Decision.GRANTED
        else:
            locked = Zone.objects.select_for_update().get(pk=zone.pk)
            append_transition_log(
                locked,
                transition=REFUSE_EXTENSION,
                from_state=locked.state,
                to_state=locked.state,
                actor=actor,
                reason=note,
            )
            request.decision = ExtensionRequest.Decision.REFUSED
        request.save()
        verdict = gettext("已批准") if grant else gettext("未批准")
        _notify_creating_body(zone, f"筹建延期申请{verdict}", note)
    zone.refresh_from_db()
    return request


def apply_for_acceptance(zone: Zone, *, actor) -> Zone:
    """File the acceptance application before the creation deadline; computed indicators score at once."""

    def check(locked: Zone) -> None:
        if locked.creation_deadline and timezone.now() >= locked.creation_deadline:
            raise DeadlinePassed(gettext("筹建期已届满。"))
        if not locked.year_figures.exists():
            raise FiguresMissing()
        locked.acceptance_applied_at = timezone.now()

    def score(locked: Zone, log) -> None:
        score_computed_indicators(locked)

    locked, _ = perform_transition(zone, "apply_for_acceptance", actor=actor, before=check, after=score)
    return locked


def resume_creation(zone: Zone, *, actor) -> Zone:
    locked, _ = perform_transition(zone, "resume_creation", actor=actor)
    return locked


# --- province and national authority -----------------------------------------------------
def recommend_zone(zone: Zone, *, actor, reason: str = "", expected_state: str | None = None) -> Zone:
    """The provincial recommender recommends the zone to the national authority.

    From `applied` the provincial review is opened first (both moves logged, one transaction).
    Recommenders of the zone's region only (the transitions' permission). Raises NotPermitted,
    StaleState, TransitionNotAllowed.
    """
    with transaction.atomic():
        if (expected_state or zone.state) == State.APPLIED:
            perform_transition(zone, "start_provincial_review", actor=actor, expected_state=State.APPLIED)
            expected_state = State.PROVINCIAL_REVIEW
        locked, _ = perform_transition(
            zone, "recommend", actor=actor, reason=reason, expected_state=expected_state, before=_within_quota
        )
    return locked


# Cases that used up one of their province's recommendations (a withdrawal gives it back).
NOT_RECOMMENDED_YET = [State.DRAFT, State.APPLIED, State.PROVINCIAL_REVIEW, State.NOT_RECOMMENDED, State.WITHDRAWN]


class QuotaReached(WorkflowError):
    pass


def _within_quota(locked: Zone) -> None:
    """The edition's per-province quota; the rules row is locked so two recommenders cannot both take the last place."""
    rules = ZoneRules.objects.select_for_update().filter(edition_id=locked.edition_id).first()
    if rules is None or not rules.provincial_quota:
        return
    used = (
        Zone.objects.filter(edition_id=locked.edition_id, province_code=locked.province_code)
        .exclude(state__in=NOT_RECOMMENDED_YET)
        .exclude(pk=locked.pk)
        .count()
    )
    if used >= rules.provincial_quota:
        raise QuotaReached(
            gettext("本省本届推荐名额（%(provincial_quota)s个）已用完。") % {"provincial_quota": rules.provincial_quota}
        )


def not_recommend_zone(zone: Zone, *, actor, reason: str, expected_state: str | None = None) -> Zone:
    """The provincial recommender declines to recommend; the reason is required and goes to the body."""
    if not reason.strip():
        raise WorkflowError(gettext("请填写不予推荐的理由。"))
    locked, _ = perform_transition(
        zone, "not_recommend", actor=actor, reason=reason.strip(), expected_state=expected_state
    )
    _notify_creating_body(locked, gettext("示范区未获推荐"), reason.strip())
    return locked


def reject_zone(zone: Zone, *, actor, reason: str, expected_state: str | None = None) -> Zone:
    """National review rejects the application (secretariat). The reason is required."""
    if not reason.strip():
        raise WorkflowError(gettext("请填写不予批准的理由。"))
    locked, _ = perform_transition(zone, "reject", actor=actor, reason=reason.strip(), expected_state=expected_state)
    _notify_creating_body(locked, gettext("示范区申请未获批准"), reason.strip())
    return locked


def transition_zone(zone: Zone, transition: str, *, actor, reason: str = "", expected_state: str | None = None) -> Zone:
    """Moves with no data of their own (start reviews, recommend, reject...)."""
    locked, _ = perform_transition(zone, transition, actor=actor, reason=reason, expected_state=expected_state)
    return locked


def approve_for_creation(
    zone: Zone, *, actor, approval_doc_no: str, reason: str = "", expected_state: str | None = None
) -> Zone:
    """Record the approval letter, set the creation deadline from the edition and start creation."""
    creation_years = rules_for(zone).creation_period_years
    if not approval_doc_no.strip():
        raise WorkflowError(gettext("请填写批准筹建文号。"))

    def record(locked: Zone) -> None:
        now = timezone.now()
        locked.approval_doc_no = approval_doc_no.strip()
        locked.approved_at = now
        locked.creation_deadline = end_of_day(add_years(timezone.localdate(now), creation_years))

    with transaction.atomic():
        perform_transition(
            zone, "approve_for_creation", actor=actor, reason=reason, before=record, expected_state=expected_state
        )
        locked, _ = perform_transition(zone, "start_creation", actor=actor, reason="批准筹建，进入筹建期")
        _notify_creating_body(
            locked,
            gettext("示范区已批准筹建"),
            gettext("筹建截止：%(localtime)s")
            % {"localtime": format(timezone.localtime(locked.creation_deadline), "%Y-%m-%d %H:%M")},
        )
    return locked


def return_with_feedback(zone: Zone, *, actor, feedback: str, expected_state: str | None = None) -> Zone:
    """Pre-check found conditions unmet: back to the creating body with improvement feedback."""
    if not feedback.strip():
        raise WorkflowError(gettext("请填写整改意见。"))
    locked, _ = perform_transition(
        zone, "return_with_feedback", actor=actor, reason=feedback, expected_state=expected_state
    )
    _notify_creating_body(locked, gettext("验收材料退回整改"), feedback)
    return locked


# --- indicators -----------------------------------------------------------------------------
def score_computed_indicators(zone: Zone) -> Decimal:
    """Score every computed indicator of the edition's framework from the filed figures.

    An indicator whose figures are missing scores 0 with the reason recorded, so the panel sees it.
    """
    framework_id = zone.edition.criteria_framework_id
    if framework_id is None:
        return Decimal("0")
    methods = IndicatorMethod.objects.filter(
        criterion__framework_id=framework_id, method=IndicatorMethod.Method.COMPUTED
    ).select_related("criterion")
    figures = {row.year: row for row in zone.year_figures.all()}
    total = Decimal("0")
    for method in methods:
        try:
            points, basis = indicator_points(method.criterion.max_points, method.spec, figures)
        except MissingFigures as missing:
            points, basis = Decimal("0.00"), gettext("缺少数据：%(missing)s") % {"missing": missing}
        IndicatorScore.objects.update_or_create(
            zone=zone,
            criterion=method.criterion,
            defaults={"points": points, "source": IndicatorScore.Source.COMPUTED, "basis": basis[:300]},
        )
        total += points
    Zone.objects.filter(pk=zone.pk).update(computed_score=total)
    zone.computed_score = total
    return total


class ExpertScoresMissing(WorkflowError):
    default_message = gettext_lazy("专家组评分尚未完成或尚未定稿。")


def open_indicator_review(zones, *, actor, name: str, deadline: dt.datetime, size: int | None = None):
    """Create the expert panel (workflows/review) for the zones' indicators that are not computed.

    Drawing experts, conflicts, queues, scorecards and aggregation are the review machinery's;
    the panel's framework is the expert-scored part of the edition's indicator tree.
    Raises TransitionNotAllowed (a zone not in expert assessment), NotPermitted, ReviewError.
    """
    from workflows.models import CriteriaFramework, Criterion
    from workflows.review.models import Stage
    from workflows.review.services import create_panel

    zones = list(zones)
    if not zones or any(zone.state != State.EXPERT_ASSESSMENT for zone in zones):
        raise TransitionNotAllowed(gettext("只能为专家评估阶段的示范区组建评审组。"))
    edition = zones[0].edition
    if edition.criteria_framework is None:
        raise ZoneRulesMissing(gettext("本届次尚未指定指标体系。"))
    if not is_secretariat(zones[0], actor):
        raise NotPermitted()
    try:
        with transaction.atomic():
            framework = expert_framework_for(edition.criteria_framework, CriteriaFramework, Criterion, IndicatorMethod)
            return create_panel(
                edition,
                stage=Stage.INDICATOR_REVIEW,
                name=name,
                dossiers=zones,
                deadline=deadline,
                actor=actor,
                size=size,
                specialty_codes=",".join(sorted({zone.industry_code for zone in zones if zone.industry_code})),
                framework=framework,
            )
    except ProtectedError:
        raise WorkflowError(gettext("指标评价方式已变更，但旧指标已有专家评分，不能再改。")) from None


def _panel_aggregate(zone: Zone) -> Decimal:
    """The zone's expert score as workflows/review aggregates it (the stage's aggregation method)."""
    from workflows.review.models import PanelDossier, Stage
    from workflows.review.selectors import rank_edition
    from workflows.review.services import review_settings_for

    content_type = ContentType.objects.get_for_model(Zone)
    dossier_rows = PanelDossier.objects.filter(
        content_type=content_type, object_id=zone.pk, panel__stage=Stage.INDICATOR_REVIEW
    )
    if not dossier_rows.exists() or dossier_rows.filter(panel__finalized_at__isnull=True).exists():
        raise ExpertScoresMissing()
    # The method in force for the indicator-review stage (a per-stage setting, else the edition's).
    method = review_settings_for(zone.edition).method_for(Stage.INDICATOR_REVIEW)
    for row in rank_edition(zone.edition, stages=[Stage.INDICATOR_REVIEW], with_labels=False):
        if (row.content_type_id, row.object_id) == (content_type.pk, zone.pk) and row.scores.get(method) is not None:
            return Decimal(str(row.scores[method])).quantize(Decimal("0.01"))
    raise ExpertScoresMissing()


def conclude_expert_assessment(zone: Zone, *, actor) -> Decimal:
    """Total = computed indicators + the panel's aggregated score; pass → proposed, else rejected.

    Secretariat or committee (the transitions' permissions). Raises ExpertScoresMissing,
    ZoneRulesMissing, NotPermitted, TransitionNotAllowed.
    """
    pass_score = rules_for(zone).acceptance_pass_score
    expert_score = _panel_aggregate(zone)
    with transaction.atomic():
        computed = score_computed_indicators(zone)
        total = computed + expert_score

        def record(locked: Zone) -> None:
            locked.computed_score, locked.expert_score, locked.final_score = computed, expert_score, total

        perform_transition(
            zone,
            "propose" if total >= pass_score else "reject",
            actor=actor,
            expected_state=State.EXPERT_ASSESSMENT,
            reason=f"验收得分 {total}（合格线 {pass_score}）",  # shown on the body's timeline: one language
            before=record,
        )
    return total


# --- notice, recognition, demonstration, exit ----------------------------------------------
def put_on_public_notice(zones, *, actor, start: dt.date | None = None):
    """Publish the acceptance results (≥5 working days per the edition) through workflows/notices."""
    from workflows.notices.services import open_public_notice

    zones = list(zones)
    title = f"{zones[0].edition.title}验收结果公示" if zones else ""
    return open_public_notice(zones, actor=actor, title=title, start=start)


def recognize_zone(zone: Zone, *, actor, document_no: str, approved_on: dt.date | None = None) -> Zone:
    """命名: record the decision through workflows/notices (which confers the Title), then start the
    demonstration period, whose end is the Title's validity (the edition's validity years).

    The zone must be pending approval (its notice closed with no objection upheld).
    """
    from workflows.notices.models import NoticeCandidate
    from workflows.notices.services import record_government_approval

    if not document_no.strip():
        raise WorkflowError(gettext("请填写命名文号。"))
    approved_on = approved_on or timezone.localdate()
    line = (
        NoticeCandidate.objects.filter(content_type=ContentType.objects.get_for_model(Zone), object_id=zone.pk)
        .order_by("-notice__opens_at", "-pk")
        .first()
    )
    if line is None:
        raise TransitionNotAllowed(gettext("该示范区尚未公示。"))
    with transaction.atomic():
        title = record_government_approval(
            line, approved=True, document_no=document_no.strip(), approved_on=approved_on, actor=actor
        )

        def open_period(locked: Zone) -> None:
            locked.recognition_doc_no = document_no.strip()
            locked.recognized_on = title.valid_from
            locked.demonstration_ends_on = title.valid_until

        locked, _ = perform_transition(
            zone, "start_demonstration", actor=actor, reason="命名，进入示范期", before=open_period
        )
        _notify_creating_body(
            locked,
            gettext("示范区已命名"),
            gettext("示范期至 %(demonstration_ends_on)s") % {"demonstration_ends_on": locked.demonstration_ends_on},
        )
    return locked


def zone_title(zone: Zone):
    from workflows.titles.models import Title

    return Title.objects.filter(content_type=ContentType.objects.get_for_model(Zone), object_id=zone.pk).first()


def renew_zone(zone: Zone, *, actor, reason: str = "", expected_state: str | None = None) -> Zone:
    """Expiry review passed: a new demonstration period (the edition's validity years) from the day after.

    The zone's Title is extended to the new end in the same transaction (workflows/titles
    extend_title), so the daily title-expiry job does not expire it at the old end.
    Secretariat only. Raises NotPermitted, StaleState, TransitionNotAllowed.
    """
    from workflows.titles.services import extend_title

    years = zone.edition.validity_years

    def extend(locked: Zone) -> None:
        start = locked.demonstration_ends_on + dt.timedelta(days=1)
        locked.demonstration_ends_on = add_years(start, years) - dt.timedelta(days=1)

    def extend_the_title(locked: Zone, log) -> None:
        title = zone_title(locked)
        if title is not None:
            extend_title(
                title,
                until=locked.demonstration_ends_on,
                actor=actor,
                reason=f"示范期满复核合格，示范期延至 {locked.demonstration_ends_on:%Y-%m-%d}。{reason}".strip(),
            )

    locked, _ = perform_transition(
        zone,
        "renew",
        actor=actor,
        reason=reason,
        expected_state=expected_state,
        before=extend,
        after=extend_the_title,
    )
    return locked


def expire_zone(zone: Zone, *, actor, reason: str, expected_state: str | None = None) -> Zone:
    """Expiry review failed: the zone leaves the programme and its Title expires in the same transaction.

    Secretariat only. Raises NotPermitted, StaleState, TransitionNotAllowed.
    """
    from workflows.titles.models import TitleState
    from workflows.titles.services import expire_title

    def end_the_title(locked: Zone, _log) -> None:
        title = zone_title(locked)
        if title is not None and title.state == TitleState.ACTIVE:
            expire_title(title, actor=actor, reason=f"期满复核不合格：{reason}".strip())

    locked, _ = perform_transition(
        zone, "expire", actor=actor, reason=reason, expected_state=expected_state, after=end_the_title
    )
    return locked


def revoke_zone(
    zone: Zone,
    *,
    actor,
    reason: str,
    trigger: str,
    authority: str,
    document_no: str,
    expected_state: str | None = None,
) -> Zone:
    """摘牌: revoke the zone's Title through workflows/titles (which records the decision, applies
    the edition's ban rule and publishes the revocation notice after commit) and delist the zone.
    """
    from workflows.titles.services import revoke_title

    if not (reason.strip() and document_no.strip() and authority.strip()):
        raise WorkflowError(gettext("请填写摘牌原因、决定机关和决定文号。"))

    def record(locked: Zone) -> None:
        locked.revoked_on = timezone.localdate()
        locked.revocation_reason = reason.strip()

    with transaction.atomic():
        locked, _ = perform_transition(
            zone,
            "revoke",
            actor=actor,
            reason=reason,
            attachments=[document_no],
            expected_state=expected_state,
            before=record,
        )
        title = zone_title(zone)
        if title is not None:
            revoke_title(
                title,
                trigger=trigger,
                reason=reason.strip(),
                authority=authority,
                document_no=document_no.strip(),
                decided_on=locked.revoked_on,
                actor=actor,
            )
    return locked


# --- scheduled work ---------------------------------------------------------------------------
def fail_overdue_creations(now: dt.datetime | None = None) -> list[int]:
    """Zones whose creation deadline passed without an acceptance application → creation_failed."""
    now = now or timezone.now()
    failed = []
    overdue = Zone.objects.filter(state__in=CREATING_STATES, creation_deadline__lte=now).values_list("pk", flat=True)
    for zone in Zone.objects.filter(pk__in=list(overdue)):
        try:
            perform_transition(
                zone,
                "fail_creation",
                actor=None,
                check_permission=False,
                reason=gettext("筹建期于 %(localtime)s 届满，未申请验收")
                % {"localtime": format(timezone.localtime(zone.creation_deadline), "%Y-%m-%d")},
            )
        except WorkflowError:
            continue  # moved on meanwhile (e.g. applied for acceptance): nothing to do
        _notify_creating_body(zone, gettext("示范区筹建逾期"), "筹建期已届满，未申请验收。")
        failed.append(zone.pk)
    return failed


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Remind creating bodies ahead of the creation deadline and the end of the demonstration period."""
    now = now or timezone.now()
    sent = 0
    candidates = Zone.objects.filter(
        state__in=[*CREATING_STATES, State.DEMONSTRATION], edition__zone_rules__isnull=False
    ).select_related("edition__zone_rules")
    for zone in candidates:
        lead = dt.timedelta(days=zone.edition.zone_rules.reminder_lead_days)
        if zone.state in CREATING_STATES and zone.creation_deadline:
            kind, due = ZoneReminder.Kind.CREATION_DEADLINE, zone.creation_deadline
        elif zone.state == State.DEMONSTRATION and zone.demonstration_ends_on:
            kind, due = ZoneReminder.Kind.DEMONSTRATION_END, end_of_day(zone.demonstration_ends_on)
        else:
            continue
        if not (now < due <= now + lead):
            continue
        with transaction.atomic():
            _, created = ZoneReminder.objects.get_or_create(zone=zone, kind=kind, due=due)
            if created:
                label = ZoneReminder.Kind(kind).label
                _notify_creating_body(
                    zone, gettext("提醒：%(label)s") % {"label": label}, f"{timezone.localtime(due):%Y-%m-%d %H:%M}"
                )
                sent += 1
    return sent
