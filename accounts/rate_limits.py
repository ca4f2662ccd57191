"""Counting POSTs for the rate limits, shared by every worker process (docs/rate-limits.md).

With Redis the counter is Redis's own atomic INCR. Without it the counters are rows of
``RateLimitCounter``, incremented by a single INSERT ... ON CONFLICT DO UPDATE ... RETURNING: the
database applies it atomically, so two workers counting the same key at once get two different
counts. Django's database cache cannot do this (its ``incr`` reads the pickled value and writes it
back, and concurrent workers lose hits).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from .models import RateLimitCounter

# Counters whose window closed this long ago are deleted whenever some window starts (addresses seen once).
PURGE_AFTER_SECONDS = 86400


def _counts_in_cache() -> bool:
    """True when CACHES["ratelimit"] is configured (Redis in production)."""
    return settings.RATE_LIMIT_CACHE in settings.CACHES


def count_attempt(key: str, window_seconds: int) -> int:
    """Record one attempt under `key` in a fixed window of `window_seconds`; return the count so far."""
    if _counts_in_cache():
        cache = caches[settings.RATE_LIMIT_CACHE]
        cache.add(key, 0, timeout=window_seconds)
        try:
            return cache.incr(key)
        except ValueError:  # the window closed between add and incr
            cache.set(key, 1, timeout=window_seconds)
            return 1
    return _count_in_database(key, window_seconds)


def _count_in_database(key: str, window_seconds: int) -> int:
    now = int(time.time())
    quote = connection.ops.quote_name
    table, key_column = quote(RateLimitCounter._meta.db_table), quote("key")
    # PostgreSQL and SQLite (>= 3.35) share this syntax. A closed window starts again at 1.
    sql = (
        f"INSERT INTO {table} ({key_column}, hits, window_ends) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({key_column}) DO UPDATE SET "
        f"hits = CASE WHEN {table}.window_ends <= %s THEN 1 ELSE {table}.hits + 1 END, "
        f"window_ends = CASE WHEN {table}.window_ends <= %s THEN excluded.window_ends ELSE {table}.window_ends END "
        f"RETURNING hits"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, now + window_seconds, now, now])
        (hits,) = cursor.fetchone()
        if hits == 1:
            cursor.execute(f"DELETE FROM {table} WHERE window_ends < %s", [now - PURGE_AFTER_SECONDS])
    return hits
