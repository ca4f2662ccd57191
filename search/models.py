"""Search state kept in the database: the indexing outbox and the database backend's entries.

The database stays the only source of truth; both tables are derived and can be rebuilt
(`manage.py search_reindex`).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexOutbox(models.Model):
    """ "This object changed": written in the same transaction as the change itself.

    The push task re-reads the object when it drains the row, so a row carries no document,
    only the address of the object; an object that no longer exists (or is no longer
    searchable) is removed from the index.
    """

    doc_type = models.CharField(max_length=30)
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("索引待推送 index outbox row")
        verbose_name_plural = _("索引待推送 index outbox")

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id}"


class SearchEntry(models.Model):
    """One searchable document for the database backend (the embedded default)."""

    doc_id = models.CharField(max_length=100, unique=True)
    doc_type = models.CharField(max_length=30, db_index=True)
    visibility = models.CharField(max_length=10, db_index=True)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    year = models.IntegerField(null=True, blank=True)
    province = models.CharField(max_length=40, blank=True)
    industry = models.CharField(max_length=60, blank=True)
    program = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=60, blank=True)
    region = models.CharField(max_length=6, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    url = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("搜索条目 search entry")
        verbose_name_plural = _("搜索条目 search entries")

    def __str__(self) -> str:
        return self.title
