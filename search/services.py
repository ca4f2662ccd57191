"""Writes of the search app: the outbox, pushing it to the backend, and rebuilding the index.

Flow: a change to a searchable object writes an IndexOutbox row in the same transaction
(signals.py); after commit a Celery task (tasks.push_outbox_task) drains the outbox in bulk
and deletes rows only once the backend accepted them. While the search server is down the
rows wait, pushes back off exponentially, and writes never fail.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import F

from .backends import get_backend
from .exceptions import SearchUnavailable
from .models import IndexOutbox
from .registry import build_document, doc_id, get_type, search_types, types_for_model

logger = logging.getLogger(__name__)

PUSH_BATCH = 500
BACKOFF_FIRST_SECONDS = 1
BACKOFF_MAX_SECONDS = 300


# --- writing the outbox ----------------------------------------------------------------
def enqueue(doc_type: str, object_ids: Iterable[Any]) -> None:
    """Record that these objects changed; call inside the transaction that changed them."""
    rows = [IndexOutbox(doc_type=doc_type, object_id=str(pk)) for pk in object_ids if pk is not None]
    if not rows:
        return
    IndexOutbox.objects.bulk_create(rows)
    schedule_push()


def index_later(obj: models.Model) -> None:
    """Explicitly (re)index `obj` after the current transaction commits.

    For changes the signals cannot see (queryset.update(), bulk_create). Raises ValueError
    for a model that is not registered as searchable.
    """
    search_types_of_obj = types_for_model(type(obj))
    if not search_types_of_obj:
        raise ValueError(f"{type(obj).__name__} is not a searchable model")
    for search_type in search_types_of_obj:
        enqueue(search_type.key, [obj.pk])


_local = threading.local()


def schedule_push() -> None:
    """Push after commit, once per transaction however many rows it wrote.

    Every enqueue registers a callback with a growing number; the first to run pushes
    everything enqueued so far and the later ones of the same batch return at once.
    """
    _local.generation = getattr(_local, "generation", 0) + 1
    transaction.on_commit(partial(_push_after_commit, _local.generation))


def _push_after_commit(generation: int) -> None:
    from .tasks import push_outbox_task

    if getattr(_local, "pushed_through", 0) >= generation:
        return
    _local.pushed_through = _local.generation
    try:
        push_outbox_task.delay()
    except Exception:  # the write already committed; the periodic drain will catch up
        logger.warning("Could not schedule the search outbox push", exc_info=True)


# --- draining the outbox ---------------------------------------------------------------
def _backoff_key() -> str:
    return f"search:backoff:{settings.SEARCH_URL or 'database'}"


def backoff_seconds() -> int:
    failures = (cache.get(_backoff_key()) or {}).get("failures", 1)
    return min(BACKOFF_FIRST_SECONDS * 2 ** (failures - 1), BACKOFF_MAX_SECONDS)


def _in_backoff() -> bool:
    from django.utils import timezone

    state = cache.get(_backoff_key())
    return bool(state and state["until"] > timezone.now().timestamp())


def _record_failure() -> None:
    from django.utils import timezone

    failures = (cache.get(_backoff_key()) or {}).get("failures", 0) + 1
    delay = min(BACKOFF_FIRST_SECONDS * 2 ** (failures - 1), BACKOFF_MAX_SECONDS)
    cache.set(_backoff_key(), {"failures": failures, "until": timezone.now().timestamp() + delay}, None)


def _documents_for(rows: list[tuple[int, str, str]]) -> tuple[dict[str, dict], list[str]]:
    """Current documents for the rows' objects; objects gone or no longer searchable are deletions."""
    ids_by_type: dict[str, set[str]] = defaultdict(set)
    for _, key, object_id in rows:
        ids_by_type[key].add(object_id)
    documents: dict[str, dict] = {}
    deletions: list[str] = []
    for key, object_ids in ids_by_type.items():
        search_type = get_type(key)
        if search_type is None:  # a type no longer registered: nothing to do
            continue
        found = {str(obj.pk): obj for obj in search_type.queryset().filter(pk__in=object_ids)}
        for object_id in object_ids:
            obj = found.get(object_id)
            if obj is None:
                deletions.append(doc_id(key, object_id))
                continue
            try:
                documents[doc_id(key, object_id)] = build_document(search_type, obj)
            except Exception:  # one broken builder must not block everyone else's updates
                logger.exception("Search document builder failed for %s %s", key, object_id)
    return documents, deletions


@dataclass
class PushReport:
    pushed: int = 0
    skipped_for_backoff: bool = False


class _Sender:
    """Runs the backend's bulk writes beside the database work of the next batch.

    The Elasticsearch backend's apply() is pure HTTP, so one worker thread sends batch N
    while the caller reads and builds batch N+1: a push then takes about as long as the
    server needs to index, not that plus our database work. The database backend writes
    through the caller's connection (and transaction), so it runs inline.
    """

    def __init__(self, backend):
        self._pool = ThreadPoolExecutor(max_workers=1) if getattr(backend, "threaded_apply", False) else None

    def submit(self, fn, *args, **kwargs) -> Future:
        if self._pool is not None:
            return self._pool.submit(fn, *args, **kwargs)
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self._pool is not None:
            self._pool.shutdown(wait=True)


def _mark_failed(row_ids: list[int], exc: SearchUnavailable) -> None:
    IndexOutbox.objects.filter(id__in=row_ids).update(attempts=F("attempts") + 1, last_error=str(exc)[:2000])
    _record_failure()


def push_outbox(*, batch_size: int = PUSH_BATCH, force: bool = False, refresh: bool = False) -> PushReport:
    """Drain the outbox into the backend in bulk, oldest first.

    Rows are deleted only after the backend accepted their batch; on failure they stay,
    their attempt count grows and further pushes back off (1 s, 2 s, 4 s … 5 min) unless
    `force`. Called by the Celery task; raises SearchUnavailable when the backend fails.

    Per batch: read the rows, ask the backend where and with which version to write
    (before reading the objects, see ElasticsearchBackend.begin_write), build the documents,
    hand the bulk write to the sender and, while it runs, read the next batch.
    """
    if not force and _in_backoff():
        return PushReport(skipped_for_backoff=True)
    backend = get_backend()
    report = PushReport()
    last_id = 0
    in_flight: tuple[list[int], Future] | None = None
    ensured = False
    with _Sender(backend) as sender:
        while True:
            rows = list(
                IndexOutbox.objects.filter(id__gt=last_id)
                .order_by("id")
                .values_list("id", "doc_type", "object_id")[:batch_size]
            )
            row_ids = [row[0] for row in rows]
            failure: SearchUnavailable | None = None
            if rows:
                try:
                    if not ensured:
                        backend.ensure_index()
                        ensured = True
                    write = backend.begin_write()
                    documents, deletions = _documents_for(rows)
                except SearchUnavailable as exc:
                    failure = exc
            if in_flight is not None:
                sent_ids, future = in_flight
                in_flight = None
                try:
                    future.result()
                except SearchUnavailable as exc:
                    _mark_failed(sent_ids, exc)
                    raise
                IndexOutbox.objects.filter(id__in=sent_ids).delete()
                cache.delete(_backoff_key())
                report.pushed += len(sent_ids)
            if failure is not None:
                _mark_failed(row_ids, failure)
                raise failure
            if not rows:
                break
            in_flight = (row_ids, sender.submit(backend.apply, documents, deletions, refresh=refresh, **write))
            last_id = row_ids[-1]
    return report


# --- rebuilding and status -------------------------------------------------------------
def count_indexable() -> dict[str, int]:
    return {search_type.key: search_type.queryset().count() for search_type in search_types()}


def iter_documents() -> Iterator[tuple[str, dict]]:
    for search_type in search_types():
        for obj in search_type.queryset().iterator(chunk_size=1000):
            yield doc_id(search_type.key, obj.pk), build_document(search_type, obj)


def rebuild_index(progress: Callable[[int], None] | None = None) -> str:
    """Build a fresh index from the database and switch readers to it without downtime.

    Elasticsearch: a new versioned index loaded with the bulk helpers, then an atomic alias
    swap. Database backend: all entries replaced in one transaction. Returns the new index's
    name. Raises SearchUnavailable. For staff, through `manage.py search_reindex`.
    """
    return get_backend().rebuild(iter_documents(), progress)


@dataclass
class TypeStatus:
    key: str
    label: str
    in_database: int
    in_index: int

    @property
    def in_sync(self) -> bool:
        return self.in_database == self.in_index


def index_status() -> tuple[list[TypeStatus], int, str]:
    """Per type: searchable objects in the database vs documents in the index; pending outbox rows."""
    backend = get_backend()
    in_index = backend.counts_by_type()
    rows = [
        TypeStatus(
            search_type.key, str(search_type.label), search_type.queryset().count(), in_index.get(search_type.key, 0)
        )
        for search_type in search_types()
    ]
    return rows, IndexOutbox.objects.count(), backend.describe()


__all__ = ["SearchUnavailable", "enqueue", "index_later", "push_outbox", "rebuild_index", "index_status"]
