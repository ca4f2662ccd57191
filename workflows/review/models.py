"""Expert review data: pool, conflicts, draws, panels, assignments, scorecards, consensus, ballots.

Dossiers (award applications, zones, ...) are referenced generically by ContentType + integer id,
so this app never imports a program app. Writes live in services.py.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from accounts.fields import CreditCodeField
from workflows.models import CriteriaFramework, Criterion, Edition

PERCENT_STEPS = list(range(0, 101, 5))
# GB/Z 19579 / Baldrige bands: (low, high) inclusive, in 5 % steps.
BANDS = [(0, 5), (10, 25), (30, 45), (50, 65), (70, 85), (90, 100)]


def band_of(percentage: int) -> int:
    """1-based band number of a percentage (0–5 → 1 … 90–100 → 6)."""
    for number, (low, high) in enumerate(BANDS, start=1):
        if low <= percentage <= high:
            return number
    raise ValueError(percentage)


def validate_percentage(value: int) -> None:
    if value is None or value < 0 or value > 100 or value % 5:
        raise ValidationError(_("得分率须为0–100之间5的倍数。"), code="bad_percentage")


def parse_reminder_offsets(text: str) -> list[int]:
    """'7, 3,1' -> [7, 3, 1] (distinct, largest first); raises ValueError on anything else."""
    parts = [p.strip() for p in (text or "").replace("，", ",").split(",") if p.strip()]
    days = sorted({int(p) for p in parts}, reverse=True)
    if any(d < 0 or d > 365 for d in days):
        raise ValueError(text)
    return days


def validate_reminder_offsets(value: str) -> None:
    try:
        parse_reminder_offsets(value)
    except ValueError:
        raise ValidationError(_("请填写逗号分隔的天数（0–365），如 7,3,1。"), code="bad_offsets") from None


class Stage(models.TextChoices):
    MATERIAL_REVIEW = "material_review", _("材料评审")
    DEFENCE = "defence", _("陈述答辩")
    SITE_REVIEW = "site_review", _("现场评审")
    INDICATOR_REVIEW = "indicator_review", _("指标评审")


class AggregationMethod(models.TextChoices):
    CONSENSUS = "consensus", _("组长合议")
    MEAN = "mean", _("平均分")
    TRIMMED_MEAN = "trimmed_mean", _("去掉最高最低分")
    MEDIAN = "median", _("中位数")
    ZSCORE_MEAN = "zscore_mean", _("标准化平均分")


def default_stage_weights() -> dict:
    return {"material_review": 40, "defence": 40, "site_review": 20}


class ReviewSettings(ClusterableModel):
    """Per-edition review rules, edited by staff in the Wagtail admin.

    `blind_until_submitted` and `aggregation_method` are the edition's defaults; a StageSettings
    row overrides either for one stage (blind_for / method_for give the value in force).
    """

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="review_settings")
    former_employer_years = models.PositiveSmallIntegerField(_("原单位回避年限"), default=3)
    require_cross_region = models.BooleanField(_("异地评审"), default=False)
    blind_until_submitted = models.BooleanField(_("提交前不可见他人评分"), default=True)
    identity_visible = models.BooleanField(_("专家可见申报单位名称"), default=True)
    deviation_limit = models.PositiveSmallIntegerField(_("偏离中位数上限（百分点）"), default=20)
    aggregation_method = models.CharField(
        _("汇总方法"),
        max_length=20,
        choices=AggregationMethod.choices,
        default=AggregationMethod.MEAN,
    )
    stage_weights = models.JSONField(
        _("阶段权重"),
        default=default_stage_weights,
        help_text=_('如 {"material_review": 40, "defence": 40, "site_review": 20}'),
    )
    panel_size = models.PositiveSmallIntegerField(_("每组专家人数"), default=5)
    ballot_majority_numerator = models.PositiveSmallIntegerField(_("表决比例分子"), default=1)
    ballot_majority_denominator = models.PositiveSmallIntegerField(_("表决比例分母"), default=2)
    ballot_majority_strict = models.BooleanField(
        _("须超过（而非达到）该比例"),
        default=True,
        help_text=_("1/2 且勾选 = 过半数；2/3 不勾选 = 三分之二以上（含）。"),
    )
    reminder_offsets = models.CharField(
        _("提醒时点（截止前天数）"),
        max_length=60,
        default="2",
        validators=[validate_reminder_offsets],
        help_text=_("逗号分隔的天数，如 7,3,1：截止前7天、3天、1天各提醒一次。"),
    )

    class Meta:
        verbose_name = _("评审设置")
        verbose_name_plural = _("评审设置")

    def __str__(self) -> str:
        return f"{self.edition} · 评审设置"

    def clean(self) -> None:
        weights = self.stage_weights
        if not isinstance(weights, dict) or not weights:
            raise ValidationError({"stage_weights": _("阶段权重须为非空字典。")})
        unknown = set(weights) - set(Stage.values)
        if unknown:
            raise ValidationError({"stage_weights": _("未知阶段：%(s)s") % {"s": ", ".join(sorted(unknown))}})
        if any(not isinstance(w, int | float) or w < 0 for w in weights.values()):
            raise ValidationError({"stage_weights": _("权重须为非负数。")})
        if self.aggregation_method == AggregationMethod.TRIMMED_MEAN and self.panel_size < 5:
            raise ValidationError({"aggregation_method": _("去掉最高最低分须至少5名专家。")})
        if not (0 < self.ballot_majority_numerator <= self.ballot_majority_denominator):
            raise ValidationError({"ballot_majority_numerator": _("比例须在0与1之间。")})

    def _stage_row(self, stage: str):
        # One query per settings object (cached): the rows are few and read on every score page.
        if not hasattr(self, "_stage_rows"):
            self._stage_rows = {row.stage: row for row in self.stage_settings.all()}
        return self._stage_rows.get(stage)

    def blind_for(self, stage: str) -> bool:
        """Whether experts of this stage see others' scores only after submitting their own."""
        row = self._stage_row(stage)
        if row is None or row.blind_until_submitted == StageSettings.Blind.INHERIT:
            return self.blind_until_submitted
        return row.blind_until_submitted == StageSettings.Blind.HIDDEN

    def method_for(self, stage: str) -> str:
        """The aggregation method in force for this stage."""
        row = self._stage_row(stage)
        return (row.aggregation_method if row else "") or self.aggregation_method

    def reminder_offsets_for(self, stage: str) -> list[int]:
        """Days before the deadline at which experts of this stage are reminded, largest first."""
        row = self._stage_row(stage)
        return parse_reminder_offsets((row.reminder_offsets if row else "") or self.reminder_offsets)

    def ballot_passes(self, votes_for: int, members_present: int) -> bool:
        lhs = votes_for * self.ballot_majority_denominator
        rhs = self.ballot_majority_numerator * members_present
        return lhs > rhs if self.ballot_majority_strict else lhs >= rhs


class StageSettings(models.Model):
    """One stage's own rules inside an edition's review settings; blank = the edition's value."""

    class Blind(models.TextChoices):
        INHERIT = "", _("沿用届次设置")
        HIDDEN = "hidden", _("提交前不可见他人评分")
        VISIBLE = "visible", _("可随时查看他人已提交评分")

    settings = ParentalKey(ReviewSettings, on_delete=models.CASCADE, related_name="stage_settings")
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices)
    blind_until_submitted = models.CharField(
        _("他人评分可见性"), max_length=8, choices=Blind.choices, blank=True, default=""
    )
    aggregation_method = models.CharField(
        _("汇总方法"),
        max_length=20,
        choices=[("", _("沿用届次设置")), *AggregationMethod.choices],
        blank=True,
        default="",
    )
    reminder_offsets = models.CharField(
        _("提醒时点（截止前天数）"),
        max_length=60,
        blank=True,
        default="",
        validators=[validate_reminder_offsets],
        help_text=_("留空则沿用届次设置。"),
    )

    class Meta:
        verbose_name = _("阶段设置")
        verbose_name_plural = _("阶段设置")
        ordering = ["settings", "stage"]
        constraints = [models.UniqueConstraint(fields=["settings", "stage"], name="one_stage_settings_per_stage")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}"

    def clean(self) -> None:
        # In the admin's inline form the parent is not attached yet: check against the saved panel size
        # when there is one (the aggregation itself gives no trimmed mean below 5 scores anyway).
        parent = self._state.fields_cache.get("settings")
        if parent is None and self.settings_id:
            parent = ReviewSettings.objects.filter(pk=self.settings_id).first()
        if self.aggregation_method == AggregationMethod.TRIMMED_MEAN and parent is not None and parent.panel_size < 5:
            raise ValidationError({"aggregation_method": _("去掉最高最低分须至少5名专家。")})


class ExpertProfile(models.Model):
    """An expert in the pool (专家库). The user also holds Role.EXPERT."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile")
    specialties = models.CharField(_("专业领域（行业代码，逗号分隔）"), max_length=200, blank=True)
    region_code = models.CharField(_("所在地区"), max_length=6)
    employer_name = models.CharField(_("现工作单位"), max_length=200, blank=True)
    employer_credit_code = CreditCodeField(_("现单位信用代码"), blank=True)
    employer_group = models.CharField(_("现单位所属集团"), max_length=200, blank=True)
    titles = models.CharField(_("职称"), max_length=200, blank=True)
    qualifications = models.CharField(_("资格"), max_length=300, blank=True)
    is_available = models.BooleanField(_("可参加抽取"), default=True)
    unavailable_note = models.CharField(_("不可用说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("专家库")
        ordering = ["user__username"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def specialty_list(self) -> list[str]:
        return [s.strip() for s in self.specialties.split(",") if s.strip()]

    @property
    def primary_specialty(self) -> str:
        codes = self.specialty_list
        return codes[0] if codes else ""


class PastEmployment(models.Model):
    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="past_employments")
    organization_name = models.CharField(_("单位名称"), max_length=200)
    credit_code = CreditCodeField(_("信用代码"))
    group_name = models.CharField(_("所属集团"), max_length=200, blank=True)
    started_on = models.DateField(_("起"), null=True, blank=True)
    ended_on = models.DateField(_("止"))

    class Meta:
        verbose_name = _("曾任职单位")
        verbose_name_plural = _("曾任职单位")

    def __str__(self) -> str:
        return f"{self.expert}: {self.organization_name} (–{self.ended_on})"


class ConsultancyTie(models.Model):
    class Kind(models.TextChoices):
        CONSULTANCY = "consultancy", _("咨询")
        COACHING = "coaching", _("辅导")
        RELATIVE = "relative", _("近亲属在该单位任职或持股")
        OTHER = "other", _("其他利益关系")

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="ties")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    organization_name = models.CharField(_("单位名称"), max_length=200)
    credit_code = CreditCodeField(_("信用代码"))
    ended_on = models.DateField(_("止"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("咨询辅导关系")
        verbose_name_plural = _("咨询辅导关系")

    def __str__(self) -> str:
        return f"{self.expert}: {self.get_kind_display()} {self.organization_name}"


class DossierRef(models.Model):
    """Abstract generic pointer to a dossier (AwardApplication, zone, ...)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    dossier = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


class ConflictDeclaration(DossierRef):
    """The expert's own 回避 declaration per dossier, made before seeing its material."""

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    has_conflict = models.BooleanField(_("存在利害关系"))
    reason = models.TextField(_("说明"), blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("回避声明")
        constraints = [
            models.UniqueConstraint(fields=["expert", "content_type", "object_id"], name="one_declaration_per_dossier")
        ]


class AvoidanceRequest(DossierRef):
    """The applicant asks that an expert, or the experts of an organisation, not review it (申请回避).

    Applicants do not know the pool, so they type a name and/or an organisation; every expert whose
    name or current employer matches is kept off the dossier while the request is pending or accepted
    (see services.detect_conflicts). Staff may also link one pool expert directly (`expert`).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        ACCEPTED = "accepted", _("已同意")
        REJECTED = "rejected", _("不予同意")

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("评审办可关联到专家库中的专家。"),
    )
    expert_name = models.CharField(_("专家姓名"), max_length=100, blank=True)
    organization_name = models.CharField(_("单位名称"), max_length=200, blank=True)
    organization_credit_code = CreditCodeField(_("单位信用代码"), blank=True)
    reason = models.TextField(_("理由"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("申请回避")
        verbose_name_plural = _("申请回避")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expert__isnull=False)
                | ~models.Q(expert_name="")
                | ~models.Q(organization_name="")
                | ~models.Q(organization_credit_code=""),
                name="avoidance_names_someone",
            )
        ]

    def __str__(self) -> str:
        return " / ".join(
            x for x in (self.expert_name, self.organization_name, self.organization_credit_code) if x
        ) or str(self.expert)


class ConflictOverride(DossierRef):
    """Staff decided a detected automatic conflict does not apply; justification kept."""

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=30)
    justification = models.TextField(_("书面理由"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("回避认定例外")
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "content_type", "object_id", "rule"], name="one_override_per_rule"
            )
        ]


class SpecialtyRule(models.TextChoices):
    """How a panel's wanted specialties limit its draw."""

    REQUIRED = "required", _("必须具备所需专业")
    PREFERRED = "preferred", _("优先具备所需专业")


class Panel(models.Model):
    """An examiner team for one stage of one edition, reviewing a set of dossiers."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="review_panels")
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices)
    name = models.CharField(_("名称"), max_length=120)
    framework = models.ForeignKey(
        CriteriaFramework,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空则使用届次的评价准则。"),
    )
    size = models.PositiveSmallIntegerField(_("专家人数"), default=5)
    specialty_codes = models.CharField(_("所需专业（行业代码）"), max_length=200, blank=True)
    specialty_rule = models.CharField(
        _("专业要求"),
        max_length=10,
        choices=SpecialtyRule.choices,
        default=SpecialtyRule.PREFERRED,
        help_text=_("必须：只抽取具备所需专业的专家；优先：先从具备所需专业的专家中抽取，不足时再从其他专家中补足。"),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateTimeField(_("评分截止"))
    finalized_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评审组")
        verbose_name_plural = _("评审组")
        ordering = ["edition", "stage", "name"]

    def __str__(self) -> str:
        return f"{self.name} · {self.get_stage_display()}"

    @property
    def scoring_framework_id(self) -> int | None:
        return self.framework_id or self.edition.criteria_framework_id


class PanelDossier(DossierRef):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="dossiers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panel", "content_type", "object_id"], name="dossier_once_per_panel")
        ]


class Draw(models.Model):
    """A recorded random draw: seed + ordered candidate ids reproduce the result exactly.

    `rules` names every rule applied (conflict rules with their look-back, the specialty rule);
    `excluded` says which expert each rule kept out; `preferred_ids` are the candidates drawn
    first under "specialty preferred" (docs/conflict-rules.md).
    """

    class Kind(models.TextChoices):
        INITIAL = "initial", _("初次抽取")
        REPLACEMENT = "replacement", _("递补抽取")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="draws")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    seed = models.CharField(_("随机种子"), max_length=64)
    candidate_ids = models.JSONField(_("候选专家"))
    strata = models.JSONField(_("分层 {user id: stratum}"))
    count = models.PositiveSmallIntegerField()
    drawn_ids = models.JSONField(_("抽中"))
    preferred_ids = models.JSONField(_("优先抽取的候选专家"), default=list, blank=True)
    rules = models.JSONField(_("适用的规则"), default=list, blank=True)
    excluded = models.JSONField(_("被排除的专家及规则"), default=dict, blank=True)
    reason = models.TextField(blank=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("抽取记录")


class PanelMember(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("在组")
        DECLINED = "declined", _("已谢绝")
        REPLACED = "replaced", _("已替换")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_memberships")
    draw = models.ForeignKey(Draw, null=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Set once when the expert was found overdue and the secretariat was told (services/progress.py).
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["panel", "expert"], name="member_once_per_panel")]


class Assignment(DossierRef):
    """One expert reviewing one dossier in one panel."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("待评")
        RECUSED = "recused", _("已回避")
        DECLINED = "declined", _("已谢绝")
        REPLACED = "replaced", _("已替换")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    label = models.CharField(_("显示名称"), max_length=200, help_text=_("identity shown when allowed"))
    code = models.CharField(_("匿名编号"), max_length=20)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    # The first time the expert opened the dossier (its page or the scoring page beside it).
    opened_at = models.DateTimeField(_("首次查阅"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["panel__deadline", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "expert", "content_type", "object_id"], name="assignment_once_per_dossier"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]


class Scorecard(DossierRef):
    """One version of an expert's scores for a dossier. Submitted versions are sealed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        SUPERSEDED = "superseded", _("已被修订替代")

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="scorecards")
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="scorecards")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    is_current = models.BooleanField(default=True)
    overall_comment = models.TextField(_("总体评价"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assignment", "version"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "version"], name="scorecard_version_unique"),
            models.UniqueConstraint(
                fields=["assignment"], condition=models.Q(is_current=True), name="one_current_scorecard"
            ),
        ]
        indexes = [models.Index(fields=["panel", "is_current", "status"])]

    @property
    def is_sealed(self) -> bool:
        return self.status != self.Status.DRAFT


class ItemScore(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    percentage = models.PositiveSmallIntegerField(
        _("得分率"), validators=[MinValueValidator(0), MaxValueValidator(100), validate_percentage]
    )
    points = models.DecimalField(max_digits=7, decimal_places=2)
    strengths = models.TextField(_("优势"), blank=True)
    opportunities = models.TextField(_("改进机会"), blank=True)
    deviation_reason = models.TextField(_("偏离说明"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scorecard", "criterion"], name="one_score_per_item")]


class AmendmentRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("已驳回")

    scorecard = models.ForeignKey(Scorecard, on_delete=models.PROTECT, related_name="amendment_requests")
    reason = models.TextField(_("修改理由"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("评分修改申请")
        verbose_name_plural = _("评分修改申请")


class ConsensusItem(DossierRef):
    """The team leader's consensus percentage per item; individual scores stay on record."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="consensus_items")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    percentage = models.PositiveSmallIntegerField(validators=[validate_percentage])
    points = models.DecimalField(max_digits=7, decimal_places=2)
    rationale = models.TextField(_("合议理由"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "content_type", "object_id", "criterion"], name="one_consensus_per_item"
            )
        ]


class CommitteeBallot(DossierRef):
    """Secret-ballot counts for one candidate; never who voted how."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(_("表决等级"), max_length=20)
    members_present = models.PositiveSmallIntegerField(_("出席委员"))
    votes_for = models.PositiveSmallIntegerField(_("同意"))
    votes_against = models.PositiveSmallIntegerField(_("反对"))
    abstentions = models.PositiveSmallIntegerField(_("弃权"))
    passed = models.BooleanField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("委员会表决")
        constraints = [
            models.UniqueConstraint(fields=["edition", "content_type", "object_id"], name="one_ballot_per_dossier")
        ]


class ResultRelease(models.Model):
    """The secretariat released one stage's results of an edition to the applicants (or the notice opened).

    `stage` is the dossier state whose exit is the result (e.g. "material_review": who goes on to the
    defence and who is eliminated; "committee_deliberation": the committee's decision). From then on a
    result of that stage is visible at once.
    """

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="result_releases")
    stage = models.CharField(_("阶段"), max_length=40)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("结果发布")
        constraints = [models.UniqueConstraint(fields=["edition", "stage"], name="one_release_per_stage")]


class HeldResult(DossierRef):
    """A transition out of a review stage that applicants may not see (nor be emailed about) until released.

    While a row is unreleased the applicant sees the dossier in `from_state` (workflows/review/release.py).
    """

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("阶段"), max_length=40)
    log = models.OneToOneField("workflows.TransitionLog", on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=40)
    to_state = models.CharField(max_length=40)
    held_at = models.DateTimeField(default=timezone.now)
    release = models.ForeignKey(ResultRelease, null=True, blank=True, on_delete=models.PROTECT, related_name="held")

    class Meta:
        verbose_name = _("待发布结果")
        ordering = ["id"]
        indexes = [models.Index(fields=["content_type", "object_id", "release"])]


class PanelSummary(DossierRef):
    """评审组长意见: the panel leader's summary opinion of one dossier, with strengths and
    opportunities for improvement per rubric category. Members read the draft; once sealed it
    never changes (the seal is logged) and it is part of the dossier (docs/leader-summary.md).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SEALED = "sealed", _("已封存")

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="summaries")
    opinion = models.TextField(_("评审组综合意见"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("评审组长意见")
        verbose_name_plural = _("评审组长意见")
        constraints = [
            models.UniqueConstraint(fields=["panel", "content_type", "object_id"], name="one_summary_per_dossier")
        ]

    @property
    def is_sealed(self) -> bool:
        return self.status == self.Status.SEALED

    def save(self, *args, **kwargs):
        # A sealed summary never changes: the check reads the stored row, not this instance.
        if self.pk is not None and PanelSummary.objects.filter(pk=self.pk, status=self.Status.SEALED).exists():
            raise ValidationError(_("组长意见已封存，不能修改。"), code="summary_sealed")
        super().save(*args, **kwargs)


class SummaryCategory(models.Model):
    """One rubric category's strengths and opportunities for improvement in a leader's summary."""

    summary = models.ForeignKey(PanelSummary, on_delete=models.CASCADE, related_name="categories")
    category = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    strengths = models.TextField(_("优势"), blank=True)
    opportunities = models.TextField(_("改进机会"), blank=True)

    class Meta:
        ordering = ["category__order"]
        constraints = [models.UniqueConstraint(fields=["summary", "category"], name="one_summary_row_per_category")]


class FeedbackRelease(models.Model):
    """The secretariat released the edition's feedback reports to applicants (one logged action)."""

    edition = models.OneToOneField(Edition, on_delete=models.PROTECT, related_name="feedback_release")
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("反馈报告发布")
        verbose_name_plural = _("反馈报告发布")


class ExportJob(models.Model):
    """One requested score export of an edition, built by a background task (docs/performance.md).

    The request only creates this row; the worker writes the file, counts its progress here and
    stores the result as a Document owned by the job, which staff download once it is done.
    """

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("生成失败")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    fmt = models.CharField(_("格式"), max_length=8, choices=Format.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    document = models.OneToOneField(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.rows_done * 100 // self.rows_total) if self.rows_total else 0

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
