"""Demonstration zones (示范区): the zone case, its state machine and its data (docs/domain.md, "Demonstration zones").

The model declares the legal moves, their guards and who may make them; brands/services.py
performs them through workflows.services.perform_transition (lock, permission, log, effects).
The notice-phase transitions carry the same names as on AwardApplication so the generic
notice engine (workflows/notices) drives zones exactly as it drives awards.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accounts.models import ZONE_CREATING_BODY_KINDS, Organization, region_code_validator
from workflows.desks import Button, desk_buttons, on_desk
from workflows.log_actions import labelled
from workflows.models import Criterion, Edition
from workflows.notices.transitions import notice_transitions

from .permissions import (
    is_committee_or_secretariat,
    is_creating_body_member,
    is_provincial_recommender_for,
    is_secretariat,
    nobody,
)

CREATING_BODY_KINDS = ZONE_CREATING_BODY_KINDS  # who may apply for a zone (accounts knows the kinds)


def default_zone_documents() -> list[dict]:
    """The creating body's application materials (docs/domain.md: the application form and the creation
    plan). Labels are Chinese data; the defaults have English in the catalogue (docs/call-pages.md)."""
    return [
        {"slot": "application_form", "label": "示范区申报书"},
        {"slot": "creation_plan", "label": "创建方案"},
    ]


class ZoneRules(models.Model):
    """Zone-specific rules of one edition (届次), edited by staff in the Wagtail admin."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="zone_rules")
    creation_period_years = models.PositiveSmallIntegerField(_("筹建期（年）"), default=2)
    extension_months = models.PositiveSmallIntegerField(_("延期时长（月）"), default=6)
    reminder_lead_days = models.PositiveSmallIntegerField(_("提前提醒（天）"), default=60)
    acceptance_pass_score = models.DecimalField(_("验收合格分"), max_digits=7, decimal_places=2, default=Decimal("70"))
    provincial_quota = models.PositiveSmallIntegerField(
        _("每省推荐名额"),
        default=0,
        help_text=_("每个省级推荐单位本届最多推荐的示范区数，0 为不限。"),
    )
    # The call page lists them and submission refuses while one is missing (one list, no drift).
    required_documents = models.JSONField(
        _("必备材料"),
        default=default_zone_documents,
        help_text=_('列表：[{"slot": "代码", "label": "名称"}]。'),
    )

    class Meta:
        verbose_name = _("示范区届次规则")
        verbose_name_plural = _("示范区届次规则")

    def __str__(self) -> str:
        return f"{self.edition} · 示范区规则"


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPLIED = "applied", _("已申请")
    PROVINCIAL_REVIEW = "provincial_review", _("省级审核")
    RECOMMENDED = "recommended", _("已推荐")
    NOT_RECOMMENDED = "not_recommended", _("未推荐")
    NATIONAL_REVIEW = "national_review", _("国家审核")
    REJECTED = "rejected", _("未通过")
    APPROVED_FOR_CREATION = "approved_for_creation", _("批准筹建")
    UNDER_CREATION = "under_creation", _("筹建中")
    CREATION_FAILED = "creation_failed", _("筹建逾期")
    ACCEPTANCE_APPLIED = "acceptance_applied", _("已申请验收")
    ACCEPTANCE_PRECHECK = "acceptance_precheck", _("验收预审")
    RETURNED_WITH_FEEDBACK = "returned_with_feedback", _("退回整改")
    EXPERT_ASSESSMENT = "expert_assessment", _("专家评估")
    PROPOSED = "proposed", _("拟命名")
    PUBLIC_NOTICE = "public_notice", _("公示中")
    OBJECTION_REVIEW = "objection_review", _("异议复核")
    PENDING_APPROVAL = "pending_approval", _("待命名审定")
    RECOGNIZED = "recognized", _("已命名")
    DEMONSTRATION = "demonstration", _("示范期")
    EXPIRY_REVIEW = "expiry_review", _("期满复核")
    EXPIRED = "expired", _("已期满")
    WITHDRAWN = "withdrawn", _("已撤回")
    REVOKED = "revoked", _("已摘牌")


# The directory shows a zone from the national approval onwards; earlier stages are internal.
PUBLIC_STATES = [
    State.APPROVED_FOR_CREATION,
    State.UNDER_CREATION,
    State.CREATION_FAILED,
    State.ACCEPTANCE_APPLIED,
    State.ACCEPTANCE_PRECHECK,
    State.RETURNED_WITH_FEEDBACK,
    State.EXPERT_ASSESSMENT,
    State.PROPOSED,
    State.PUBLIC_NOTICE,
    State.OBJECTION_REVIEW,
    State.PENDING_APPROVAL,
    State.RECOGNIZED,
    State.DEMONSTRATION,
    State.EXPIRY_REVIEW,
    State.EXPIRED,
    State.REVOKED,
]

PUBLIC_LABELS = {
    State.APPROVED_FOR_CREATION: _("批准筹建"),
    State.UNDER_CREATION: _("筹建中"),
    State.CREATION_FAILED: _("筹建未完成"),
    State.ACCEPTANCE_APPLIED: _("验收中"),
    State.ACCEPTANCE_PRECHECK: _("验收中"),
    State.RETURNED_WITH_FEEDBACK: _("筹建中（整改）"),
    State.EXPERT_ASSESSMENT: _("验收中"),
    State.PROPOSED: _("验收通过，待公示"),
    State.PUBLIC_NOTICE: _("公示中"),
    State.OBJECTION_REVIEW: _("公示中"),
    State.PENDING_APPROVAL: _("公示期满，待命名"),
    State.RECOGNIZED: _("已命名"),
    State.DEMONSTRATION: _("示范区"),
    State.EXPIRY_REVIEW: _("示范区（期满复核）"),
    State.EXPIRED: _("示范期满"),
    State.REVOKED: _("已摘牌"),
}

# Groups for the public status filter: one choice stands for several internal states.
PUBLIC_STATUS_GROUPS = {
    "creating": (
        _("筹建中"),
        [State.APPROVED_FOR_CREATION, State.UNDER_CREATION, State.RETURNED_WITH_FEEDBACK],
    ),
    "acceptance": (
        _("验收与公示"),
        [
            State.ACCEPTANCE_APPLIED,
            State.ACCEPTANCE_PRECHECK,
            State.EXPERT_ASSESSMENT,
            State.PROPOSED,
            State.PUBLIC_NOTICE,
            State.OBJECTION_REVIEW,
            State.PENDING_APPROVAL,
        ],
    ),
    "demonstration": (
        _("示范区"),
        [State.RECOGNIZED, State.DEMONSTRATION, State.EXPIRY_REVIEW],
    ),
    "ended": (
        _("已退出"),
        [State.CREATION_FAILED, State.EXPIRED, State.REVOKED],
    ),
}

PRE_RECOGNITION_STATES = [
    State.APPLIED,
    State.PROVINCIAL_REVIEW,
    State.RECOMMENDED,
    State.NATIONAL_REVIEW,
    State.APPROVED_FOR_CREATION,
    State.UNDER_CREATION,
    State.ACCEPTANCE_APPLIED,
    State.ACCEPTANCE_PRECHECK,
    State.RETURNED_WITH_FEEDBACK,
    State.EXPERT_ASSESSMENT,
    State.PROPOSED,
    State.PUBLIC_NOTICE,
    State.OBJECTION_REVIEW,
    State.PENDING_APPROVAL,
]
CREATING_STATES = [State.UNDER_CREATION, State.RETURNED_WITH_FEEDBACK]


def _extension_pending(zone) -> bool:
    """The creating body's extension request waits for the secretariat's decision."""
    request = getattr(zone, "extension_request", None)
    return request is not None and request.decision == ExtensionRequest.Decision.PENDING


class Zone(ConcurrentTransitionMixin, models.Model):
    """One creating body's demonstration-zone case in one edition."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="zones")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="zones",
        verbose_name=_("创建主体"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = FSMField(_("状态"), default=State.DRAFT, choices=State.choices, protected=True, db_index=True)
    reference_no = models.CharField(_("编号"), max_length=30, unique=True, null=True, blank=True)
    # Zone data (申报信息)
    name = models.CharField(_("示范区名称"), max_length=200)
    park_name = models.CharField(_("园区名称"), max_length=200)
    region_code = models.CharField(_("所在地区"), max_length=6, validators=[region_code_validator], db_index=True)
    province_code = models.CharField(_("省级区划"), max_length=2, db_index=True, editable=False)
    leading_industry = models.CharField(_("主导产业"), max_length=100)
    industry_code = models.CharField(_("行业代码"), max_length=10, blank=True, db_index=True)
    area_km2 = models.DecimalField(_("面积（平方公里）"), max_digits=10, decimal_places=2, null=True)
    summary = models.TextField(_("简介"), blank=True)
    # Decisions and deadlines, each computed once when the decision is taken
    approval_doc_no = models.CharField(_("批准筹建文号"), max_length=100, blank=True)
    approved_at = models.DateTimeField(_("批准筹建时间"), null=True, blank=True)
    creation_deadline = models.DateTimeField(_("筹建截止"), null=True, blank=True)
    acceptance_applied_at = models.DateTimeField(_("申请验收时间"), null=True, blank=True)
    computed_score = models.DecimalField(_("数据指标得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    expert_score = models.DecimalField(_("专家评分"), max_digits=7, decimal_places=2, null=True, blank=True)
    final_score = models.DecimalField(_("验收得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    recognition_doc_no = models.CharField(_("命名文号"), max_length=100, blank=True)
    recognized_on = models.DateField(_("命名日期"), null=True, blank=True)
    demonstration_ends_on = models.DateField(_("示范期截止"), null=True, blank=True)
    revoked_on = models.DateField(_("摘牌日期"), null=True, blank=True)
    revocation_reason = models.TextField(_("摘牌原因"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("示范区")
        verbose_name_plural = _("示范区")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "organization", "park_name"], name="one_zone_per_park_edition")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def public_label(self) -> str:
        # Not `.get(state, self.get_state_display())`: that evaluates the display label (a walk over the
        # lazy choices) on every call, and lists show a label per row.
        label = PUBLIC_LABELS.get(self.state)
        return label if label is not None else self.get_state_display()

    @property
    def public_profile(self) -> str:
        """What the notice engine (workflows/notices) prints about the candidate."""
        return f"{self.name}（{self.park_name}，主导产业：{self.leading_industry}）。{self.summary}"

    # --- creating body -------------------------------------------------------------------
    @transition(
        field=state,
        source=State.DRAFT,
        target=State.APPLIED,
        permission=is_creating_body_member,
        custom=labelled(_("提交创建申请")),
    )
    def submit(self):
        pass

    @transition(
        field=state,
        source=PRE_RECOGNITION_STATES,
        target=State.WITHDRAWN,
        permission=is_creating_body_member,
        custom=labelled(_("撤回申请")),
    )
    def withdraw(self):
        pass

    @transition(
        field=state,
        source=CREATING_STATES,
        target=State.ACCEPTANCE_APPLIED,
        permission=is_creating_body_member,
        custom=labelled(_("申请验收")),
    )
    def apply_for_acceptance(self):
        pass

    @transition(
        field=state,
        source=State.RETURNED_WITH_FEEDBACK,
        target=State.UNDER_CREATION,
        permission=is_creating_body_member,
        custom=labelled(_("整改后继续创建")),
    )
    def resume_creation(self):
        pass

    # --- province (省级市场监管局推荐) -------------------------------------------------------
    @transition(
        field=state,
        source=State.APPLIED,
        target=State.PROVINCIAL_REVIEW,
        permission=is_provincial_recommender_for,
        custom=labelled(_("开始省级审核")),
    )
    def start_provincial_review(self):
        pass

    @transition(
        field=state,
        source=State.PROVINCIAL_REVIEW,
        target=State.RECOMMENDED,
        permission=is_provincial_recommender_for,
        custom=labelled(_("推荐")),
    )
    def recommend(self):
        pass

    @transition(
        field=state,
        source=[State.APPLIED, State.PROVINCIAL_REVIEW],
        target=State.NOT_RECOMMENDED,
        permission=is_provincial_recommender_for,
        custom=labelled(_("不予推荐")),
    )
    def not_recommend(self):
        pass

    # --- national authority (SAMR secretariat) -------------------------------------------
    # The secretariat desk's buttons are declared on the transitions they perform (`custom=on_desk`,
    # workflows/desks.py); brands/views.py maps each button to its service and form.
    @transition(
        field=state,
        source=State.RECOMMENDED,
        target=State.NATIONAL_REVIEW,
        permission=is_secretariat,
        custom=on_desk(_("开始国家审核")),
    )
    def start_national_review(self):
        pass

    @transition(
        field=state,
        source=State.NATIONAL_REVIEW,
        target=State.APPROVED_FOR_CREATION,
        permission=is_secretariat,
        custom=on_desk(_("批准筹建"), action="approve", form="approval"),
    )
    def approve_for_creation(self):
        pass

    # After the expert assessment the conclusion (`propose`'s buttons) decides between propose and reject.
    @transition(
        field=state, source=State.EXPERT_ASSESSMENT, target=State.REJECTED, permission=is_committee_or_secretariat
    )
    @transition(
        field=state,
        source=State.NATIONAL_REVIEW,
        target=State.REJECTED,
        permission=is_committee_or_secretariat,
        custom=on_desk(_("不予批准"), form="reason", needs_reason=True, danger=True),
    )
    def reject(self):
        pass

    @transition(
        field=state,
        source=State.EXPERT_ASSESSMENT,
        target=State.PROPOSED,
        permission=is_committee_or_secretariat,
        custom=desk_buttons(
            Button(_("组建专家组"), action="open_indicator_review", form="panel"),
            # Totals the scores, then proposes (pass) or rejects (brands.services.conclude_expert_assessment).
            Button(_("汇总评估结论"), action="conclude_assessment"),
        ),
    )
    def propose(self):
        pass

    @transition(
        field=state,
        source=State.APPROVED_FOR_CREATION,
        target=State.UNDER_CREATION,
        permission=is_secretariat,
        custom=labelled(_("进入筹建期")),
    )
    def start_creation(self):
        pass

    @transition(
        field=state,
        source=State.UNDER_CREATION,
        target=State.UNDER_CREATION,
        permission=is_secretariat,
        conditions=[_extension_pending],
        custom=on_desk(_("决定延期申请"), action="decide_extension", form="extension"),
    )
    def extend_creation(self):
        """A self-loop so the granted extension is a logged transition like any other decision."""

    @transition(
        field=state,
        source=CREATING_STATES,
        target=State.CREATION_FAILED,
        permission=nobody,
        custom=labelled(_("筹建期满未通过验收")),
    )
    def fail_creation(self):
        pass

    @transition(
        field=state,
        source=State.ACCEPTANCE_APPLIED,
        target=State.ACCEPTANCE_PRECHECK,
        permission=is_secretariat,
        custom=on_desk(_("开始验收预审")),
    )
    def start_acceptance_precheck(self):
        pass

    @transition(
        field=state,
        source=State.ACCEPTANCE_PRECHECK,
        target=State.EXPERT_ASSESSMENT,
        permission=is_secretariat,
        custom=on_desk(_("预审通过，进入专家评估"), action="pass_precheck"),
    )
    def start_expert_assessment(self):
        pass

    @transition(
        field=state,
        source=State.ACCEPTANCE_PRECHECK,
        target=State.RETURNED_WITH_FEEDBACK,
        permission=is_secretariat,
        custom=on_desk(_("退回整改"), form="reason", needs_reason=True, danger=True),
    )
    def return_with_feedback(self):
        pass

    # --- public notice and naming (same names as awards, for workflows/notices) ------------
    (
        open_public_notice,
        start_objection_review,
        resume_public_notice,
        close_public_notice,
        award,  # 命名: confers the Title
        decline_award,
        disqualify,
    ) = notice_transitions(
        state,
        named=State.RECOGNIZED,
        notice_button=on_desk(_("发布验收结果公示"), action="put_on_public_notice", form="notice"),
        naming_button=on_desk(_("命名"), action="recognize", form="recognition"),
    )

    # --- demonstration period and exit ---------------------------------------------------
    @transition(
        field=state,
        source=State.RECOGNIZED,
        target=State.DEMONSTRATION,
        permission=is_secretariat,
        custom=labelled(_("进入示范期")),
    )
    def start_demonstration(self):
        pass

    @transition(
        field=state,
        source=State.DEMONSTRATION,
        target=State.EXPIRY_REVIEW,
        permission=is_secretariat,
        custom=on_desk(_("开始期满复核")),
    )
    def start_expiry_review(self):
        pass

    @transition(
        field=state,
        source=State.EXPIRY_REVIEW,
        target=State.DEMONSTRATION,
        permission=is_secretariat,
        custom=on_desk(_("复核合格，续期"), form="reason", needs_reason=True),
    )
    def renew(self):
        pass

    @transition(
        field=state,
        source=State.EXPIRY_REVIEW,
        target=State.EXPIRED,
        permission=is_secretariat,
        custom=on_desk(_("复核不合格，期满退出"), form="reason", needs_reason=True, danger=True),
    )
    def expire(self):
        pass

    @transition(
        field=state,
        source=[State.RECOGNIZED, State.DEMONSTRATION, State.EXPIRY_REVIEW],
        target=State.REVOKED,
        permission=is_secretariat,
        custom=on_desk(_("摘牌"), form="revocation", needs_reason=True, danger=True),
    )
    def revoke(self):
        pass

    # The title's validity ended with no renewal decision pending (performed by workflows/titles,
    # docs/programs.md "Titles"); the secretariat's own decision after an expiry review is `expire`.
    @transition(
        field=state,
        source=[State.RECOGNIZED, State.DEMONSTRATION],
        target=State.EXPIRED,
        permission=nobody,
        custom=labelled(_("有效期满")),
    )
    def end_demonstration(self):
        pass


class ZoneYearFigures(models.Model):
    """The zone's key figures for one year, as filed by the creating body."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="year_figures")
    year = models.PositiveIntegerField(_("年度"))
    enterprise_count = models.PositiveIntegerField(_("企业数量"), default=0)
    output_value = models.DecimalField(_("产值（亿元）"), max_digits=12, decimal_places=2)
    leading_industry_share = models.DecimalField(_("主导产业占比（%）"), max_digits=5, decimal_places=2, default=0)
    brand_count = models.PositiveIntegerField(_("知名品牌数"), default=0)
    gi_product_count = models.PositiveIntegerField(_("地理标志产品数"), default=0)
    standards_led_count = models.PositiveIntegerField(_("主导制定标准数"), default=0)

    class Meta:
        verbose_name = _("年度数据")
        ordering = ["zone", "year"]
        constraints = [models.UniqueConstraint(fields=["zone", "year"], name="one_figures_row_per_zone_year")]

    def __str__(self) -> str:
        return f"{self.zone} {self.year}"


class ZoneReport(models.Model):
    """Annual progress reports and the mid-term self-check (creation), annual reports (demonstration)."""

    class Kind(models.TextChoices):
        CREATION_PROGRESS = "creation_progress", _("筹建年度进展报告")
        MIDTERM_SELF_CHECK = "midterm_self_check", _("中期自查报告")
        DEMONSTRATION_ANNUAL = "demonstration_annual", _("示范期年度报告")

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    year = models.PositiveIntegerField(_("年度"))
    summary = models.TextField(_("报告内容"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("示范区报告")
        ordering = ["zone", "year", "kind"]
        constraints = [models.UniqueConstraint(fields=["zone", "kind", "year"], name="one_zone_report_per_kind_year")]

    def __str__(self) -> str:
        return f"{self.zone} {self.year} {self.get_kind_display()}"


class ExtensionRequest(models.Model):
    """The one extension of the creation period a zone may ask for; staff decide."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待决定")
        GRANTED = "granted", _("已批准")
        REFUSED = "refused", _("未批准")

    zone = models.OneToOneField(Zone, on_delete=models.CASCADE, related_name="extension_request")
    reason = models.TextField(_("延期理由"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(_("决定"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("决定说明"), blank=True)
    previous_deadline = models.DateTimeField(null=True, blank=True)
    new_deadline = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("筹建延期申请")

    def __str__(self) -> str:
        return f"{self.zone} · {self.get_decision_display()}"


class ZoneReminder(models.Model):
    """A reminder already sent, so the daily task never sends the same one twice."""

    class Kind(models.TextChoices):
        CREATION_DEADLINE = "creation_deadline", _("筹建截止提醒")
        DEMONSTRATION_END = "demonstration_end", _("示范期满提醒")

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    due = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["zone", "kind", "due"], name="one_reminder_per_due")]


class IndicatorMethod(models.Model):
    """How one indicator (a Criterion item of the zone edition's framework) is assessed.

    For computed indicators `spec` says how submitted yearly figures become points:
      {"type": "threshold", "metric": "brand_count", "steps": [[20, 1.0], [10, 0.6], [1, 0.3]]}
      {"type": "ratio", "metric": "leading_industry_share", "target": 60}
      {"type": "growth", "metric": "output_value", "target": 10}   # % growth on the previous year
    """

    class Method(models.TextChoices):
        DOCUMENT_CHECK = "document_check", _("查验文件")
        ONSITE_CHECK = "onsite_check", _("现场核查")
        COMPUTED = "computed", _("数据计算")

    METRICS = [
        "enterprise_count",
        "output_value",
        "leading_industry_share",
        "brand_count",
        "gi_product_count",
        "standards_led_count",
    ]
    SPEC_TYPES = ["threshold", "ratio", "growth"]

    criterion = models.OneToOneField(Criterion, on_delete=models.CASCADE, related_name="zone_method")
    method = models.CharField(_("评价方式"), max_length=20, choices=Method.choices)
    spec = models.JSONField(_("计算规则"), default=dict, blank=True)

    class Meta:
        verbose_name = _("指标评价方式")
        verbose_name_plural = _("指标评价方式")

    def __str__(self) -> str:
        return f"{self.criterion} · {self.get_method_display()}"

    def clean(self) -> None:
        if self.method != self.Method.COMPUTED:
            return
        spec = self.spec or {}
        if spec.get("type") not in self.SPEC_TYPES or spec.get("metric") not in self.METRICS:
            raise ValidationError({"spec": _("计算规则须指明 type 与 metric。")})
        if spec["type"] == "threshold" and not spec.get("steps"):
            raise ValidationError({"spec": _("阈值规则须有 steps。")})
        if spec["type"] in ("ratio", "growth") and not spec.get("target"):
            raise ValidationError({"spec": _("比例规则须有 target。")})


class IndicatorScore(models.Model):
    """The points a zone earned on one computed indicator (expert-scored ones live in workflows/review)."""

    class Source(models.TextChoices):
        COMPUTED = "computed", _("自动计算")

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="indicator_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(max_digits=7, decimal_places=2)
    source = models.CharField(max_length=20, choices=Source.choices)
    basis = models.CharField(_("计算依据"), max_length=300, blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("指标得分")
        ordering = ["zone", "criterion__order"]
        constraints = [models.UniqueConstraint(fields=["zone", "criterion"], name="one_score_per_zone_indicator")]
