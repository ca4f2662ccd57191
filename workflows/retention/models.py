"""How long each class of record keeps its personal data, held as data (docs/retention.md).

Staff edit the periods in the Wagtail admin; the privacy page and `manage.py purge_expired` both
read these rows, so what the public is told and what the purge does cannot disagree.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecordClass(models.TextChoices):
    APPLICATIONS = "applications", _("申报信息")
    DOCUMENTS = "documents", _("申报材料文件")
    EXPERT_DECLARATIONS = "expert_declarations", _("专家回避声明")
    OBJECTIONS = "objections", _("异议")
    LOGS = "logs", _("通知和查阅记录")


class RetentionPeriod(models.Model):
    record_class = models.CharField(_("记录类别"), max_length=30, choices=RecordClass.choices, unique=True)
    years = models.PositiveSmallIntegerField(
        _("保存年限"), help_text=_("从起算时间起保存的整年数；期满后删除或匿名化。")
    )
    counted_from = models.CharField(_("起算时间"), max_length=200)
    what_is_kept = models.TextField(_("保存的个人信息"))
    after_expiry = models.TextField(_("期满后的处理"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("保存期限")
        verbose_name_plural = _("保存期限")

    def __str__(self) -> str:
        return f"{self.get_record_class_display()}: {self.years}"

    def cutoff(self, now=None):
        """Records whose clock started before this instant have expired."""
        now = now or timezone.now()
        try:
            return now.replace(year=now.year - self.years)
        except ValueError:  # 29 February
            return now.replace(year=now.year - self.years, day=28)


class Erasure(models.Model):
    """One record whose personal data was removed: what, when, under which period (append-only)."""

    record_class = models.CharField(_("记录类别"), max_length=30, choices=RecordClass.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    erased_at = models.DateTimeField(_("处理时间"), default=timezone.now)
    years = models.PositiveSmallIntegerField(_("适用年限"))
    fields = models.JSONField(_("清除的字段"), default=list)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["record_class", "content_type", "object_id"], name="one_erasure_per_record")
        ]
        verbose_name = _("个人信息清除记录")
        verbose_name_plural = _("个人信息清除记录")

    def __str__(self) -> str:
        return f"{self.record_class} {self.content_type_id}:{self.object_id}"
