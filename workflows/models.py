"""Program-agnostic workflow data: programs, editions (届次 rules as data), audit log, calendar."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit_signing import sign, signature_matches


class Program(models.Model):
    class Kind(models.TextChoices):
        QUALITY_AWARD = "quality_award", _("质量奖")
        DEMONSTRATION_ZONE = "demonstration_zone", _("示范区")
        QUALITY_CITY = "quality_city", _("质量强市示范城市")

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")
        COUNTY = "county", _("县区级")

    name = models.CharField(_("名称"), max_length=120)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    authority = models.CharField(_("主办机关"), max_length=200)
    region_code = models.CharField(_("行政区划"), max_length=6, blank=True)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    description = models.TextField(_("简介"), blank=True)
    # Bounds every edition of the program must keep (docs/notice-rules.md); SAMR's zone measures: >= 5 working days.
    min_notice_working_days = models.PositiveSmallIntegerField(
        _("公示期下限（工作日）"), default=5, help_text=_("0 表示不设工作日下限（公示期仍至少1天）。")
    )
    max_notice_length = models.PositiveSmallIntegerField(
        _("公示期上限（按届次单位）"), default=30, validators=[MinValueValidator(1)]
    )
    min_objection_review_days = models.PositiveSmallIntegerField(
        _("异议核查时限下限（工作日）"), default=1, validators=[MinValueValidator(1)]
    )
    max_objection_review_days = models.PositiveSmallIntegerField(
        _("异议核查时限上限（工作日）"), default=30, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.max_notice_length < self.min_notice_working_days:
            errors["max_notice_length"] = _("公示期上限不能小于下限。")
        if self.max_objection_review_days < self.min_objection_review_days:
            errors["max_objection_review_days"] = _("异议核查时限上限不能小于下限。")
        if errors:
            raise ValidationError(errors)


class Edition(models.Model):
    """One 届次 of a program with all its rules. Nothing here is ever written into code."""

    class DayUnit(models.TextChoices):
        WORKING = "working", _("工作日")
        CALENDAR = "calendar", _("自然日")

    class BanKind(models.TextChoices):
        NONE = "none", _("不限制")
        YEARS = "years", _("若干年")
        EDITIONS = "editions", _("若干届")
        LIFETIME = "lifetime", _("终身")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="editions")
    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("届次名称"), max_length=200)
    opens_at = models.DateTimeField(_("申报开始"))
    closes_at = models.DateTimeField(_("申报截止"))
    reference_date = models.DateField(
        _("追溯基准日"),
        help_text=_("回溯期（如近3年无重大事故）从此日往前计算。"),
    )
    # Public notice (公示)
    notice_length = models.PositiveSmallIntegerField(_("公示期长度"), default=5)
    notice_unit = models.CharField(_("公示期单位"), max_length=10, choices=DayUnit.choices, default=DayUnit.WORKING)
    notice_start_day_counts = models.BooleanField(_("公示首日计入"), default=True)
    objection_review_days = models.PositiveSmallIntegerField(_("异议核查时限（工作日）"), default=5)
    correction_days = models.PositiveSmallIntegerField(_("补正时限（工作日）"), default=5)
    # Quotas and thresholds per tier (1000-point scale)
    award_quota = models.PositiveSmallIntegerField(_("奖项名额"), default=10)
    nomination_quota = models.PositiveSmallIntegerField(_("提名奖名额"), default=0)
    award_min_score = models.DecimalField(_("获奖最低分"), max_digits=7, decimal_places=2, default=600)
    nomination_min_score = models.DecimalField(_("提名奖最低分"), max_digits=7, decimal_places=2, default=550)
    # Optional stages
    has_recommendation_notice = models.BooleanField(_("推荐单位内部公示"), default=False)
    has_defence = models.BooleanField(_("陈述答辩"), default=True)
    has_site_review = models.BooleanField(_("现场评审"), default=True)
    # Limits on the application form
    profile_char_limit = models.PositiveIntegerField(_("组织概述字数上限"), default=3000)
    # After the award
    validity_years = models.PositiveSmallIntegerField(_("称号有效期（年）"), default=5)
    cool_down_years = models.PositiveSmallIntegerField(_("获奖后再申报间隔（年）"), default=0)
    ban_kind = models.CharField(_("撤销后禁止申报"), max_length=10, choices=BanKind.choices, default=BanKind.YEARS)
    ban_years = models.PositiveSmallIntegerField(_("禁止年数"), default=4)
    ban_editions = models.PositiveSmallIntegerField(_("禁止届数"), default=0)
    criteria_framework = models.ForeignKey(
        "workflows.CriteriaFramework",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("评价准则"),
    )

    class Meta:
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        ordering = ["-year", "program__name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="unique_edition_year"),
            # Whatever the program's bounds, a notice or a verification period of zero days is never valid.
            models.CheckConstraint(condition=models.Q(notice_length__gte=1), name="edition_notice_length_positive"),
            models.CheckConstraint(
                condition=models.Q(objection_review_days__gte=1), name="edition_objection_review_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = self.notice_rule_problems()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("截止时间必须晚于开始时间。")
        if errors:
            raise ValidationError(errors)

    def notice_rule_problems(self) -> dict[str, str]:
        """Field -> message for a notice length or objection-review time outside the program's bounds."""
        program = self.program if self.program_id else None
        if program is None:
            return {}
        problems = {}
        unit = _("个工作日") if self.notice_unit == self.DayUnit.WORKING else _("天")
        if (self.notice_length or 0) < program.min_notice_working_days:
            problems["notice_length"] = _(
                "公示期不得少于%(min)s个工作日（%(program)s的规则），当前为%(length)s%(unit)s。"
            ) % {
                "min": program.min_notice_working_days,
                "program": program.name,
                "length": self.notice_length,
                "unit": unit,
            }
        elif self.notice_length > program.max_notice_length:
            problems["notice_length"] = _(
                "公示期不得超过%(max)s%(unit)s（%(program)s的规则），当前为%(length)s%(unit)s。"
            ) % {"max": program.max_notice_length, "program": program.name, "length": self.notice_length, "unit": unit}
        low, high = program.min_objection_review_days, program.max_objection_review_days
        if not low <= (self.objection_review_days or 0) <= high:
            problems["objection_review_days"] = _(
                "异议核查时限应为%(low)s至%(high)s个工作日（%(program)s的规则），当前为%(days)s个工作日。"
            ) % {"low": low, "high": high, "program": program.name, "days": self.objection_review_days}
        return problems

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at


class CalendarOverride(models.Model):
    """A day whose working status differs from the package (or a year the package lacks).

    Staff enter each year's State Council holiday schedule here when it is published, then mark
    the year complete (CalendarYear) if the package does not cover it.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    region_code = models.CharField(_("仅限区域"), max_length=6, blank=True)
    source_doc = models.CharField(_("依据文件"), max_length=200)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_workday else '休'}"


class CalendarYear(models.Model):
    """A year whose holiday schedule staff have entered completely (docs/working-days.md).

    For a year the calendar package does not cover, working days are computed only once staff
    mark it complete here; until then deadlines in it are refused instead of guessed.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    complete = models.BooleanField(
        _("已完整录入"), default=False, help_text=_("该年全部放假与调休日期均已录入“节假日调整”后再勾选。")
    )
    source_doc = models.CharField(_("依据文件"), max_length=200)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"


class AuditChainHead(models.Model):
    """Single row locked while appending to the log, so the hash chain never forks.

    It also remembers how many rows the chain has and signs (count, last hash) with the audit key,
    so deleting the newest rows is noticed even before the next checkpoint (docs/audit-chain.md).
    """

    last_hash = models.CharField(max_length=64, default="")
    row_count = models.PositiveBigIntegerField(default=0)
    signature = models.CharField(max_length=64, blank=True, default="")

    def signed_payload(self) -> dict:
        return {"kind": "head", "count": self.row_count, "hash": self.last_hash}


class AuditCheckpoint(models.Model):
    """A signed copy of the chain head (count + hash), also written to the document store and published.

    Rows are only ever added; the public "audit checkpoints" page lists them so anyone can keep
    a copy and hold the bureau to it.
    """

    row_count = models.PositiveBigIntegerField(_("记录条数"))
    head_id = models.BigIntegerField(_("最后一条记录编号"), null=True)
    head_hash = models.CharField(_("链头哈希"), max_length=64)
    created_at = models.DateTimeField(_("签署时间"), default=timezone.now, db_index=True)
    signature = models.CharField(_("签名"), max_length=64, unique=True)
    document_name = models.CharField(_("存档文件"), max_length=300)
    retention_locked = models.BooleanField(_("存储保留锁定"), default=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("审计链检查点")
        verbose_name_plural = _("审计链检查点")

    def __str__(self) -> str:
        return f"{self.row_count} @ {self.head_hash[:12]}"

    def signed_payload(self) -> dict:
        return {
            "kind": "checkpoint",
            "count": self.row_count,
            "head_id": self.head_id,
            "hash": self.head_hash,
            "at": self.created_at.isoformat(),
        }

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit checkpoints cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit checkpoints cannot be deleted.")


class AppendOnlyError(Exception):
    pass


class TransitionLog(models.Model):
    """Append-only record of every state change, each row keyed (HMAC-SHA256) and chained to the previous one."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(max_length=80)
    from_state = models.CharField(max_length=50)
    to_state = models.CharField(max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    reason = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)
    # A tombstone: the reason and attachments were erased when their retention period ended
    # (docs/retention.md). row_hash stays, so the chain still links; tombstone_signature signs
    # what is left together with that hash, so the erasure itself cannot be forged without the key.
    redacted_at = models.DateTimeField(null=True, blank=True)
    tombstone_signature = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["content_type", "object_id", "id"])]
        verbose_name = _("流转记录")

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_state} → {self.to_state}"

    def compute_hash(self) -> str:
        payload = {
            "prev": self.prev_hash,
            "ct": self.content_type_id,
            "obj": str(self.object_id),
            "transition": self.transition,
            "from": self.from_state,
            "to": self.to_state,
            "actor": self.actor_id,
            "at": self.at.isoformat(),
            "reason": self.reason,
            "attachments": self.attachments,
        }
        return sign(payload)

    def tombstone_payload(self) -> dict:
        """What a tombstone keeps: everything but the erased reason and attachments, and the row's hash."""
        return {
            "kind": "tombstone",
            "row_hash": self.row_hash,
            "prev": self.prev_hash,
            "ct": self.content_type_id,
            "obj": str(self.object_id),
            "transition": self.transition,
            "from": self.from_state,
            "to": self.to_state,
            "actor": self.actor_id,
            "at": self.at.isoformat(),
            "redacted_at": self.redacted_at.isoformat() if self.redacted_at else None,
        }

    def content_is_authentic(self) -> bool:
        """The row's keyed hash matches its content, or, for a tombstone, its signature matches what is left."""
        if self.redacted_at is not None:
            return signature_matches(self.tombstone_payload(), self.tombstone_signature)
        return self.compute_hash() == self.row_hash

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("TransitionLog rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("TransitionLog rows cannot be deleted.")


class CriteriaFramework(models.Model):
    """A versioned scoring framework (e.g. GB/T 19580-2012, 1000 points), held as data."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    version = models.CharField(_("版本"), max_length=40)
    total_points = models.PositiveIntegerField(_("总分"), default=1000)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("评价准则")
        verbose_name_plural = _("评价准则")

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Criterion(models.Model):
    """A category (no parent) or a scored item (with parent) of a framework."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("过程")
        RESULTS = "results", _("结果")

    framework = models.ForeignKey(CriteriaFramework, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("条款"), max_length=20)
    title = models.CharField(_("名称"), max_length=200)
    max_points = models.PositiveIntegerField(_("分值"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.PROCESS)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_criterion_code")]
        verbose_name = _("评价条款")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_item(self) -> bool:
        return self.parent_id is not None
