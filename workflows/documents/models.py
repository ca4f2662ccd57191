"""A stored file attached to any record (application, objection, zone dossier...)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentQuerySet(models.QuerySet):
    def current(self):
        """Versions not replaced by a newer upload."""
        return self.filter(superseded_by__isnull=True)

    def owned_by(self, owner: models.Model):
        ct = ContentType.objects.get_for_model(owner, for_concrete_model=True)
        return self.filter(owner_type=ct, owner_id=str(owner.pk))


class Document(models.Model):
    """One uploaded version. A replacement is a new row; the old row points at it (history kept)."""

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.CharField(max_length=64)
    owner = GenericForeignKey("owner_type", "owner_id")
    slot = models.CharField(_("材料类别"), max_length=60)
    original_name = models.CharField(_("原文件名"), max_length=255)
    mime_type = models.CharField(_("内容类型"), max_length=120)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    storage_key = models.CharField(max_length=255, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    # Set when the retention period ended: the stored object is deleted and the name erased; the
    # row stays (hash, size, slot) because versions and access records point at it.
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["owner_type", "owner_id", "slot"])]
        verbose_name = _("文档")
        verbose_name_plural = _("文档")

    def __str__(self) -> str:
        return f"{self.slot}: {self.original_name}"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None


class DocumentAccess(models.Model):
    """Who opened which document, when, and in what capacity (append-only; docs/expert-dossier.md)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("用途"), max_length=60)
    accessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("文档查阅记录")
        verbose_name_plural = _("文档查阅记录")

    def __str__(self) -> str:
        return f"{self.document_id} · {self.user_id} · {self.accessed_at:%Y-%m-%d %H:%M}"
