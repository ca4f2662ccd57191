"""Reads for the public zones directory and profiles (only publicly visible zones)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Organization, region_prefix
from accounts.roles import Role
from workflows.models import Edition, Program
from workflows.notices.models import NoticeCandidate
from workflows.review.models import Panel
from workflows.review.release import held_log_ids, shown_in, shown_q, with_applicant_state
from workflows.selectors import labelled_history, transition_history

from .models import CREATING_BODY_KINDS, PUBLIC_STATES, PUBLIC_STATUS_GROUPS, State, Zone, ZoneReport

# Quality-strong cities are a program of their own (cities/); a zone edition is a demonstration-zone edition.
ZONE_PROGRAM_KINDS = [Program.Kind.DEMONSTRATION_ZONE]


@dataclass(frozen=True)
class DirectoryFilters:
    status: str = ""  # a PUBLIC_STATUS_GROUPS key
    province: str = ""  # two digits
    industry: str = ""  # leading industry, exact
    year: int | None = None  # edition year


def _public_zones() -> QuerySet[Zone]:
    """Zones the public may see, by the state shown (a held acceptance result stays hidden: release.py)."""
    return shown_in(Zone.objects.all(), PUBLIC_STATES)


def _apply(queryset: QuerySet[Zone], filters: DirectoryFilters, *, with_province: bool = True) -> QuerySet[Zone]:
    if filters.status in PUBLIC_STATUS_GROUPS:
        queryset = queryset.filter(shown_q(PUBLIC_STATUS_GROUPS[filters.status][1]))
    if filters.province and with_province:
        queryset = queryset.filter(province_code=filters.province)
    if filters.industry:
        queryset = queryset.filter(leading_industry=filters.industry)
    if filters.year:
        queryset = queryset.filter(edition__year=filters.year)
    return queryset


def directory_zones(filters: DirectoryFilters) -> QuerySet[Zone]:
    """Public zones matching the filters, with what a directory row shows."""
    return (
        _apply(_public_zones(), filters)
        .select_related("organization", "edition__program")
        .order_by("province_code", "region_code", "name")
    )


def zone_counts_by_province(filters: DirectoryFilters) -> dict[str, int]:
    """Counts for the map: the other filters apply, the province filter does not (the map selects it)."""
    rows = _apply(_public_zones(), filters, with_province=False).values("province_code").annotate(n=Count("id"))
    return {row["province_code"]: row["n"] for row in rows.order_by()}


def directory_filter_options() -> dict[str, list]:
    public = _public_zones().order_by()
    return {
        "industries": list(public.values_list("leading_industry", flat=True).distinct().order_by("leading_industry")),
        "years": list(public.values_list("edition__year", flat=True).distinct().order_by("-edition__year")),
    }


def public_zone_profile(pk: int) -> Zone:
    """A zone as the public sees it; zones not yet approved for creation do not exist publicly (404)."""
    return get_object_or_404(
        _public_zones()
        .select_related("organization", "edition__program")
        .prefetch_related(
            "year_figures",
            Prefetch(
                "reports",
                queryset=ZoneReport.objects.filter(kind=ZoneReport.Kind.DEMONSTRATION_ANNUAL).order_by("year"),
                to_attr="public_reports",
            ),
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: object
    label: str
    note: str


# Only decisions the public should read a reason for; other reasons may be internal.
PUBLIC_REASON_TRANSITIONS = {"revoke", "fail_creation", "extend_creation"}


def zone_timeline(zone: Zone) -> list[TimelineEntry]:
    labels = dict(State.choices)
    hidden = held_log_ids(zone)  # a result not yet released, and what followed it
    return [
        TimelineEntry(
            at=log.at,
            label=str(labels.get(log.to_state, log.to_state)),
            note=log.reason if log.transition in PUBLIC_REASON_TRANSITIONS else "",
        )
        for log in transition_history(zone)
        if log.pk not in hidden
    ]


# Decisions whose reason is addressed to the creating body itself.
MEMBER_REASON_TRANSITIONS = PUBLIC_REASON_TRANSITIONS | {
    "not_recommend",
    "reject",
    "return_with_feedback",
    "withdraw",
    "refuse_extension",
    "expire",
}


def member_timeline(zone: Zone) -> list[TimelineEntry]:
    """The zone's progress as the creating body sees it: every step, reasons only where meant for it."""
    labels = dict(State.choices)
    hidden = held_log_ids(zone)
    return [
        TimelineEntry(
            at=log.at,
            label=str(labels.get(log.to_state, log.to_state)),
            note=log.reason if log.transition in MEMBER_REASON_TRANSITIONS else "",
        )
        for log in transition_history(zone)
        if log.pk not in hidden
    ]


def zones_of_member(user) -> QuerySet[Zone]:
    """The zones of the creating bodies the user acts for (any state)."""
    if not (user and user.is_authenticated):
        return Zone.objects.none()
    return with_applicant_state(
        Zone.objects.filter(organization__memberships__user=user)
        .select_related("edition__program", "organization", "extension_request")
        .order_by("-created_at")
    )


def member_zone(user, pk: int) -> Zone:
    """One of the user's zones with what its workspace shows; another body's zone is a 404."""
    return get_object_or_404(zones_of_member(user).prefetch_related("reports", "year_figures"), pk=pk)


# --- applicants ---------------------------------------------------------------------------------
def creating_bodies_of(user) -> QuerySet:
    """The local governments and park committees the user acts for (who may apply for a zone)."""
    if not (user and user.is_authenticated):
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user, kind__in=CREATING_BODY_KINDS).order_by("name")


def open_zone_editions() -> QuerySet:
    """Zone editions taking applications now."""
    now = timezone.now()
    return (
        Edition.objects.filter(opens_at__lte=now, closes_at__gt=now, program__kind__in=ZONE_PROGRAM_KINDS)
        .select_related("program")
        .order_by("closes_at")
    )


# --- provincial recommender ---------------------------------------------------------------------
RECOMMENDER_STATES = [State.APPLIED, State.PROVINCIAL_REVIEW]
RECOMMENDER_HISTORY_STATES = [State.RECOMMENDED, State.NOT_RECOMMENDED]


def recommender_prefixes(user) -> list[str]:
    if not (user and user.is_authenticated and user.is_active):
        return []
    return [region_prefix(code) for code in user.region_codes_for(Role.RECOMMENDER) if code]


def _in_regions(prefixes: list[str]):
    return reduce(or_, (Q(region_code__startswith=prefix) for prefix in prefixes))


def recommender_zones(prefixes: list[str], *, decided: bool = False) -> QuerySet[Zone]:
    """Zones of the recommender's region(s) (`recommender_prefixes`) awaiting the provincial decision
    (or already decided)."""
    if not prefixes:
        return Zone.objects.none()
    states = RECOMMENDER_HISTORY_STATES if decided else RECOMMENDER_STATES
    return (
        Zone.objects.filter(_in_regions(prefixes), state__in=states)
        .select_related("organization", "edition__program")
        .order_by("updated_at", "pk")
    )


def recommender_zone(prefixes: list[str], pk: int) -> Zone:
    """A zone of the recommender's region in a stage the recommender handles or handled; else 404."""
    if not prefixes:
        raise Http404()
    return get_object_or_404(
        Zone.objects.filter(_in_regions(prefixes), state__in=RECOMMENDER_STATES + RECOMMENDER_HISTORY_STATES)
        .select_related("organization", "edition__program")
        .prefetch_related("year_figures"),
        pk=pk,
    )


# --- secretariat ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class StaffFilters:
    state: str = ""
    edition_id: int | None = None
    province: str = ""
    query: str = ""


def staff_zones(filters: StaffFilters) -> QuerySet[Zone]:
    """Every submitted zone case (drafts are the creating body's own), filtered for the desk."""
    queryset = Zone.objects.exclude(state=State.DRAFT)
    if filters.query:
        queryset = queryset.filter(
            Q(name__icontains=filters.query)
            | Q(organization__name__icontains=filters.query)
            | Q(reference_no__icontains=filters.query)
        )
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.edition_id:
        queryset = queryset.filter(edition_id=filters.edition_id)
    if filters.province:
        queryset = queryset.filter(province_code=filters.province)
    return queryset.select_related("organization", "edition__program", "extension_request").order_by(
        "-updated_at", "-pk"
    )


def staff_zones_by_ids(ids: list[int]) -> list[Zone]:
    """The checked rows of a bulk action, in the desk's order."""
    return list(staff_zones(StaffFilters()).filter(pk__in=ids))


def zone_editions() -> QuerySet:
    return Edition.objects.filter(program__kind__in=ZONE_PROGRAM_KINDS).select_related("program").order_by("-year")


def zone_document(zone: Zone, doc_pk: int):
    """The zone's current (not superseded) document `doc_pk`, or None: another owner's or an old version."""
    from workflows.documents.models import Document

    return Document.objects.owned_by(zone).current().filter(pk=doc_pk).first()


def staff_zone(pk: int) -> Zone:
    return get_object_or_404(
        Zone.objects.exclude(state=State.DRAFT)
        .select_related("organization", "edition__program", "edition__zone_rules", "extension_request")
        .prefetch_related("year_figures", "reports", "indicator_scores__criterion"),
        pk=pk,
    )


def zone_audit_log(zone: Zone) -> list:
    """The zone's full transition log (with reasons and actors), for the people handling the case.

    Each row carries `from_label` / `to_label`, the states' bilingual names, for the page to show.
    """
    return labelled_history(zone)


def zone_panels(zone: Zone) -> list:
    """The expert panels (workflows/review) the zone is on, for links from the case page."""
    content_type = ContentType.objects.get_for_model(Zone)
    return list(Panel.objects.filter(dossiers__content_type=content_type, dossiers__object_id=zone.pk).order_by("pk"))


def zone_notice_lines(zone: Zone) -> list:
    """The zone's public-notice lines (workflows/notices), latest first, for links from the case page."""
    content_type = ContentType.objects.get_for_model(Zone)
    return list(
        NoticeCandidate.objects.filter(content_type=content_type, object_id=zone.pk)
        .select_related("notice")
        .order_by("-notice__opens_at", "-pk")
    )


def call_terms(edition: Edition) -> dict:
    """What a zone call states beyond the eligibility rules: the procedure with this edition's periods,
    quota and pass score, from its zone rules (docs/call-pages.md)."""
    from django.utils.translation import gettext

    from .models import ZoneRules

    rules = ZoneRules.objects.filter(edition=edition).first() or ZoneRules(edition=edition)
    recommend = gettext("省级市场监管部门审核推荐")
    if rules.provincial_quota:
        recommend = gettext("省级市场监管部门审核推荐（每省本届最多推荐%(n)s个）") % {"n": rules.provincial_quota}
    steps = [
        gettext("创建主体在线申请"),
        recommend,
        gettext("国家审核，批准筹建"),
        gettext("筹建期%(years)s年（可申请延期%(months)s个月）")
        % {
            "years": rules.creation_period_years,
            "months": rules.extension_months,
        },
        gettext("申请验收，验收预审"),
        gettext("专家评估（%(score)s分及以上为合格）") % {"score": f"{rules.acceptance_pass_score.normalize():f}"},
        gettext("验收结果公示"),
        gettext("命名，示范期%(years)s年") % {"years": edition.validity_years},
    ]
    documents = [gettext(str(d["label"])) for d in required_zone_documents(edition)]
    return {
        "documents": documents,
        "documents_intro": gettext("在线填写示范区申报信息和年度数据，并上传："),
        "correction": False,  # a zone has no correction window: the province decides on what it received
        "steps": steps,
        "quotas": [],
        "notice_subject": gettext("验收结果"),
    }


def required_zone_documents(edition: Edition) -> list[dict]:
    """The edition's required application materials ({"slot", "label"}), its ZoneRules' or the defaults."""
    from .models import ZoneRules, default_zone_documents

    rules = ZoneRules.objects.filter(edition=edition).only("required_documents").first()
    return list(rules.required_documents) if rules is not None else default_zone_documents()


@dataclass(frozen=True)
class MissingItem:
    """One thing a draft zone lacks before it may be submitted, and where the creating body fixes it."""

    label: str
    url: str


def document_labels(zone: Zone) -> dict[str, str]:
    """{slot: name} of the zone's edition's required documents (Program.document_labels: the expert's
    dossier lists each document by what it is)."""
    return {required["slot"]: required["label"] for required in required_zone_documents(zone.edition)}


def zone_documents(zone: Zone) -> list[tuple[dict, Any]]:
    """Each required document of the zone's edition with its current upload (or None), in the rules' order."""
    from workflows.documents.models import Document

    current = {doc.slot: doc for doc in Document.objects.owned_by(zone).current()}
    return [(required, current.get(required["slot"])) for required in required_zone_documents(zone.edition)]


def missing_for_submission(zone: Zone) -> list[MissingItem]:
    """What the submit check refuses on, each with a link to where it is fixed (the zone's own pages)."""
    from django.urls import reverse
    from django.utils.translation import gettext

    missing = []
    if not zone.year_figures.exists():
        missing.append(MissingItem(gettext("年度数据"), reverse("brands:workspace", args=[zone.pk]) + "#figures-form"))
    edit = reverse("brands:edit", args=[zone.pk])
    for required, document in zone_documents(zone):
        if document is None:
            missing.append(
                MissingItem(
                    gettext("申报材料：%(label)s") % {"label": gettext(str(required["label"]))},
                    f"{edit}#doc-{required['slot']}",
                )
            )
    return missing


def handled_by_notice_desk(zone: Zone) -> bool:
    """While on notice or under objection the zone's steps are the notice desk's (workflows/notices)."""
    return zone.state in (State.PUBLIC_NOTICE, State.OBJECTION_REVIEW)


def zone_next_step(zone: Zone):
    """What happens next to the creating body's zone: the step, who acts, by when and what the body must
    do (docs/what-happens-next.md). Deadlines are the ones fixed when the step began: the call's close,
    the creation deadline, the public notice's end, the demonstration period's end."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from workflows.selectors import NextStep
    from workflows.workdays import end_of_day

    s = State
    secretariat, province = _("评审办（国家市场监管部门）"), _("省级市场监管部门")
    you = _("创建主体（贵单位）")
    workspace = reverse("brands:workspace", args=[zone.pk])
    if zone.state == s.DRAFT:
        missing = missing_for_submission(zone)
        todo = _("补齐“提交前还需完成”所列内容后提交申请。") if missing else _("检查申请内容后提交。")
        return NextStep(
            _("提交申请"), you, zone.edition.closes_at, todo, reverse("brands:edit", args=[zone.pk]), _("修改申请")
        )
    if zone.state in (s.APPLIED, s.PROVINCIAL_REVIEW):
        return NextStep(_("省级审核推荐"), province, None, _("无需操作；如需补充材料，推荐单位会联系您。"))
    if zone.state in (s.RECOMMENDED, s.NATIONAL_REVIEW):
        return NextStep(_("国家审核，决定是否批准筹建"), secretariat, None, _("无需操作。"))
    if zone.state in (s.APPROVED_FOR_CREATION, s.UNDER_CREATION, s.RETURNED_WITH_FEEDBACK):
        todo = _("按年度提交筹建进展报告；筹建完成后在本页申请验收。")
        if zone.state == s.RETURNED_WITH_FEEDBACK:
            todo = _("按验收预审的整改意见整改，完成后在本页重新申请验收。")
        return NextStep(_("筹建并申请验收"), you, zone.creation_deadline, todo, workspace, _("查看筹建事项"))
    if zone.state in (s.ACCEPTANCE_APPLIED, s.ACCEPTANCE_PRECHECK):
        return NextStep(_("验收预审"), secretariat, None, _("无需操作；不符合条件的将退回并附整改意见。"))
    if zone.state == s.EXPERT_ASSESSMENT:
        return NextStep(_("专家评估（材料评估或现场验收）"), _("专家组"), None, _("无需操作；现场验收的安排另行通知。"))
    if zone.state in (s.PROPOSED, s.PUBLIC_NOTICE, s.OBJECTION_REVIEW, s.PENDING_APPROVAL):
        candidate = (
            NoticeCandidate.objects.filter(content_type=ContentType.objects.get_for_model(Zone), object_id=zone.pk)
            .select_related("notice")
            .order_by("-notice__opens_at")
            .first()
        )
        closes = candidate.notice.closes_at if candidate else None
        if zone.state == s.PROPOSED:
            return NextStep(_("验收结果公示"), secretariat, None, _("无需操作。"))
        if zone.state == s.PENDING_APPROVAL:
            return NextStep(_("命名审定"), secretariat, None, _("无需操作；命名后将公告并颁发证书。"))
        return NextStep(_("公示期满后命名"), secretariat, closes, _("无需操作；公示期内如有异议，评审办将组织复核。"))
    if zone.state in (s.RECOGNIZED, s.DEMONSTRATION):
        ends = end_of_day(zone.demonstration_ends_on) if zone.demonstration_ends_on else None
        return NextStep(
            _("示范期管理，期满复核"), you, ends, _("按年度提交示范期报告；证书见“我的示范区”。"),
            reverse("brands:mine") + "#my-titles", _("查看证书"),
        )  # fmt: skip
    if zone.state == s.EXPIRY_REVIEW:
        return NextStep(_("期满复核"), secretariat, None, _("无需操作；复核通过的示范期延续。"))
    return NextStep(_("办理已结束"), "", None, "", finished=True)
