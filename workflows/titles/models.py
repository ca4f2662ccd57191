"""Titles (称号) conferred at naming, their certificates, periodic reviews and the exit mechanism.

Program-agnostic: the dossier that earned a title is referenced through ContentType.
The title's state machine (docs/domain.md, "Titles"):
active → periodic_review → active | admonished | rectification; admonished | rectification →
active | revoked; any live state → revoked (fraud, incident...); active → expired (scheduled).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflows.desks import on_desk
from workflows.log_actions import labelled
from workflows.models import Edition
from workflows.permissions import is_secretariat, nobody  # noqa: F401 (is_secretariat: also titles.services)


class TitleRules(models.Model):
    """Per-edition numbers of the title lifecycle that the Edition model does not hold."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="title_rules")
    review_interval_months = models.PositiveSmallIntegerField(_("复评周期（月）"), default=12)
    rectification_working_days = models.PositiveSmallIntegerField(_("整改期限（工作日）"), default=60)
    certificate_prefix = models.CharField(_("证书编号前缀"), max_length=12, default="ZLJ")
    prize_money = models.DecimalField(
        _("奖金（元）"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("撤销时追回"),
    )
    has_plaque = models.BooleanField(_("颁发奖牌"), default=True)

    class Meta:
        verbose_name = _("称号规则")
        verbose_name_plural = _("称号规则")

    def __str__(self) -> str:
        return str(self.edition)


class TitleState(models.TextChoices):
    ACTIVE = "active", _("有效")
    PERIODIC_REVIEW = "periodic_review", _("复评中")
    ADMONISHED = "admonished", _("约谈")
    RECTIFICATION = "rectification", _("限期整改")
    REVOKED = "revoked", _("已撤销")
    EXPIRED = "expired", _("已期满")


LIVE_STATES = [TitleState.ACTIVE, TitleState.PERIODIC_REVIEW, TitleState.ADMONISHED, TitleState.RECTIFICATION]


class Title(ConcurrentTransitionMixin, models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    dossier = GenericForeignKey("content_type", "object_id")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="titles")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="titles")
    state = FSMField(_("状态"), default=TitleState.ACTIVE, choices=TitleState.choices, protected=True)
    holder_name = models.CharField(_("获奖单位"), max_length=200)
    tier = models.CharField(_("奖项等级"), max_length=30, blank=True)
    tier_label = models.CharField(_("奖项名称"), max_length=100, blank=True)
    approval_document_no = models.CharField(_("审定文号"), max_length=100)
    approval_date = models.DateField(_("审定日期"))
    valid_from = models.DateField(_("有效期自"))
    valid_until = models.DateField(_("有效期至"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("称号")
        verbose_name_plural = _("称号")
        ordering = ["-approval_date", "holder_name"]
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_title_per_dossier")]

    def __str__(self) -> str:
        return f"{self.holder_name} · {self.tier_label or self.edition}"

    @transition(
        field=state,
        source=TitleState.ACTIVE,
        target=TitleState.PERIODIC_REVIEW,
        permission=is_secretariat,
        custom=labelled(_("开始定期复核")),
    )
    def start_periodic_review(self):
        pass

    @transition(
        field=state,
        source=TitleState.PERIODIC_REVIEW,
        target=TitleState.ACTIVE,
        permission=is_secretariat,
        custom=labelled(_("复核合格")),
    )
    def pass_periodic_review(self):
        pass

    @transition(
        field=state,
        source=TitleState.PERIODIC_REVIEW,
        target=TitleState.ADMONISHED,
        permission=is_secretariat,
        custom=labelled(_("警示")),
    )
    def admonish(self):
        pass

    @transition(
        field=state,
        source=TitleState.PERIODIC_REVIEW,
        target=TitleState.RECTIFICATION,
        permission=is_secretariat,
        custom=labelled(_("责令整改")),
    )
    def require_rectification(self):
        pass

    @transition(
        field=state,
        source=[TitleState.ADMONISHED, TitleState.RECTIFICATION],
        target=TitleState.ACTIVE,
        permission=is_secretariat,
        custom=on_desk(_("恢复")),
    )
    def restore(self):
        pass

    # The title desk links to the revocation form (trigger, reason, authority, document, date).
    @transition(
        field=state,
        source=LIVE_STATES,
        target=TitleState.REVOKED,
        permission=is_secretariat,
        custom=on_desk(_("撤销"), form="revocation", needs_reason=True, danger=True),
    )
    def revoke(self):
        pass

    # Run by the scheduled task with check_permission=False; no person expires a title.
    @transition(
        field=state,
        source=TitleState.ACTIVE,
        target=TitleState.EXPIRED,
        permission=nobody,
        custom=labelled(_("有效期满")),
    )
    def expire(self):
        pass


class Certificate(models.Model):
    """The certificate of a title. Its public status is read from the title, never stored twice."""

    title = models.OneToOneField(Title, on_delete=models.PROTECT, related_name="certificate")
    serial_no = models.CharField(_("证书编号"), max_length=40, unique=True)
    issued_on = models.DateField(_("发证日期"))
    pdf = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")

    def __str__(self) -> str:
        return self.serial_no


class Revocation(models.Model):
    class Trigger(models.TextChoices):
        FRAUD = "fraud", _("弄虚作假")
        MAJOR_INCIDENT = "major_incident", _("重大质量、安全、环境事故")
        SERIOUS_VIOLATION = "serious_violation", _("严重违法违规")
        FAILED_REVIEW = "failed_review", _("复评不合格")
        MISUSE = "misuse", _("违规使用称号")

    title = models.OneToOneField(Title, on_delete=models.PROTECT, related_name="revocation")
    trigger = models.CharField(_("撤销事由"), max_length=30, choices=Trigger.choices)
    reason = models.TextField(_("撤销理由"))
    authority = models.CharField(_("决定机关"), max_length=200)
    document_no = models.CharField(_("决定文号"), max_length=100)
    decided_on = models.DateField(_("决定日期"))
    notice_page = models.ForeignKey(
        "cms.NoticePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="revocations"
    )
    ban = models.ForeignKey("eligibility.Ban", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("撤销记录")
        verbose_name_plural = _("撤销记录")

    def __str__(self) -> str:
        return f"{self.title} · {self.document_no}"


class RecoveryTask(models.Model):
    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("收回证书")
        PLAQUE = "plaque", _("收回奖牌")
        PRIZE_MONEY = "prize_money", _("追回奖金")

    revocation = models.ForeignKey(Revocation, on_delete=models.CASCADE, related_name="recovery_tasks")
    kind = models.CharField(_("事项"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("追回事项")
        ordering = ["revocation", "id"]
        constraints = [models.UniqueConstraint(fields=["revocation", "kind"], name="one_recovery_task_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None


class PeriodicReview(models.Model):
    class Outcome(models.TextChoices):
        PASSED = "passed", _("合格")
        ADMONISHED = "admonished", _("约谈")
        RECTIFICATION = "rectification", _("限期整改")

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="periodic_reviews")
    due_on = models.DateField(_("应复评日期"), db_index=True)
    started_at = models.DateTimeField(_("开始"), null=True, blank=True)
    outcome = models.CharField(_("结论"), max_length=20, choices=Outcome.choices, blank=True)
    memo = models.TextField(_("复评意见"), blank=True)
    rectification_deadline = models.DateTimeField(_("整改期限"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("完成"), null=True, blank=True)

    class Meta:
        verbose_name = _("复评")
        verbose_name_plural = _("复评")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["title", "due_on"], name="one_review_per_due_date")]

    def __str__(self) -> str:
        return f"{self.title} · {self.due_on}"
