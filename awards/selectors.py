"""Reads for the award portal, recommender queue and secretariat list (permission-filtered)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import region_prefix
from accounts.roles import Role
from workflows import desks
from workflows.desks import DeskAction
from workflows.documents.models import Document
from workflows.eligibility.models import RuleResult, RuleType
from workflows.eligibility.rules import ApplicantFacts, evaluate_rules
from workflows.eligibility.selectors import rule_results_for
from workflows.models import Criterion, Edition
from workflows.selectors import NextStep, transition_history
from workflows.titles.selectors import programs_with_live_title

from .models import (
    PUBLIC_LABELS,
    REVIEW_STATES,
    AwardApplication,
    AwardEditionSettings,
    Section,
    State,
    default_required_documents,
)

# A win counts for the cool-down whatever became of the title later (revocation also bans).
WON_STATES = [State.AWARDED, State.REVOKED, State.EXPIRED]


def _base() -> QuerySet[AwardApplication]:
    return AwardApplication.objects.select_related("edition", "edition__program", "organization")


def applications_of_user(user) -> QuerySet[AwardApplication]:
    """The applications of every organisation the user is a member of."""
    from workflows.review.release import with_applicant_state

    return with_applicant_state(_base().filter(organization__memberships__user=user).order_by("-created_at"))


def open_editions_for_applicant() -> QuerySet[Edition]:
    now = timezone.now()
    return (
        Edition.objects.filter(opens_at__lte=now, closes_at__gt=now, program__kind="quality_award")
        .select_related("program")
        .order_by("closes_at")
    )


def recommender_region_prefixes(user) -> list[str]:
    if not (user and user.is_authenticated and user.is_active):
        return []
    return [region_prefix(code) for code in user.region_codes_for(Role.RECOMMENDER) if code]


RECOMMENDER_STATES = [
    State.SUBMITTED,
    State.RECOMMENDATION_NOTICE,
    State.RETURNED_FOR_CORRECTION,
    State.RECOMMENDED,
    State.NOT_RECOMMENDED,
]


def recommender_queue(user, *, state: str = "") -> QuerySet[AwardApplication]:
    """Non-draft applications from the recommender's region(s)."""
    prefixes = recommender_region_prefixes(user)
    if not prefixes:
        return AwardApplication.objects.none()
    region_filter = reduce(or_, (Q(organization__region_code__startswith=p) for p in prefixes))
    qs = _base().filter(region_filter).exclude(state=State.DRAFT)
    qs = qs.filter(state=state) if state else qs.filter(state__in=RECOMMENDER_STATES)
    return qs.order_by("submitted_at", "id")


def staff_applications(
    *,
    state: str = "",
    edition_id: int | None = None,
    query: str = "",
    province: str = "",
    submitted_from: dt.date | None = None,
    submitted_to: dt.date | None = None,
) -> QuerySet:
    """Submitted dossiers for the secretariat; dates are calendar days in Shanghai time."""
    qs = _base().exclude(state=State.DRAFT)
    if state:
        qs = qs.filter(state=state)
    if edition_id:
        qs = qs.filter(edition_id=edition_id)
    if province:
        qs = qs.filter(organization__region_code__startswith=province)
    if submitted_from:
        qs = qs.filter(submitted_at__date__gte=submitted_from)
    if submitted_to:
        qs = qs.filter(submitted_at__date__lte=submitted_to)
    if query:
        qs = qs.filter(
            Q(organization__name__icontains=query)
            | Q(organization__credit_code__iexact=query)
            | Q(reference_no__icontains=query)
        )
    return qs.order_by("-submitted_at", "-id")


@dataclass
class Access:
    applicant: bool
    recommender: bool
    secretariat: bool

    @property
    def any(self) -> bool:
        return self.applicant or self.recommender or self.secretariat


def access_of(user, application: AwardApplication) -> Access:
    if not (user and user.is_authenticated and user.is_active):
        return Access(False, False, False)
    applicant = application.organization.memberships.filter(user=user).exists()
    submitted = application.state != State.DRAFT
    recommender = submitted and any(
        application.organization.region_code.startswith(p) for p in recommender_region_prefixes(user)
    )
    return Access(applicant, recommender, submitted and user.is_secretariat)


def application_for(user, pk: int) -> tuple[AwardApplication, Access]:
    """The application if the user may see it; 404 otherwise (never reveals that it exists)."""
    application = _base().filter(pk=pk).first()
    if application is None:
        raise Http404()
    access = access_of(user, application)
    if not access.any:
        raise Http404()
    return application, access


def edition_settings(edition: Edition) -> AwardEditionSettings:
    try:
        return edition.award_settings
    except AwardEditionSettings.DoesNotExist:
        return AwardEditionSettings(edition=edition, required_documents=default_required_documents())


def assessment_items(edition: Edition) -> list[Criterion]:
    """The scored items (parent != None) of the edition's criteria framework, in order."""
    if edition.criteria_framework_id is None:
        return []
    return list(
        Criterion.objects.filter(framework_id=edition.criteria_framework_id, parent__isnull=False)
        .select_related("parent")
        .order_by("order", "id")
    )


def current_documents(application: AwardApplication) -> list[Document]:
    return list(Document.objects.owned_by(application).current().order_by("slot", "id"))


def document_of(application: AwardApplication, document_pk: int) -> Document:
    document = Document.objects.owned_by(application).filter(pk=document_pk).first()
    if document is None:
        raise Http404()
    return document


@dataclass
class TimelineEntry:
    at: object
    label: str
    reason: str


def applicant_timeline(application: AwardApplication) -> list[TimelineEntry]:
    """What the applicant sees: public labels only, no internal actors or stage names."""
    from workflows.review.release import held_log_ids

    entries: list[TimelineEntry] = []
    hidden = held_log_ids(application)  # a result not yet released, and what followed it
    for log in transition_history(application):
        if log.pk in hidden:
            continue
        label = PUBLIC_LABELS.get(log.to_state, log.to_state)
        if entries and entries[-1].label == label:
            continue  # internal moves between stages the public sees as one
        public_reason = log.reason if log.to_state in (State.RETURNED_FOR_CORRECTION,) else ""
        entries.append(TimelineEntry(at=log.at, label=str(label), reason=public_reason))
    return entries


def latest_preliminary_review(application: AwardApplication):
    return application.preliminary_reviews.select_related("reviewer").first()


def editable_sections(application: AwardApplication) -> set[str]:
    if application.state == State.DRAFT:
        return set(Section.values)
    if application.state == State.RETURNED_FOR_CORRECTION:
        return set(application.reopened_sections or [])
    return set()


def latest_qualification_findings(application: AwardApplication) -> dict[int, RuleResult]:
    findings: dict[int, RuleResult] = {}
    for result in rule_results_for(application).filter(stage=RuleResult.Stage.QUALIFICATION):
        findings[result.rule_id] = result  # later rows win
    return findings


# --- submission checks (reads) ---------------------------------------------------------
class Missing(str):
    """One thing submission still needs; `where` names the form section (or "organisation") that fixes it."""

    where: str

    def __new__(cls, message: str, where: str) -> Missing:
        item = super().__new__(cls, message)
        item.where = where
        return item


ORGANISATION = "organisation"  # the organisation profile page, outside the application form
_RULE_SECTIONS = {
    RuleType.JURISDICTION: ORGANISATION,
    RuleType.ENTITY_TYPE: ORGANISATION,
    RuleType.YEARS_IN_OPERATION: ORGANISATION,
    RuleType.NO_MAJOR_INCIDENT: Section.DECLARATIONS,
    RuleType.GOOD_CREDIT: Section.DECLARATIONS,
}


def missing_items(application: AwardApplication) -> list[Missing]:
    """Everything submission still needs, as bilingual messages (empty = complete)."""
    problems: list[Missing] = []
    edition = application.edition
    settings_row = edition_settings(edition)
    if not (application.contact_name and application.contact_phone and application.contact_email):
        problems.append(Missing(_("请填写联系人、电话和邮箱。"), Section.BASIC))
    if not application.main_products:
        problems.append(Missing(_("请填写主营业务。"), Section.BASIC))
    if not application.profile.strip():
        problems.append(Missing(_("请填写组织概述。"), Section.PROFILE))
    elif len(application.profile) > edition.profile_char_limit:
        problems.append(
            Missing(
                _("组织概述超过%(profile_char_limit)s字。") % {"profile_char_limit": edition.profile_char_limit},
                Section.PROFILE,
            )
        )
    for item in assessment_items(edition):
        entry = (application.self_assessment or {}).get(item.code) or {}
        score = entry.get("score")
        if score is None or not str(entry.get("text", "")).strip():
            problems.append(
                Missing(
                    _("自评未完成：%(code)s %(title)s。") % {"code": item.code, "title": item.title},
                    Section.SELF_ASSESSMENT,
                )
            )
        elif not (0 <= int(score) <= item.max_points):
            problems.append(
                Missing(
                    _("自评分超出范围：%(code)s（0–%(max_points)s）。")
                    % {"code": item.code, "max_points": item.max_points},
                    Section.SELF_ASSESSMENT,
                )
            )
    figures = [
        row for row in (application.key_figures or []) if row.get("year") and row.get("revenue") not in (None, "")
    ]
    if len(figures) < settings_row.key_figure_years:
        problems.append(
            Missing(
                _("请填写近%(key_figure_years)s年关键指标。") % {"key_figure_years": settings_row.key_figure_years},
                Section.KEY_FIGURES,
            )
        )
    if not application.integrity_commitment or not application.integrity_signed_by.strip():
        problems.append(Missing(_("请签署诚信承诺。"), Section.DECLARATIONS))
    present = set(Document.objects.owned_by(application).current().values_list("slot", flat=True))
    for required in settings_row.required_documents:
        if required["slot"] not in present:
            problems.append(Missing(_("缺少材料：%(value)s。") % {"value": required["label"]}, Section.DOCUMENTS))
    return problems


def applicant_facts(application: AwardApplication) -> ApplicantFacts:
    org = application.organization
    evidence = set(Document.objects.owned_by(application).current().values_list("slot", flat=True))
    last_win = (
        AwardApplication.objects.filter(
            organization=org, edition__program=application.edition.program, state__in=WON_STATES
        )
        .exclude(pk=application.pk)
        .order_by("-edition__reference_date")
        .values_list("edition__reference_date", flat=True)
        .first()
    )
    # A prerequisite is met by a live title only: a revoked or expired one no longer counts.
    held = programs_with_live_title(org)
    group_others: list[str] = []
    if org.group_name:
        group_others = list(
            AwardApplication.objects.filter(edition=application.edition, organization__group_name=org.group_name)
            .exclude(pk=application.pk)
            .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
            .values_list("organization__name", flat=True)
        )
    return ApplicantFacts(
        organization=org,
        declarations={k: bool(v) for k, v in (application.declarations or {}).items()},
        evidence_slots=evidence,
        last_win_on=last_win,
        held_award_programs=held,
        group_applications_elsewhere=group_others,
    )


def submission_checklist(application: AwardApplication) -> list[Missing]:
    """What the applicant must still do before submitting: missing items, then the hard eligibility
    rules that would refuse the submission today, each with the place that fixes it. Read-only."""
    items = missing_items(application)
    ban = ban_of(application.organization, application.edition)
    if ban is not None:
        items.insert(0, Missing(ban.applicant_message(), ""))
    for outcome in evaluate_rules(application.edition, applicant_facts(application)):
        if ban is not None and outcome.rule.rule_type == RuleType.NO_BAN:
            continue  # said once, above
        if outcome.blocks_submission and outcome.detail:
            items.append(Missing(outcome.detail, _RULE_SECTIONS.get(outcome.rule.rule_type, "")))
    return items


def ban_of(organization, edition):
    """The ban that stops `organization` applying to `edition`'s program today, or None."""
    from workflows.eligibility.selectors import active_ban

    return active_ban(organization, edition.program, timezone.localdate())


def desk_actions(application: AwardApplication, user) -> list[DeskAction]:
    """The secretariat desk's buttons: the transitions marked for the desk (awards/models.py
    `on_desk`) that django-fsm allows this user now, in the order the model declares them."""
    return desks.offered(application, user)


def bulk_desk_actions() -> dict[str, DeskAction]:
    """The desk's buttons a list page may apply to many rows at once (no form but a reason)."""
    return desks.bulk_actions(AwardApplication)


def staff_applications_by_ids(ids: list[int]) -> list[AwardApplication]:
    """The checked rows of a bulk action, in the order the desk lists them."""
    return list(_base().exclude(state=State.DRAFT).filter(pk__in=ids).order_by("-submitted_at", "-id"))


def desk_transition_names() -> set[str]:
    return set(desks.declared(AwardApplication))


def call_terms(edition: Edition) -> dict:
    """What an award call states beyond the rules: the documents the form asks for and the procedure
    this edition runs (its optional stages), both from the edition's settings (docs/call-pages.md)."""
    steps = [_("在线填报并提交申报材料")]
    if edition.has_recommendation_notice:
        steps.append(_("推荐单位内部公示"))
    steps += [_("推荐单位初审并推荐"), _("评审办受理"), _("资格审查"), _("材料评审")]
    if edition.has_defence:
        steps.append(_("陈述答辩"))
    if edition.has_site_review:
        steps.append(_("现场评审"))
    steps += [_("综合评价"), _("评审委员会审议（无记名投票）"), _("拟授奖名单公示"), _("政府审定并授奖")]
    quotas = [_("奖项不超过%(n)s名") % {"n": edition.award_quota}]
    if edition.nomination_quota:
        quotas.append(_("提名奖不超过%(n)s名") % {"n": edition.nomination_quota})
    return {
        # Labels are data (edition settings); the default ones have catalogue entries.
        "documents": [_(str(d["label"])) for d in edition_settings(edition).required_documents],
        "steps": steps,
        "quotas": quotas,
        "notice_subject": _("拟授奖名单"),
    }


def _notice_of(application: AwardApplication):
    """The application's latest public notice and its open objections' latest verification deadline."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Max

    from workflows.notices.models import NoticeCandidate, Objection

    candidate = (
        NoticeCandidate.objects.filter(
            content_type=ContentType.objects.get_for_model(AwardApplication), object_id=application.pk
        )
        .select_related("notice")
        .order_by("-notice__opens_at")
        .first()
    )
    if candidate is None:
        return None, None
    verification = Objection.objects.filter(notice_candidate=candidate, status__in=Objection.OPEN_STATUSES).aggregate(
        last=Max("verification_deadline")
    )["last"]
    return candidate.notice, verification


def next_step(application: AwardApplication, state: str | None = None) -> NextStep:
    """The next step for the application in its current state: what happens, who acts, by when, and
    what the applicant must do (docs/what-happens-next.md). Deadlines are the ones the edition's rules
    fixed when the step began (application window, correction window, notice periods)."""
    from django.urls import reverse

    from workflows.workdays import end_of_day

    # The applicant's card is drawn for the state it may see (a held result stays hidden).
    edition, state = application.edition, state or application.state
    edit_url = reverse("awards:edit", args=[application.pk])
    recommender, secretariat, experts = _("推荐单位"), _("评审办"), _("评审专家")
    if state == State.DRAFT:
        return NextStep(
            _("提交申报"),
            _("本单位"),
            edition.closes_at,
            _("完成各部分填报、上传申报材料，在申报截止前提交。"),
            edit_url,
            _("继续填报"),
        )
    if state == State.RETURNED_FOR_CORRECTION:
        return NextStep(
            _("补正材料并重新提交"),
            _("本单位"),
            application.correction_deadline,
            _("按退回意见补正：%(defects)s") % {"defects": application.correction_defects or _("见办理进度")},
            edit_url,
            _("补正材料"),
        )
    if state == State.SUBMITTED:
        step = _("推荐单位初审，开展内部公示") if edition.has_recommendation_notice else _("推荐单位初审并推荐")
        return NextStep(step, recommender, None, _("无需操作；如被退回补正，将通知您并在此显示补正期限。"))
    if state == State.RECOMMENDATION_NOTICE:
        until = application.recommendation_notice_until
        return NextStep(
            _("推荐公示期满后，推荐单位作出推荐决定"),
            recommender,
            end_of_day(until) if until else None,
            _("无需操作。"),
        )
    if state == State.RECOMMENDED:
        return NextStep(_("评审办受理"), secretariat, None, _("无需操作。"))
    if state == State.ACCEPTED:
        return NextStep(_("资格审查"), secretariat, None, _("无需操作；评审办可能联系您核实资格声明。"))
    if state == State.QUALIFIED:
        return NextStep(_("材料评审"), experts, None, _("无需操作。"))
    if state in REVIEW_STATES:
        defence, site = _("陈述答辩"), _("现场评审")
        stages = {
            State.MATERIAL_REVIEW: [defence] * edition.has_defence + [site] * edition.has_site_review,
            State.DEFENCE: [site] * edition.has_site_review,
        }.get(state, [])
        if stages:
            todo = {
                defence: _("准备陈述答辩；评审办将另行通知时间和地点。"),
                site: _("准备接受现场评审；评审办将另行通知日程。"),
            }[stages[0]]
            return NextStep(stages[0], experts, None, todo)
        if state == State.COMMITTEE_DELIBERATION:
            return NextStep(_("评审委员会投票，确定拟授奖名单"), _("评审委员会"), None, _("无需操作。"))
        return NextStep(_("综合评价，提交评审委员会审议"), secretariat, None, _("无需操作。"))
    if state == State.PROPOSED:
        notice = (_("%(n)s个工作日") if edition.notice_unit == edition.DayUnit.WORKING else _("%(n)s天（自然日）")) % {
            "n": edition.notice_length
        }
        return NextStep(
            _("拟授奖名单公示（公示期%(notice)s）") % {"notice": notice}, secretariat, None, _("无需操作。")
        )
    if state in (State.PUBLIC_NOTICE, State.OBJECTION_REVIEW):
        notice, verification = _notice_of(application)
        if state == State.OBJECTION_REVIEW:
            return NextStep(
                _("评审办核查异议"),
                secretariat,
                verification,
                _("如评审办要求说明情况，请在期限内提交。"),
            )
        return NextStep(_("公示期满后报政府审定"), secretariat, notice.closes_at if notice else None, _("无需操作。"))
    if state == State.PENDING_APPROVAL:
        return NextStep(_("政府审定"), edition.program.authority, None, _("无需操作；审定后将公告并颁发证书。"))
    if state == State.AWARDED:
        return NextStep(
            _("称号有效期内接受复评"),
            secretariat,
            None,
            _("在“我的称号”下载证书；宣传时须标明获奖年度。"),
            reverse("awards:dashboard") + "#my-titles",
            _("查看证书"),
        )
    return NextStep(_("办理已结束"), "", None, "", finished=True)


def document_labels(application: AwardApplication) -> dict[str, str]:
    """{slot: name} of the edition's required documents (Program.document_labels: the expert's dossier
    names each document as the call does, e.g. 自评报告, not by its slot code)."""
    return {d["slot"]: d["label"] for d in edition_settings(application.edition).required_documents}
