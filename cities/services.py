"""Every write on city cases. Transitions go through workflows.services.perform_transition
(row lock, permission, guards, save, hash-chained log); emails run after commit (cities/program.py).
Durations come from the edition's CityRules (docs/cities.md).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

from .models import City, CityRules, CityYearFigures, PlanItem, ProgressLine, ProgressReport, State
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

    return _open_panel(
        city,
        "start_hearing",
        stage=Stage.DEFENCE,
        framework=rules_for(city).hearing_framework,
        actor=actor,
        name=name,
        deadline=deadline,
        size=size,
        expected_state=expected_state,
    )


def _open_panel(city: City, transition: str, *, stage, framework, actor, name, deadline, size, expected_state):
    """Perform the move and create its panel on the engine's review in one transaction."""
    from workflows.review.services import create_panel

    with transaction.atomic():
        locked, _log = perform_transition(
            city, transition, actor=actor, expected_state=expected_state, reason=name.strip()
        )
        return create_panel(
            locked.edition,
            stage=stage,
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


# --- the creation period: yearly progress reports (年度创建进展) -----------------------------------
class ReportNotOpen(WorkflowError):
    pass


def progress_due_dates(city: City) -> list[tuple[int, object]]:
    """(creation year, due date) of each yearly report: the end of the year plus the edition's
    progress_report_months (workflows.dates.yearly_due_dates); empty before the period starts."""
    from workflows.dates import yearly_due_dates

    if city.creation_starts_on is None:
        return []
    rules = rules_for(city)
    dates = yearly_due_dates(city.creation_starts_on, rules.creation_period_years, rules.progress_report_months)
    return list(enumerate(dates, start=1))


def open_report_years(city: City, today=None) -> list[int]:
    """The creation years the city may report on now: begun, and with no report pending or accepted."""
    from workflows.dates import add_years, local_today

    if city.state != State.CREATING:
        return []
    today = today or local_today()
    taken = set(
        city.progress_reports.filter(final=False)
        .exclude(status=ProgressReport.Status.RETURNED)
        .values_list("year", flat=True)
    )
    return [
        year
        for year, _due in progress_due_dates(city)
        if add_years(city.creation_starts_on, year - 1) <= today and year not in taken
    ]


def _file_report(city: City, *, actor, year: int, final: bool, due_on, narrative: str, lines: dict, uploaded_file):
    """Write (or rewrite, after a return) one report and its lines, and store the optional document
    through workflows.documents; in the caller's transaction, so a refused file leaves nothing."""
    from django.utils import timezone

    from workflows.documents.services import store_document

    items = {item.pk: item for item in city.plan_items.all()}
    missing = [
        item.title
        for item in items.values()
        if item.kind == PlanItem.Kind.INDICATOR and item.pk in lines and lines[item.pk].get("achieved_value") is None
    ]
    if missing or set(items) - set(lines):
        raise WorkflowError(_("请填写每项量化指标的完成值和每个条目的完成情况。"))
    report, _created = ProgressReport.objects.update_or_create(
        city=city,
        year=year,
        final=final,
        defaults={
            "due_on": due_on,
            "narrative": narrative.strip(),
            "status": ProgressReport.Status.SUBMITTED,
            "submitted_at": timezone.now(),
            "submitted_by": actor,
            "decided_at": None,
            "decided_by": None,
            "return_reason": "",
        },
    )
    report.lines.all().delete()
    ProgressLine.objects.bulk_create(
        ProgressLine(
            report=report,
            plan_item=items[pk],
            achieved_value=line.get("achieved_value"),
            progress=line["progress"],
            note=(line.get("note") or "").strip(),
        )
        for pk, line in lines.items()
        if pk in items
    )
    if uploaded_file is not None:
        report.document = store_document(
            owner=report, slot="city_progress_report", uploaded_file=uploaded_file, uploaded_by=actor
        )
        report.save(update_fields=["document"])
    return report


def submit_progress_report(
    city: City, *, actor, year: int, narrative: str, lines: dict, uploaded_file=None
) -> ProgressReport:
    """The city government reports one creation year against its plan. `lines` maps a plan item's
    id to {achieved_value, progress, note}; every item needs a line, every indicator a value.
    City-government members, in the creation period, for a begun year not pending or accepted.
    Raises NotPermitted, ReportNotOpen, WorkflowError (incl. DocumentRejected)."""
    if not is_city_government(city, actor):
        raise NotPermitted()
    with transaction.atomic():
        locked = City.objects.select_for_update().get(pk=city.pk)
        if year not in open_report_years(locked):
            raise ReportNotOpen(_("该创建年度尚未开始，或其进展报告已报送。"))
        due_on = dict(progress_due_dates(locked))[year]
        return _file_report(
            locked,
            actor=actor,
            year=year,
            final=False,
            due_on=due_on,
            narrative=narrative,
            lines=lines,
            uploaded_file=uploaded_file,
        )


def decide_progress_report(report: ProgressReport, *, actor, accept: bool, reason: str = "") -> ProgressReport:
    """The secretariat accepts a submitted yearly report, or returns it with a reason for the city
    to revise and submit again: a logged self-loop on the case (accept_progress_report /
    return_progress_report), emailed to the city government after commit like every step.
    Raises NotPermitted, StaleState (already decided), WorkflowError."""
    from django.utils import timezone

    reason = reason.strip()
    if not accept and not reason:
        raise WorkflowError(_("退回须填写理由。"))
    status = ProgressReport.Status.ACCEPTED if accept else ProgressReport.Status.RETURNED

    def record(locked: City) -> None:
        updated = ProgressReport.objects.filter(
            pk=report.pk, city=locked, final=False, status=ProgressReport.Status.SUBMITTED
        ).update(status=status, decided_at=timezone.now(), decided_by=actor, return_reason="" if accept else reason)
        if not updated:
            raise StaleState()

    # The log reason, stored in the default language like every log reason, is the email's text.
    said = f"第{report.year}年创建进展报告" + ("已通过。" if accept else f"退回修改：{reason}")
    perform_transition(
        report.city,
        "accept_progress_report" if accept else "return_progress_report",
        actor=actor,
        reason=said,
        before=record,
    )
    report.refresh_from_db()
    return report


# --- acceptance (考核验收): the application, the expert panel, the aggregated score --------------
def apply_for_acceptance(
    city: City, *, actor, narrative: str, lines: dict, uploaded_file=None, expected_state=None
) -> City:
    """The city government applies for acceptance with its final figures against the plan (a final
    report, same lines as a yearly one); creating → acceptance_applied. No yearly report may still
    await the secretariat. Raises NotPermitted, StaleState, TransitionNotAllowed, WorkflowError."""

    def check(locked: City) -> None:
        if locked.progress_reports.filter(final=False, status=ProgressReport.Status.SUBMITTED).exists():
            raise WorkflowError(_("尚有年度进展报告待审核，审核后再申请验收。"))
        _file_report(
            locked,
            actor=actor,
            year=rules_for(locked).creation_period_years,
            final=True,
            due_on=locked.creation_ends_on,
            narrative=narrative,
            lines=lines,
            uploaded_file=uploaded_file,
        )

    locked, _log = perform_transition(
        city,
        "apply_for_acceptance",
        actor=actor,
        expected_state=expected_state,
        before=check,
        reason=_("申请考核验收。"),
    )
    return locked


def start_acceptance_review(
    city: City, *, actor, name: str, deadline, size: int | None = None, open_survey: bool = True, expected_state=None
):
    """acceptance_applied → acceptance_review, creating the acceptance panel on the engine's review
    (stage 指标评审, the edition's indicator framework, cities/frameworks.py) and, with `open_survey`
    and unless it runs already, starting the city's citizens' survey, all in one transaction (a survey
    that cannot start leaves nothing written); experts are drawn on the review desk. Returns the panel."""
    from workflows.review.models import Stage
    from workflows.surveys.services import open_case_survey

    framework = city.edition.criteria_framework
    if framework is None:
        raise CityRulesMissing(_("本届次尚未指定验收指标体系。"))
    with transaction.atomic():
        panel = _open_panel(
            city,
            "start_acceptance_review",
            stage=Stage.INDICATOR_REVIEW,
            framework=framework,
            actor=actor,
            name=name,
            deadline=deadline,
            size=size,
            expected_state=expected_state,
        )
        city.refresh_from_db()
        if open_survey and not city.survey_running:
            open_case_survey(city, actor=actor)
    return panel


def acceptance_panel(city: City):
    """The city's latest acceptance panel (stage 指标评审), or None."""
    from workflows.review.dossier_panels import latest_panel
    from workflows.review.models import Stage

    return latest_panel(city, Stage.INDICATOR_REVIEW)


class ExpertScoresMissing(WorkflowError):
    default_message = gettext_lazy("验收专家组评分尚未完成或尚未在评审管理中定稿。")


def acceptance_expert_score(city: City):
    """The panel's score as workflows/review aggregates it (the stage's method); the panel must be
    finalized on the review desk. Raises ExpertScoresMissing."""
    from workflows.review.dossier_panels import finalized_score
    from workflows.review.models import Stage

    score = finalized_score(city, Stage.INDICATOR_REVIEW)
    if score is None:
        raise ExpertScoresMissing()
    return score


def conclude_acceptance(city: City, *, actor, expected_state=None) -> City:
    """汇总验收得分: total = the panel's aggregated expert score + the citizens' survey points
    (workflows/surveys: score / 100 × survey_points; 0 while the sample is below the edition's minimum,
    said in the log); at or above the edition's acceptance pass score → proposed, else rejected.
    Secretariat or committee (the transitions' permissions). Raises ExpertScoresMissing,
    NotPermitted, StaleState."""
    from decimal import Decimal

    from workflows.surveys.selectors import survey_points
    from workflows.surveys.services import close_case_survey

    pass_score = rules_for(city).acceptance_pass_score
    expert = acceptance_expert_score(city)
    with transaction.atomic():
        if city.survey_running:  # the sample is final once the acceptance is concluded
            close_case_survey(city, actor=actor, reason="验收汇总，满意度测评结束。")  # refreshes `city`
        survey = survey_points(city)
        total = expert + (survey or Decimal("0"))

        def record(locked: City) -> None:
            locked.expert_score, locked.survey_score, locked.final_score = expert, survey, total

        reason = _("验收总分 %(total)s（专家评分 %(expert)s，合格分 %(pass)s）。") % {
            "total": total,
            "expert": expert,
            "pass": pass_score,
        }
        if survey is None:
            reason += _("满意度测评样本不足，计0分。")
        locked, _log = perform_transition(
            city,
            "propose" if total >= pass_score else "reject",
            actor=actor,
            expected_state=expected_state or State.ACCEPTANCE_REVIEW,
            reason=reason,
            before=record,
        )
    city.refresh_from_db()
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


# --- public notice, naming, demonstration period and exit (docs/cities.md) -------------------------
# The notice, its objections and the naming decision are the engine's (workflows/notices); the title,
# its validity, revocation (摘牌), the ban on re-applying and the revocation notice are workflows/titles'.
def open_notice(cities, *, actor, start=None, title: str = ""):
    """Put proposed cities of one edition on public notice (拟命名公示) through workflows/notices; the
    window is the edition's notice length on the working-day calendar. Returns the PublicNotice.
    Raises NoCandidates, MixedEditions, CandidateNotProposed, NotPermitted, CalendarDataMissing."""
    from workflows.notices.services import open_public_notice

    # The engine titles it "<edition>拟命名名单公示" (stored in the default language, like every log reason).
    return open_public_notice(list(cities), actor=actor, title=title.strip(), start=start)


def latest_notice_line(city: City):
    """The city's most recent line on a public notice, or None."""
    from workflows.notices.selectors import notice_lines_of

    return next(iter(notice_lines_of(city)), None)


def name_city(city: City, *, actor, document_no: str, approved_on=None):
    """命名: record the government's decision on the city's notice line (workflows/notices), which performs
    `award` and confers the Title; its validity is the edition's demonstration years from the decision.
    The city's named_on / demonstration_ends_on are copied from the Title (cities/signals.py), whichever
    desk named it. Returns the Title. Raises WorkflowError, CandidateNotPendingApproval, NotPermitted."""
    from workflows.dates import local_today
    from workflows.notices.services import record_government_approval

    if not document_no.strip():
        raise WorkflowError(_("请填写命名文号。"))
    line = latest_notice_line(city)
    if line is None:
        raise TransitionNotAllowed(_("该城市尚未公示。"))
    return record_government_approval(
        line, approved=True, document_no=document_no.strip(), approved_on=approved_on or local_today(), actor=actor
    )


def city_title(city: City):
    """The Title the city's naming conferred (workflows/titles), or None."""
    from workflows.titles.selectors import title_of

    return title_of(city)


def renew_city(city: City, *, actor, reason: str = "", expected_state=None) -> City:
    """期满复核合格: the Title is extended by the edition's years from the day after the current end
    (workflows/titles.extend_title, secretariat only); in the same transaction the engine renews the
    case and copies the new end onto it (TitleFollow.renewed, cities/program.py)."""
    import datetime as dt

    from workflows.dates import add_years
    from workflows.titles.services import extend_title

    if expected_state is not None and city.state != expected_state:
        raise StaleState()
    if city.state != State.RENEWAL_REVIEW:
        raise TransitionNotAllowed()
    title = city_title(city)
    if title is None or city.demonstration_ends_on is None:
        raise WorkflowError(_("该城市没有示范期记录，不能续期。"))
    until = add_years(city.demonstration_ends_on + dt.timedelta(days=1), city.edition.validity_years)
    until -= dt.timedelta(days=1)
    extend_title(
        title, until=until, actor=actor, reason=f"期满复核合格，示范期延至 {until.isoformat()}。{reason.strip()}"
    )
    city.refresh_from_db()
    return city


def expire_city(city: City, *, actor, reason: str, expected_state=None) -> City:
    """期满复核不合格: the city leaves the program at the end of its period; its Title expires with it."""
    from workflows.titles.models import TitleState
    from workflows.titles.services import expire_title

    if not reason.strip():
        raise WorkflowError(_("请填写理由。"))

    def end_the_title(locked: City, _log) -> None:
        title = city_title(locked)
        if title is not None and title.state == TitleState.ACTIVE:
            expire_title(title, actor=actor, reason=f"期满复核不合格：{reason.strip()}")

    locked, _log = perform_transition(
        city, "expire", actor=actor, reason=reason.strip(), expected_state=expected_state, after=end_the_title
    )
    return locked


def delist_city(city: City, *, actor, reason: str, trigger: str, authority: str, document_no: str, decided_on=None):
    """摘牌: revoke the city's Title through workflows/titles, which records the decision, bans the city
    government from re-applying by the edition's ban rule, publishes the delisting notice after commit and
    moves the city to 已摘牌 (TitleFollow). The title desk's revocation page does the same."""
    from workflows.dates import local_today
    from workflows.titles.services import revoke_title

    if not (reason.strip() and authority.strip() and document_no.strip()):
        raise WorkflowError(_("请填写摘牌原因、决定机关和决定文号。"))
    title = city_title(city)
    if title is None:
        raise TransitionNotAllowed(_("该城市没有示范城市称号，不能摘牌。"))
    return revoke_title(
        title,
        trigger=trigger,
        reason=reason.strip(),
        authority=authority.strip(),
        document_no=document_no.strip(),
        decided_on=decided_on or local_today(),
        actor=actor,
    )


def start_due_renewal_reviews(today=None) -> list[int]:
    """Daily: a named city whose demonstration period ends within its edition's renewal lead moves to
    期满复核 (the secretariat then renews it or lets it expire)."""
    import datetime as dt

    from workflows.dates import local_today

    today = today or local_today()
    started = []
    for city in City.objects.filter(state=State.NAMED, demonstration_ends_on__isnull=False).select_related(
        "edition__city_rules"
    ):
        rules = getattr(city.edition, "city_rules", None)
        lead = rules.renewal_lead_days if rules is not None else CityRules._meta.get_field("renewal_lead_days").default
        if city.demonstration_ends_on - dt.timedelta(days=lead) > today:
            continue
        try:
            perform_transition(
                city,
                "start_renewal_review",
                actor=None,
                check_permission=False,
                expected_state=State.NAMED,
                reason=f"示范期将于 {city.demonstration_ends_on.isoformat()} 届满，进入期满复核。",
            )
        except WorkflowError:
            continue
        started.append(city.pk)
    return started
