"""全国质量强市示范城市: the city case, its state machine and its data (docs/cities.md).

The model declares the legal moves, who may make them (workflows/permissions predicates) and,
in `custom=on_desk(...)` (workflows/desks.py), which desk offers each move and with which label; cities/services.py performs
them through workflows.services.perform_transition. Notice and naming moves carry the names the
engine calls (docs/programs.md).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accounts.models import Organization, region_code_validator
from workflows.desks import on_desk
from workflows.log_actions import labelled
from workflows.models import CriteriaFramework, Edition
from workflows.notices.transitions import notice_transitions
from workflows.surveys.models import SurveyDistrict, SurveyWindow

from .permissions import (
    is_city_government,
    is_committee_or_secretariat,
    is_provincial_group_for,
    is_secretariat,
    nobody,
)


class CityRules(models.Model):
    """The city program's rules of one edition (届次), edited in the admin; nothing is in code."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="city_rules")
    hearing_framework = models.ForeignKey(
        CriteriaFramework,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("申述答辩评分框架"),
        help_text=_("城市展示、主陈述、补充陈述、问答四个环节及其分值。"),
    )
    hearing_pass_score = models.DecimalField(_("答辩合格分"), max_digits=7, decimal_places=2, default=Decimal("60"))
    plan_due_months = models.PositiveSmallIntegerField(_("创建方案提交期限（月）"), default=3)
    creation_period_years = models.PositiveSmallIntegerField(_("创建期（年）"), default=2)
    progress_report_months = models.PositiveSmallIntegerField(
        _("年度进展报告报送期限（月）"), default=1, help_text=_("每个创建年度结束后几个月内报送年度创建进展报告。")
    )
    acceptance_pass_score = models.DecimalField(_("验收合格分"), max_digits=7, decimal_places=2, default=Decimal("80"))
    survey_points = models.PositiveSmallIntegerField(
        _("满意度测评分值"), default=10, help_text=_("市民质量满意度测评在验收总分中的分值。")
    )
    survey_min_responses = models.PositiveIntegerField(_("测评最少样本量"), default=30)
    renewal_lead_days = models.PositiveSmallIntegerField(
        _("期满复核提前天数"), default=90, help_text=_("示范期届满前多少天进入期满复核。")
    )

    class Meta:
        verbose_name = _("示范城市届次规则")
        verbose_name_plural = _("示范城市届次规则")

    def __str__(self) -> str:
        return f"{self.edition} · {_('示范城市规则')}"


class CityType(models.TextChoices):
    SUB_PROVINCIAL = "sub_provincial", _("副省级城市")
    SEPARATELY_PLANNED = "separately_planned", _("计划单列市")
    PREFECTURE = "prefecture", _("地级市")
    MUNICIPAL_DISTRICT = "municipal_district", _("直辖市城区")
    COUNTY_LEVEL = "county_level", _("县级市")


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPLIED = "applied", _("待省级推荐")
    NOT_RECOMMENDED = "not_recommended", _("未获推荐")
    RECOMMENDED = "recommended", _("已推荐")
    HEARING = "hearing", _("申述答辩")
    REJECTED = "rejected", _("未通过")
    PLANNING = "planning", _("批准创建（编制创建方案）")
    CREATING = "creating", _("创建期")
    CREATION_FAILED = "creation_failed", _("创建逾期")
    ACCEPTANCE_APPLIED = "acceptance_applied", _("已申请验收")
    ACCEPTANCE_REVIEW = "acceptance_review", _("验收评审")
    PROPOSED = "proposed", _("拟命名")
    PUBLIC_NOTICE = "public_notice", _("公示中")
    OBJECTION_REVIEW = "objection_review", _("异议核查")
    PENDING_APPROVAL = "pending_approval", _("待命名审定")
    NAMED = "named", _("示范城市（示范期）")
    RENEWAL_REVIEW = "renewal_review", _("期满复核")
    EXPIRED = "expired", _("示范期满")
    REVOKED = "revoked", _("已摘牌")
    WITHDRAWN = "withdrawn", _("已撤回")


# The public directory shows a city from the approval of its creation onwards.
PUBLIC_STATES = (
    State.PLANNING,
    State.CREATING,
    State.CREATION_FAILED,
    State.ACCEPTANCE_APPLIED,
    State.ACCEPTANCE_REVIEW,
    State.PROPOSED,
    State.PUBLIC_NOTICE,
    State.OBJECTION_REVIEW,
    State.PENDING_APPROVAL,
    State.NAMED,
    State.RENEWAL_REVIEW,
    State.EXPIRED,
    State.REVOKED,
)
# A city's citizens' survey (workflows/surveys, docs/surveys.md) may run while it is created and assessed.
SURVEY_STATES = (State.CREATING, State.ACCEPTANCE_APPLIED, State.ACCEPTANCE_REVIEW)
CREATING_STATES = (State.PLANNING, State.CREATING, State.ACCEPTANCE_APPLIED, State.ACCEPTANCE_REVIEW)
NAMED_STATES = (State.NAMED, State.RENEWAL_REVIEW)
ENDED_STATES = (State.CREATION_FAILED, State.EXPIRED, State.REVOKED)
PRE_NAMING_STATES = [
    State.APPLIED,
    State.RECOMMENDED,
    State.HEARING,
    State.PLANNING,
    State.CREATING,
    State.ACCEPTANCE_APPLIED,
    State.ACCEPTANCE_REVIEW,
    State.PROPOSED,
    State.PUBLIC_NOTICE,
    State.OBJECTION_REVIEW,
    State.PENDING_APPROVAL,
]


def _plan_filed(city) -> bool:
    """The secretariat decides on the creation plan only once the city has filed it."""
    return city.plan_submitted_at is not None


def _survey_running(city) -> bool:
    return city.survey_running


def _survey_not_running(city) -> bool:
    return not city.survey_running


class City(ConcurrentTransitionMixin, SurveyWindow, models.Model):
    """One city government's case in one edition, from application to exit."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="cities")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="cities", verbose_name=_("创建主体（城市人民政府）")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = FSMField(_("状态"), default=State.DRAFT, choices=State.choices, protected=True, db_index=True)
    reference_no = models.CharField(_("编号"), max_length=30, unique=True, null=True, blank=True)
    # Profile (申报信息)
    name = models.CharField(_("城市名称"), max_length=100)
    city_type = models.CharField(_("城市类型"), max_length=30, choices=CityType.choices)
    region_code = models.CharField(_("行政区划代码"), max_length=6, validators=[region_code_validator], db_index=True)
    province_code = models.CharField(_("省级区划"), max_length=2, db_index=True, editable=False)
    population_10k = models.DecimalField(_("常住人口（万人）"), max_digits=9, decimal_places=2, null=True, blank=True)
    summary = models.TextField(_("城市质量工作概况"), blank=True)
    # Decisions and dates, each recorded once when the decision is taken
    recommendation_opinion = models.TextField(_("省级推荐意见"), blank=True)
    hearing_score = models.DecimalField(_("答辩合议得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    approval_doc_no = models.CharField(_("批准创建文号"), max_length=100, blank=True)
    approved_on = models.DateField(_("批准创建日期"), null=True, blank=True)
    plan_due_on = models.DateField(_("创建方案提交截止"), null=True, blank=True)
    plan_submitted_at = models.DateTimeField(_("创建方案提交时间"), null=True, blank=True)
    creation_starts_on = models.DateField(_("创建期起"), null=True, blank=True)
    creation_ends_on = models.DateField(_("创建期止"), null=True, blank=True)
    expert_score = models.DecimalField(_("专家指标评分"), max_digits=7, decimal_places=2, null=True, blank=True)
    survey_score = models.DecimalField(_("满意度测评得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    final_score = models.DecimalField(_("验收总分"), max_digits=7, decimal_places=2, null=True, blank=True)
    named_on = models.DateField(_("命名日期"), null=True, blank=True)
    demonstration_ends_on = models.DateField(_("示范期止"), null=True, blank=True)
    revoked_on = models.DateField(_("摘牌日期"), null=True, blank=True)
    revocation_reason = models.TextField(_("摘牌原因"), blank=True)
    survey_districts = GenericRelation(SurveyDistrict, content_type_field="case_type", object_id_field="case_id")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("质量强市示范城市")
        verbose_name_plural = _("质量强市示范城市")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["edition", "organization"], name="one_city_case_per_edition")]

    def __str__(self) -> str:
        return self.name

    @property
    def public_profile(self) -> str:
        """What the public notice prints about the candidate."""
        return f"{self.name}（{self.get_city_type_display()}）。{self.summary}"

    # --- the city government ---------------------------------------------------------------
    @transition(
        field=state,
        source=State.DRAFT,
        target=State.APPLIED,
        permission=is_city_government,
        custom=labelled(_("提交创建申请")),
    )
    def submit(self):
        pass

    @transition(
        field=state,
        source=PRE_NAMING_STATES,
        target=State.WITHDRAWN,
        permission=is_city_government,
        custom=on_desk(_("撤回申请"), desk="city", form="reason", needs_reason=True, danger=True),
    )
    def withdraw(self):
        pass

    @transition(
        field=state,
        source=State.CREATING,
        target=State.ACCEPTANCE_APPLIED,
        permission=is_city_government,
        custom=labelled(_("申请验收")),
    )
    def apply_for_acceptance(self):
        pass

    # --- the provincial leading group (省质量强省工作领导小组) --------------------------------
    @transition(
        field=state,
        source=State.APPLIED,
        target=State.RECOMMENDED,
        permission=is_provincial_group_for,
        custom=on_desk(_("推荐"), desk="province", form="reason"),
    )
    def recommend(self):
        pass

    @transition(
        field=state,
        source=State.APPLIED,
        target=State.NOT_RECOMMENDED,
        permission=is_provincial_group_for,
        custom=on_desk(_("不予推荐"), desk="province", form="reason", needs_reason=True, danger=True),
    )
    def not_recommend(self):
        pass

    # --- the national secretariat ------------------------------------------------------------
    @transition(
        field=state,
        source=State.RECOMMENDED,
        target=State.HEARING,
        permission=is_secretariat,
        custom=on_desk(_("组织申述答辩"), form="panel"),
    )
    def start_hearing(self):
        pass

    @transition(
        field=state,
        source=State.HEARING,
        target=State.PLANNING,
        permission=is_secretariat,
        custom=on_desk(_("批准创建"), form="approval"),
    )
    def approve_creation(self):
        pass

    @transition(
        field=state,
        source=[State.HEARING, State.ACCEPTANCE_REVIEW],
        target=State.REJECTED,
        permission=is_committee_or_secretariat,
        custom=on_desk(_("不予通过"), form="reason", needs_reason=True, danger=True),
    )
    def reject(self):
        pass

    @transition(
        field=state,
        source=State.PLANNING,
        target=State.CREATING,
        permission=is_secretariat,
        conditions=[_plan_filed],
        custom=on_desk(_("批准创建方案，进入创建期"), form="reason"),
    )
    def approve_plan(self):
        pass

    @transition(
        field=state,
        source=State.PLANNING,
        target=State.PLANNING,
        permission=is_secretariat,
        conditions=[_plan_filed],
        custom=on_desk(_("退回创建方案修改"), form="reason", needs_reason=True, danger=True),
    )
    def return_plan(self):
        """A self-loop so sending the plan back is a logged decision like any other."""

    # Decisions on a yearly progress report: self-loops, so each is on the audit chain and emailed to
    # the city (cities/program.py) like any other step; no desk button (the report's own form).
    @transition(
        field=state,
        source=State.CREATING,
        target=State.CREATING,
        permission=is_secretariat,
        custom=labelled(_("年度进展报告通过")),
    )
    def accept_progress_report(self):
        pass

    @transition(
        field=state,
        source=State.CREATING,
        target=State.CREATING,
        permission=is_secretariat,
        custom=labelled(_("退回年度进展报告")),
    )
    def return_progress_report(self):
        pass

    @transition(
        field=state,
        source=State.CREATING,
        target=State.CREATION_FAILED,
        permission=nobody,
        custom=labelled(_("创建期满未通过验收")),
    )
    def fail_creation(self):
        pass

    @transition(
        field=state,
        source=State.ACCEPTANCE_APPLIED,
        target=State.ACCEPTANCE_REVIEW,
        permission=is_secretariat,
        custom=on_desk(_("组织验收评审并开启满意度测评"), form="acceptance_panel"),
    )
    def start_acceptance_review(self):
        pass

    # The citizens' survey of this city (workflows/surveys/services.py): opened with the acceptance review
    # or on the survey's city page, closed there or when the acceptance is concluded; the state does not
    # change (target None). No desk button: a creating city would count as waiting on the desk.
    @transition(
        field=state,
        source=SURVEY_STATES,
        target=None,
        permission=is_secretariat,
        conditions=[_survey_not_running],
        custom=labelled(_("开启满意度测评")),
    )
    def open_survey(self):
        self.survey_opened_at, self.survey_closed_at = timezone.now(), None

    @transition(
        field=state,
        source=SURVEY_STATES,
        target=None,
        permission=is_committee_or_secretariat,
        conditions=[_survey_running],
        custom=labelled(_("结束满意度测评")),
    )
    def close_survey(self):
        self.survey_closed_at = timezone.now()

    @transition(
        field=state,
        source=State.ACCEPTANCE_REVIEW,
        target=State.PROPOSED,
        permission=is_committee_or_secretariat,
        custom=on_desk(_("汇总验收得分，拟命名"), form="confirm"),
    )
    def propose(self):
        pass

    # --- public notice and naming (the names workflows/notices calls) -----------------------
    (
        open_public_notice,
        start_objection_review,
        resume_public_notice,
        close_public_notice,
        award,  # 命名: confers the Title (three-year validity)
        decline_award,
        disqualify,
    ) = notice_transitions(
        state,
        named=State.NAMED,
        notice_button=on_desk(_("发布拟命名公示"), form="notice"),
        naming_button=on_desk(_("命名"), form="naming"),
    )

    # --- demonstration period and exit ------------------------------------------------------
    @transition(
        field=state,
        source=State.NAMED,
        target=State.RENEWAL_REVIEW,
        permission=is_secretariat,
        custom=on_desk(_("开始期满复核"), form="reason"),
    )
    def start_renewal_review(self):
        pass

    @transition(
        field=state,
        source=State.RENEWAL_REVIEW,
        target=State.NAMED,
        permission=is_secretariat,
        custom=on_desk(_("复核合格，续期"), form="reason"),
    )
    def renew(self):
        pass

    @transition(
        field=state,
        source=State.RENEWAL_REVIEW,
        target=State.EXPIRED,
        permission=is_secretariat,
        custom=on_desk(_("复核不合格，期满退出"), form="reason", needs_reason=True, danger=True),
    )
    def expire(self):
        pass

    # The title's end, performed by workflows/titles (docs/programs.md "Titles"): no desk offers these;
    # 摘牌 is decided on the title (the city desk's revoke form calls workflows.titles.revoke_title).
    @transition(
        field=state, source=list(NAMED_STATES), target=State.REVOKED, permission=nobody, custom=labelled(_("摘牌"))
    )
    def delist(self):
        pass

    @transition(
        field=state, source=State.NAMED, target=State.EXPIRED, permission=nobody, custom=labelled(_("有效期满"))
    )
    def end_demonstration(self):
        pass


class CityYearFigures(models.Model):
    """The city's profile for one of the three years before its application."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="year_figures")
    year = models.PositiveIntegerField(_("年度"))
    gdp_100m = models.DecimalField(_("地区生产总值（亿元）"), max_digits=12, decimal_places=2)
    pillar_industries = models.CharField(_("支柱产业"), max_length=300)
    spot_check_pass_rate = models.DecimalField(
        _("产品质量监督抽查合格率（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    quality_incidents = models.PositiveIntegerField(_("重大质量安全事故（起）"), default=0)
    famous_brands = models.PositiveIntegerField(_("知名品牌数"), default=0)

    class Meta:
        verbose_name = _("城市年度数据")
        ordering = ["city", "year"]
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="one_city_figures_per_year")]

    def __str__(self) -> str:
        return f"{self.city} {self.year}"


class PlanItem(models.Model):
    """One line of the city's creation plan (创建方案): a quantitative indicator or a task, each with
    the department that owns it and its target (e.g. 产品质量监督抽查合格率 ≥ 95 %)."""

    class Kind(models.TextChoices):
        INDICATOR = "indicator", _("量化指标")
        TASK = "task", _("创建任务")

    class Comparator(models.TextChoices):
        AT_LEAST = "ge", "≥"
        AT_MOST = "le", "≤"
        EQUAL = "eq", "="

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="plan_items")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.INDICATOR)
    title = models.CharField(_("指标或任务"), max_length=200)
    owner_department = models.CharField(_("责任部门"), max_length=120)
    comparator = models.CharField(_("目标关系"), max_length=2, choices=Comparator.choices, blank=True)
    target_value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    target_text = models.CharField(_("完成标准"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("创建方案条目")
        ordering = ["city", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.target}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.INDICATOR:
            errors = {}
            if not self.comparator:
                errors["comparator"] = _("量化指标须选择目标关系（≥、≤ 或 =）。")
            if self.target_value is None:
                errors["target_value"] = _("量化指标须填写目标值。")
            if errors:
                raise ValidationError(errors)
        elif not self.target_text.strip():
            raise ValidationError({"target_text": _("创建任务须填写完成标准。")})

    @property
    def target(self) -> str:
        if self.kind == self.Kind.INDICATOR and self.target_value is not None:
            return f"{self.get_comparator_display()} {self.target_value.normalize():f}{self.unit}".strip()
        return self.target_text


class ProgressReport(models.Model):
    """The city's yearly report (年度创建进展) against its plan during the creation period, or, with
    `final`, the final figures it files with its acceptance application (docs/cities.md)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        ACCEPTED = "accepted", _("已通过")
        RETURNED = "returned", _("已退回修改")

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="progress_reports")
    year = models.PositiveSmallIntegerField(_("创建年度"))
    final = models.BooleanField(_("验收申请终期报告"), default=False)
    due_on = models.DateField(_("报送截止"), null=True, blank=True)
    narrative = models.TextField(_("总体进展"))
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("附件")
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("报送时间"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("退回理由"), blank=True)

    class Meta:
        verbose_name = _("创建进展报告")
        ordering = ["city", "final", "year"]
        constraints = [
            models.UniqueConstraint(fields=["city", "year", "final"], name="one_city_progress_report_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.year}"


class ProgressLine(models.Model):
    """What one plan item achieved by the report: a value for an indicator, a status and a note."""

    class Progress(models.TextChoices):
        MET = "met", _("已达标")
        ON_TRACK = "on_track", _("按计划推进")
        BEHIND = "behind", _("滞后")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="lines")
    plan_item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="+")
    achieved_value = models.DecimalField(_("完成值"), max_digits=14, decimal_places=2, null=True, blank=True)
    progress = models.CharField(_("完成情况"), max_length=10, choices=Progress.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("进展报告条目")
        ordering = ["report", "plan_item__kind", "plan_item_id"]
        constraints = [models.UniqueConstraint(fields=["report", "plan_item"], name="one_progress_line_per_item")]

    def __str__(self) -> str:
        return f"{self.plan_item}: {self.get_progress_display()}"
