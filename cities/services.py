"""Every write on city cases. Transitions go through workflows.services.perform_transition
(row lock, permission, guards, save, hash-chained log); emails run after commit (cities/program.py).
Durations come from the edition's CityRules (docs/cities.md).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Organization
from workflows.exceptions import (
    DeadlinePassed,
    NotEligible,
    NotPermitted,
    StaleState,
    TransitionNotAllowed,
    WorkflowError,
)
from workflows.models import Program
from workflows.services import perform_transition

from .models import City, CityRules, CityYearFigures, PlanItem, State
from .permissions import is_city_government

PROFILE_YEARS = 3  # the application form asks for the three years before the edition (docs/cities.md)


class CityRulesMissing(WorkflowError):
    pass


def rules_for(city: City) -> CityRules:
    try:
        return city.edition.city_rules
    except CityRules.DoesNotExist:
        raise CityRulesMissing(_("本届次尚未配置示范城市规则，请先在后台录入。")) from None


def profile_years(edition) -> list[int]:
    return [edition.year - offset for offset in range(PROFILE_YEARS, 0, -1)]


# --- the city government ------------------------------------------------------------------------
def create_city(*, edition, organization: Organization, actor, **profile) -> City:
    """Start a city's application (草稿). Only a city government's member, in an open city edition,
    not under a ban on re-applying (workflows/eligibility, e.g. after 摘牌).

    Raises NotEligible, NotPermitted, DeadlinePassed.
    """
    from workflows.dates import local_today
    from workflows.eligibility.selectors import active_ban

    if organization.kind != Organization.Kind.LOCAL_GOVERNMENT:
        raise NotEligible(_("示范城市须由城市人民政府申报。"))
    if edition.program.kind != Program.Kind.QUALITY_CITY:
        raise NotEligible(_("该项目不是质量强市示范城市项目。"))
    if not (actor and actor.is_authenticated and organization.memberships.filter(user=actor).exists()):
        raise NotPermitted()
    if not edition.is_open:
        raise DeadlinePassed(_("本届申报已截止或尚未开始。"))
    ban = active_ban(organization, edition.program, local_today())
    if ban is not None:
        raise NotEligible(ban.applicant_message())
    try:
        with transaction.atomic():
            return City.objects.create(
                edition=edition,
                organization=organization,
                created_by=actor,
                province_code=profile["region_code"][:2],
                **profile,
            )
    except IntegrityError:
        raise NotEligible(_("本单位本届已有申报。")) from None


DRAFT_FIELDS = ("name", "city_type", "region_code", "population_10k", "summary")


def update_city_draft(city: City, *, actor, expected_state: str | None = None, **fields) -> City:
    """Change a draft's profile. City-government members only; raises NotPermitted, StaleState, TransitionNotAllowed."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"not draft fields: {sorted(unknown)}")
    if not is_city_government(city, actor):
        raise NotPermitted()
    with transaction.atomic():
        locked = City.objects.select_for_update().get(pk=city.pk)
        if expected_state is not None and locked.state != expected_state:
            raise StaleState()
        if locked.state != State.DRAFT:
            raise TransitionNotAllowed(_("只有草稿可以修改。"))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.province_code = locked.region_code[:2]
        locked.save()
    return locked


def record_year_figures(city: City, *, actor, year: int, **figures) -> CityYearFigures:
    """File (or correct) one of the three profile years; only in the draft."""
    if not is_city_government(city, actor):
        raise NotPermitted()
    if city.state != State.DRAFT:
        raise TransitionNotAllowed(_("只有草稿可以修改年度数据。"))
    if year not in profile_years(city.edition):
        years = "、".join(str(y) for y in profile_years(city.edition))
        raise WorkflowError(_("年度须为申报前三年之一：%(years)s。") % {"years": years})
    row, _created = CityYearFigures.objects.update_or_create(city=city, year=year, defaults=figures)
    return row


def missing_profile_years(city: City) -> list[int]:
    filed = set(city.year_figures.values_list("year", flat=True))
    return [year for year in profile_years(city.edition) if year not in filed]


def submit_city(city: City, *, actor, expected_state: str | None = None) -> City:
    """Submit to the provincial leading group. Needs the three years' figures and an open edition."""

    def check(locked: City) -> None:
        if not locked.edition.is_open:
            raise DeadlinePassed(_("本届申报已截止。"))
        missing = missing_profile_years(locked)
        if missing:
            years = "、".join(str(y) for y in missing)
            raise WorkflowError(_("请先填报 %(years)s 年度数据。") % {"years": years})

    def number(locked: City, _log) -> None:
        locked.reference_no = f"ZLQS-{locked.edition.year}-{locked.pk:05d}"
        locked.save(update_fields=["reference_no", "updated_at"])

    locked, _log = perform_transition(
        city, "submit", actor=actor, expected_state=expected_state, before=check, after=number
    )
    return locked


# --- desk moves -----------------------------------------------------------------------------------
REASON_REQUIRED = {"withdraw", "not_recommend", "reject", "expire", "return_plan"}


def transition_city(city: City, transition: str, *, actor, reason: str = "", expected_state: str | None = None) -> City:
    """A move with no data of its own beyond the reason (recommend, not_recommend, withdraw, reject...)."""
    reason = reason.strip()
    if transition in REASON_REQUIRED and not reason:
        raise WorkflowError(_("请填写理由。"))

    def record(locked: City) -> None:
        if transition == "recommend":
            locked.recommendation_opinion = reason

    def reopen(locked: City, _log) -> None:
        # After the move: the transition's condition needs the plan still filed.
        if transition == "return_plan":  # the city revises and files it again
            locked.plan_submitted_at = None
            locked.save(update_fields=["plan_submitted_at", "updated_at"])

    locked, _log = perform_transition(
        city, transition, actor=actor, reason=reason, expected_state=expected_state, before=record, after=reopen
    )
    return locked


# --- 申述答辩 hearing (workflows/review: the draw, conflicts, scorecards, the leader's consensus) ---
def start_hearing(city: City, *, actor, name: str, deadline, size: int | None = None, expected_state=None):
    """Move a recommended city to its hearing and create the hearing panel on the engine's review
    (stage 陈述答辩, the edition's hearing framework). The experts are drawn next on the review desk,
    where the draw keeps out conflicted experts. Returns the panel; nothing is written on error."""
    from workflows.review.models import Stage
    from workflows.review.services import create_panel

    framework = rules_for(city).hearing_framework
    with transaction.atomic():
        locked, _log = perform_transition(
            city, "start_hearing", actor=actor, expected_state=expected_state, reason=name.strip()
        )
        return create_panel(
            locked.edition,
            stage=Stage.DEFENCE,
            name=name.strip(),
            dossiers=[locked],
            deadline=deadline,
            actor=actor,
            size=size,
            framework=framework,
        )


def approve_creation(
    city: City, *, actor, approval_doc_no: str, approved_on, reason: str = "", expected_state=None
) -> City:
    """批准创建 after the hearing: needs the leader's consensus on every hearing part and a total at
    or above the edition's pass score; records the letter and the creation plan's deadline
    (the edition's months from approval, workflows/dates.add_months)."""
    from workflows.dates import add_months

    from .selectors import hearing_result

    rules = rules_for(city)
    result = hearing_result(city)
    if result is None or not result.complete:
        raise WorkflowError(_("专家组组长尚未记录全部答辩环节的合议结论。"))
    if result.total < rules.hearing_pass_score:
        raise WorkflowError(
            _("答辩合议得分 %(score)s 低于合格分 %(pass)s，不能批准创建。")
            % {"score": result.total, "pass": rules.hearing_pass_score}
        )

    def record(locked: City) -> None:
        locked.hearing_score = result.total
        locked.approval_doc_no = approval_doc_no.strip()
        locked.approved_on = approved_on
        locked.plan_due_on = add_months(approved_on, rules.plan_due_months)

    default = _("批准创建，文号 %(no)s。") % {"no": approval_doc_no.strip()}
    locked, _log = perform_transition(
        city,
        "approve_creation",
        actor=actor,
        reason=reason.strip() or default,
        expected_state=expected_state,
        before=record,
    )
    return locked


# --- the creation plan (创建方案) ---------------------------------------------------------------
def _plan_editable(city: City, actor) -> None:
    if not is_city_government(city, actor):
        raise NotPermitted()
    if city.state != State.PLANNING or city.plan_submitted_at is not None:
        raise TransitionNotAllowed(_("创建方案已提交或不在编制阶段，不能修改。"))


def add_plan_item(city: City, *, actor, **fields) -> PlanItem:
    """A line of the plan, while the city is drafting it (批准创建, plan not yet submitted)."""
    _plan_editable(city, actor)
    item = PlanItem(city=city, **fields)
    item.full_clean()
    item.save()
    return item


def remove_plan_item(city: City, *, actor, item_id: int) -> None:
    _plan_editable(city, actor)
    city.plan_items.filter(pk=item_id).delete()


def submit_plan(city: City, *, actor) -> City:
    """The city government files its plan for the secretariat; it needs at least one quantitative
    indicator. Filing after the deadline is allowed and shown as late (the daily check marks it)."""
    from django.utils import timezone

    _plan_editable(city, actor)
    if not city.plan_items.filter(kind=PlanItem.Kind.INDICATOR).exists():
        raise WorkflowError(_("创建方案至少须有一项量化指标。"))
    with transaction.atomic():
        updated = City.objects.filter(pk=city.pk, state=State.PLANNING, plan_submitted_at__isnull=True).update(
            plan_submitted_at=timezone.now()
        )
        if not updated:
            raise StaleState()
    city.refresh_from_db()
    return city


def approve_plan(city: City, *, actor, reason: str = "", expected_state=None) -> City:
    """The secretariat accepts the filed plan: the creation period runs from today for the edition's
    creation_period_years (workflows.dates.add_years)."""
    from workflows.dates import add_years, local_today

    rules = rules_for(city)

    def record(locked: City) -> None:
        if locked.plan_submitted_at is None:
            raise WorkflowError(_("城市尚未提交创建方案。"))
        locked.creation_starts_on = local_today()
        locked.creation_ends_on = add_years(locked.creation_starts_on, rules.creation_period_years)

    locked, _log = perform_transition(
        city, "approve_plan", actor=actor, reason=reason.strip(), expected_state=expected_state, before=record
    )
    return locked


# --- the daily creation-deadline check ------------------------------------------------------------
def fail_overdue_creations(today=None) -> list[int]:
    """Cities whose creation period ended (creation_ends_on before today, Shanghai) still in
    `creating`, with no acceptance application, move to creation_failed through perform_transition
    (logged; the program's after-commit hook emails the city government). Idempotent: the Celery
    beat task runs it daily; a case that moved on meanwhile is skipped. Returns the failed ids."""
    from workflows.dates import local_today

    today = today or local_today()
    failed = []
    overdue = City.objects.filter(state=State.CREATING, creation_ends_on__lt=today).values_list("pk", flat=True)
    for city in City.objects.filter(pk__in=list(overdue)):
        try:
            perform_transition(
                city,
                "fail_creation",
                actor=None,
                check_permission=False,
                expected_state=State.CREATING,
                reason=_("创建期于 %(end)s 届满，未申请验收。") % {"end": city.creation_ends_on.isoformat()},
            )
        except WorkflowError:
            continue
        failed.append(city.pk)
    return failed
