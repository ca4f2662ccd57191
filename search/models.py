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
        verbose_name = _("索引待推送")
        verbose_name_plural = _("索引待推送")

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id}"


class SearchEntryQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for entry in objs:
            entry.fill_tokens()
        return super().bulk_create(objs, *args, **kwargs)


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
    # CJK bigrams and words of title, keywords and body (search/tokens.py), indexed by SQLite FTS5
    # or a PostgreSQL GIN index over to_tsvector('simple', tokens) (migration 0002).
    tokens = models.TextField(blank=True, default="")
    # The title's tokens alone, to find the titles holding a term: a second FTS5 column (migration 0005);
    # on PostgreSQL the generated column title_tsv with a GIN index (0006).
    title_tokens = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("搜索条目")
        verbose_name_plural = _("搜索条目")

    objects = SearchEntryQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title

    def fill_tokens(self) -> None:
        """Derive `tokens` from the texts; every way of writing an entry calls it."""
        from .tokens import document_tokens

        self.tokens = document_tokens(self.title, self.keywords, self.body)
        self.title_tokens = document_tokens(self.title)

    def save(self, *args, **kwargs):
        self.fill_tokens()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "tokens", "title_tokens"}
        super().save(*args, **kwargs)
