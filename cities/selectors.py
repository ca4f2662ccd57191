"""Reads for city cases: lists per role (each a fixed number of queries), case pages, desk actions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Organization, region_prefix
from accounts.roles import Role
from workflows import desks
from workflows.models import Edition, Program
from workflows.review.release import applicant_state, held_log_ids, shown_in, shown_q, with_applicant_state
from workflows.selectors import labelled_history, transition_labels

from .models import PUBLIC_STATES, City, State

LIST_RELATED = ("edition__program", "organization")


def desk_actions(city: City, user, who: str) -> list[desks.DeskAction]:
    """The buttons of one desk (city, province, secretariat): the transitions declared for it that
    django-fsm allows this user now, in the order the model declares them (workflows/desks.py)."""
    return desks.offered(city, user, desk=who)


def desk_actions_for_rows(cities, user, who: str) -> dict[int, list[desks.DeskAction]]:
    """`desk_actions` for every row of a list page; a role check is asked once per page."""
    return desks.offered_for_rows(cities, user, desk=who)


def bulk_desk_actions(who: str = "secretariat") -> dict[str, desks.DeskAction]:
    """The desk's buttons a list page may apply to many rows at once: those whose form is a reason."""
    return desks.bulk_actions(City, desk=who, forms=("reason",))


def desk_transition_names(who: str) -> set[str]:
    return set(desks.declared(City, desk=who))


# --- editions ---------------------------------------------------------------------------------------
def city_editions() -> QuerySet[Edition]:
    return Edition.objects.filter(program__kind=Program.Kind.QUALITY_CITY).select_related("program")


def open_city_editions() -> QuerySet[Edition]:
    now = timezone.now()
    return city_editions().filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")


def call_terms(edition: Edition) -> dict:
    """What a city call states beyond the eligibility rules: the procedure with this edition's
    periods and pass scores, from its city rules (docs/cities.md, docs/call-pages.md)."""
    from django.utils.translation import gettext

    from .models import CityRules

    rules = CityRules.objects.filter(edition=edition).first() or CityRules(edition=edition)
    steps = [
        gettext("城市人民政府在线申请"),
        gettext("省级质量强省工作领导小组审核推荐"),
        gettext("申述答辩（%(score)s分及以上为合格），批准创建")
        % {"score": f"{rules.hearing_pass_score.normalize():f}"},
        gettext("批准创建后%(months)s个月内提交创建方案") % {"months": rules.plan_due_months},
        gettext("创建期%(years)s年，每年报送创建进展") % {"years": rules.creation_period_years},
        gettext("考核验收（%(score)s分及以上为合格，其中市民质量满意度测评%(points)s分）")
        % {"score": f"{rules.acceptance_pass_score.normalize():f}", "points": rules.survey_points},
        gettext("验收结果公示"),
        gettext("命名，示范期%(years)s年") % {"years": edition.validity_years},
    ]
    return {"documents": [], "steps": steps, "quotas": [], "notice_subject": gettext("验收结果")}


# --- the city government --------------------------------------------------------------------------
def governments_of(user) -> QuerySet[Organization]:
    if not (user and user.is_authenticated):
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user, kind=Organization.Kind.LOCAL_GOVERNMENT)


def cities_of_member(user) -> QuerySet[City]:
    if not (user and user.is_authenticated):
        return City.objects.none()
    return with_applicant_state(City.objects.filter(organization__memberships__user=user).select_related(*LIST_RELATED))


def member_city(user, pk: int) -> City:
    """One of the user's own cases; another government's case is a 404."""
    city = cities_of_member(user).filter(pk=pk).first()
    if city is None:
        raise Http404
    return city


# --- the provincial leading group -------------------------------------------------------------------
def recommender_prefixes(user) -> list[str]:
    if not (user and user.is_authenticated and user.is_active):
        return []
    return [region_prefix(code) for code in user.region_codes_for(Role.RECOMMENDER)]


def _in_regions(prefixes: list[str]) -> Q:
    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(region_code__startswith=prefix)
    return query


def recommender_cities(prefixes: list[str], *, decided: bool = False) -> QuerySet[City]:
    """Cases of the province's cities: awaiting recommendation, or (decided) every submitted one."""
    qs = City.objects.filter(_in_regions(prefixes)).exclude(state=State.DRAFT).select_related(*LIST_RELATED)
    qs = qs.exclude(state=State.APPLIED) if decided else qs.filter(state=State.APPLIED)
    return qs.order_by("created_at", "pk")


def recommender_city(prefixes: list[str], pk: int) -> City:
    city = City.objects.filter(_in_regions(prefixes)).exclude(state=State.DRAFT).select_related(*LIST_RELATED)
    found = city.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# --- the secretariat ----------------------------------------------------------------------------------
def staff_cities(*, state: str = "", edition_id: int | None = None, query: str = "") -> QuerySet[City]:
    qs = City.objects.exclude(state=State.DRAFT).select_related(*LIST_RELATED)
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(organization__name__icontains=query) | Q(reference_no__icontains=query)
        )
    if state:
        qs = qs.filter(state=state)
    if edition_id:
        qs = qs.filter(edition_id=edition_id)
    return qs.order_by("-updated_at", "-pk")


def staff_cities_by_ids(ids: list[int]) -> list[City]:
    """The checked rows of a bulk action, in the desk's order."""
    return list(staff_cities().filter(pk__in=ids))


def staff_city(pk: int) -> City:
    city = City.objects.exclude(state=State.DRAFT).select_related(*LIST_RELATED).filter(pk=pk).first()
    if city is None:
        raise Http404
    return city


def audit_log(city: City) -> list:
    """Every logged step (staff and the provincial group: the true state)."""
    return labelled_history(city)


def member_history(city: City) -> list:
    """The steps the city government may read: its case's transitions only — not the engine's own entries
    on it (a conflict-of-interest exception names the expert) — and a result not yet released, and what
    followed it, left out (workflows/review/release.py)."""
    hidden = held_log_ids(city)
    steps = transition_labels(City)
    return [log for log in labelled_history(city) if log.pk not in hidden and log.transition in steps]


# --- public --------------------------------------------------------------------------------------------
def public_cities(status: str = "") -> QuerySet[City]:
    """Cities the public may see, by the state shown: a held hearing or acceptance result stays hidden
    until the secretariat releases it (workflows/review/release.py); render rows with as_applicant_sees."""
    qs = shown_in(City.objects.all(), PUBLIC_STATES).select_related(*LIST_RELATED)
    if status in PUBLIC_GROUPS:
        qs = qs.filter(shown_q(PUBLIC_GROUPS[status]))
    return qs.order_by("province_code", "name", "pk")


PUBLIC_GROUPS = {
    "creating": [State.PLANNING, State.CREATING, State.ACCEPTANCE_APPLIED, State.ACCEPTANCE_REVIEW],
    "notice": [State.PROPOSED, State.PUBLIC_NOTICE, State.OBJECTION_REVIEW, State.PENDING_APPROVAL],
    "named": [State.NAMED, State.RENEWAL_REVIEW],
    "ended": [State.CREATION_FAILED, State.EXPIRED, State.REVOKED],
}


def survey_results_published(city: City) -> bool:
    """The public may read the survey's aggregates once the survey has ended and the acceptance review
    it feeds is over for the public too: its score is part of the acceptance total, so the aggregates
    wait while the panel reviews and while that result is held (docs/surveys.md)."""
    return city.survey_closed_at is not None and applicant_state(city) != State.ACCEPTANCE_REVIEW


def public_city(pk: int) -> City:
    city = public_cities().filter(pk=pk).first()
    if city is None:
        raise Http404
    return city


# The public reads the steps and dates of a city's case; reasons only of these public decisions.
PUBLIC_REASON_TRANSITIONS = {"approve_creation", "fail_creation", "delist", "end_demonstration", "expire"}


def public_timeline(city: City) -> list:
    rows = [
        log
        for log in member_history(city)
        if (log.to_state in PUBLIC_STATES and log.from_state != log.to_state)
        or log.transition in PUBLIC_REASON_TRANSITIONS
    ]
    for log in rows:
        log.public_note = log.reason if log.transition in PUBLIC_REASON_TRANSITIONS else ""
    return rows


# --- the hearing ------------------------------------------------------------------------------------
@dataclass
class HearingPart:
    criterion: object
    consensus: object  # workflows.review ConsensusItem, or None while the leader has not recorded it


@dataclass
class HearingResult:
    panel: object
    parts: list[HearingPart]
    members: int
    submitted: int  # experts whose preliminary conclusion (scorecard) is submitted

    @property
    def complete(self) -> bool:
        return bool(self.parts) and all(part.consensus is not None for part in self.parts)

    @property
    def total(self) -> Decimal:
        return sum((part.consensus.points for part in self.parts if part.consensus), Decimal("0")).quantize(
            Decimal("0.01")
        )


def hearing_result(city: City) -> HearingResult | None:
    """The latest hearing panel of the city with the leader's consensus per part (a fixed 5 queries)."""
    from django.contrib.contenttypes.models import ContentType

    from workflows.review.dossier_panels import latest_panel
    from workflows.review.models import Assignment, ConsensusItem, Scorecard, Stage
    from workflows.review.services import scoring_items

    content_type = ContentType.objects.get_for_model(City)
    panel = latest_panel(city, Stage.DEFENCE)
    if panel is None:
        return None
    consensus = {
        item.criterion_id: item
        for item in ConsensusItem.objects.filter(panel=panel, content_type=content_type, object_id=city.pk)
    }
    active = Assignment.objects.filter(
        panel=panel, content_type=content_type, object_id=city.pk, status=Assignment.Status.ACTIVE
    )
    submitted = Scorecard.objects.filter(
        assignment__in=active, is_current=True, status=Scorecard.Status.SUBMITTED
    ).count()
    return HearingResult(
        panel=panel,
        parts=[HearingPart(criterion, consensus.get(criterion.pk)) for criterion in scoring_items(panel)],
        members=active.count(),
        submitted=submitted,
    )


# --- the creation period and acceptance --------------------------------------------------------------
def progress_reports(city: City) -> list:
    """The city's yearly reports and its final report with their lines (a fixed 3 queries)."""
    from .models import ProgressReport

    return list(
        ProgressReport.objects.filter(city=city)
        .select_related("document", "decided_by")
        .prefetch_related("lines__plan_item")
        .order_by("final", "year")
    )


def progress_report_document(user, city_pk: int, report_pk: int):
    """A report's attachment if the user is a member of the city government or the secretariat, else None."""
    from .models import ProgressReport
    from .permissions import is_city_government

    report = ProgressReport.objects.select_related("city", "document").filter(pk=report_pk, city_id=city_pk).first()
    if report is None or report.document is None:
        return None
    if is_city_government(report.city, user) or getattr(user, "is_secretariat", False):
        return report.document
    return None


# --- notice, naming, exit -------------------------------------------------------------------------------
def ban_on_applying(governments, edition: Edition):
    """The ban on re-applying (workflows/eligibility, e.g. after 摘牌) that keeps every one of the user's
    city governments out of the edition's program today, or None when one of them may apply."""
    from workflows.dates import local_today
    from workflows.eligibility.selectors import active_ban

    today = local_today()
    bans = [active_ban(organization, edition.program, today) for organization in governments]
    if bans and all(bans):
        return bans[0]
    return None


def naming_facts(city: City) -> dict:
    """What the secretariat's case page shows of the engine's part: the notices the city was on, its Title
    (validity, state) and whether the title desk would revoke it now (摘牌 is decided there)."""
    from workflows.notices.selectors import notice_lines_of
    from workflows.titles.selectors import title_of

    lines = notice_lines_of(city)
    title = (
        title_of(city)
        if city.named_on or city.state in (State.NAMED, State.RENEWAL_REVIEW, State.EXPIRED, State.REVOKED)
        else None
    )
    return {
        "notice_lines": lines,
        "city_title": title,
        "on_notice_desk": city.state in (State.PUBLIC_NOTICE, State.OBJECTION_REVIEW),
        "may_delist": title is not None and city.state in (State.NAMED, State.RENEWAL_REVIEW),
    }


# --- what happens next (the city government's pages; docs/what-happens-next.md) -----------------------
def city_next_step(city: City, seen=None):
    """What happens next to the city's case as the city government may see it (`seen`: as_applicant_sees,
    so a held result is not told): the step, who acts, by when, what the city must do, and where.
    Deadlines are those fixed when the step began (the call's close, the plan's due date, the creation
    period's end, the notice's end, the demonstration period's end). Rendered by includes/next_step.html."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from workflows.notices.selectors import notice_lines_of
    from workflows.selectors import NextStep
    from workflows.workdays import end_of_day

    seen = seen if seen is not None else city
    s, state = State, seen.state
    secretariat, province, panel = _("评审办（国家市场监管部门）"), _("省级质量强省工作领导小组"), _("专家组")
    you = _("城市人民政府（贵单位）")
    workspace = reverse("cities:workspace", args=[city.pk])

    def day(date):
        return end_of_day(date) if date else None

    if state == s.DRAFT:
        return NextStep(
            _("提交申请"),
            you,
            city.edition.closes_at,
            _("填报近三年城市数据后提交省级推荐。"),
            reverse("cities:edit", args=[city.pk]),
            _("修改申请"),
        )
    if state == s.APPLIED:
        return NextStep(_("省级审核推荐"), province, None, _("无需操作；如需补充材料，推荐单位会联系您。"))
    if state == s.RECOMMENDED:
        return NextStep(_("组织申述答辩"), secretariat, None, _("无需操作；答辩安排另行通知。"))
    if state == s.HEARING:
        return NextStep(_("申述答辩与专家组合议"), panel, None, _("按通知参加申述答辩。"))
    if state == s.PLANNING and seen.plan_submitted_at is None:
        return NextStep(
            _("编制并提交创建方案"),
            you,
            day(seen.plan_due_on),
            _("在本页列出量化指标和创建任务后提交。"),
            workspace + "#creation-plan",
            _("编制创建方案"),
        )
    if state == s.PLANNING:
        return NextStep(_("创建方案审定"), secretariat, None, _("无需操作；退回修改的将附理由。"))
    if state == s.CREATING:
        return NextStep(
            _("创建期：按年度报送进展，期满前申请验收"),
            you,
            day(seen.creation_ends_on),
            _("每个创建年度结束后报送进展报告；完成创建方案后在本页申请验收。"),
            workspace + "#creation-progress",
            _("查看创建事项"),
        )
    if state == s.ACCEPTANCE_APPLIED:
        return NextStep(_("组织验收评审"), secretariat, None, _("无需操作。"))
    if state == s.ACCEPTANCE_REVIEW:
        return NextStep(_("验收评审与市民满意度测评"), panel, None, _("无需操作；请动员市民参加满意度测评。"))
    if state == s.PROPOSED:
        return NextStep(_("验收结果公示"), secretariat, None, _("无需操作。"))
    if state in (s.PUBLIC_NOTICE, s.OBJECTION_REVIEW):
        line = next(iter(notice_lines_of(city)), None)
        closes = line.notice.closes_at if line else None
        return NextStep(_("公示期满后命名"), secretariat, closes, _("无需操作；公示期内如有异议，评审办将组织复核。"))
    if state == s.PENDING_APPROVAL:
        return NextStep(_("命名审定"), secretariat, None, _("无需操作；命名后将公告并颁发证书。"))
    if state == s.NAMED:
        return NextStep(
            _("示范期管理，期满复核"),
            you,
            day(seen.demonstration_ends_on),
            _("保持示范水平，期满前接受复核；证书见本页“我的称号与证书”。"),
            workspace + "#my-titles",
            _("查看证书"),
        )
    if state == s.RENEWAL_REVIEW:
        return NextStep(_("期满复核"), secretariat, None, _("无需操作；复核通过的示范期延续。"))
    return NextStep(_("办理已结束"), "", None, "", finished=True)
