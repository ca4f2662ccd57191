"""Rate-limit counters without Redis lose no hit when workers count at the same moment (issue 20 #13).

Threads stand in for worker processes: each has its own PostgreSQL connection, as each gunicorn
worker does. Django's database cache (the counters before) read the value and wrote it back, so
concurrent increments were lost and more POSTs passed than the limit allows.
"""

import threading

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from accounts.middleware import RateLimitMiddleware
from accounts.models import RateLimitCounter
from accounts.rate_limits import count_attempt

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 4
EACH = 25


def _in_parallel(work):
    """Run work() in WORKERS threads released together; return what each returned."""
    barrier = threading.Barrier(WORKERS)
    results: list = [None] * WORKERS
    errors: list = []

    def run(slot):
        try:
            barrier.wait(timeout=10)
            results[slot] = work()
        except Exception as exc:  # reported below, never swallowed
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


def test_concurrent_increments_of_one_key_count_every_hit_once():
    results = _in_parallel(lambda: [count_attempt("ratelimit:race:1.2.3.4", 3600) for _ in range(EACH)])

    counts = sorted(n for worker in results for n in worker)
    assert counts == list(range(1, WORKERS * EACH + 1))
    assert RateLimitCounter.objects.get(key="ratelimit:race:1.2.3.4").hits == WORKERS * EACH


def test_concurrent_posts_pass_exactly_the_limit(settings):
    settings.RATE_LIMIT_ENABLED = True
    limit = WORKERS * EACH // 2
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts:register": f"{limit}/3600"}
    middleware = RateLimitMiddleware(lambda request: HttpResponse())

    def post_many():
        statuses = []
        for _ in range(EACH):
            request = RequestFactory().post("/accounts/register/", {"username": "x"})
            request.resolver_match = resolve("/accounts/register/")
            response = middleware.process_view(request, None, (), {})
            statuses.append(200 if response is None else response.status_code)
        return statuses

    statuses = [s for worker in _in_parallel(post_many) for s in worker]

    assert (statuses.count(200), statuses.count(429)) == (limit, WORKERS * EACH - limit)
