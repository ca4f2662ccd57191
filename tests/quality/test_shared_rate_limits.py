"""Rate limits hold across worker processes: the counters live in a shared cache (issue 20 #13).

Each worker process used to count in its own memory, so 3 workers let 15 objection POSTs
through a 5-per-hour limit.
"""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command

from accounts.models import RateLimitCounter

pytestmark = pytest.mark.django_db

URL = "/accounts/register/"


def _as_a_new_worker():
    """Drop this process's cache objects (and, for memory caches, their contents) as a fresh worker would."""
    for alias in settings.CACHES:
        if caches[alias].__class__.__name__ == "LocMemCache":
            caches[alias].clear()  # another process's memory starts empty
        try:
            delattr(caches._connections, alias)  # and it builds its own cache objects
        except AttributeError:
            pass


def test_a_limit_holds_when_every_request_lands_on_another_worker(client, settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts:register": "3/3600"}
    codes = []
    for _ in range(5):
        _as_a_new_worker()
        codes.append(client.post(URL, {"username": "x"}).status_code)
    assert codes == [200, 200, 200, 429, 429]


def test_the_counters_are_rows_of_the_database_counter_table(client, settings):
    settings.RATE_LIMIT_ENABLED = True
    client.post(URL, {"username": "x"})
    client.post(URL, {"username": "x"})
    assert list(RateLimitCounter.objects.values_list("key", "hits")) == [("ratelimit:accounts:register:127.0.0.1", 2)]


def test_a_closed_window_starts_again_at_one(client, settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts:register": "1/3600"}
    client.post(URL, {"username": "x"})
    RateLimitCounter.objects.update(window_ends=0)  # the hour has passed
    assert client.post(URL, {"username": "x"}).status_code == 200
    assert RateLimitCounter.objects.get().hits == 1


def test_check_deploy_warns_when_the_rate_limit_cache_is_per_process(settings, capsys):
    settings.CACHES = {**settings.CACHES, "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    call_command("check", "--deploy", "--tag", "security")
    assert "accounts.W001" in capsys.readouterr().err


def test_check_deploy_is_quiet_with_the_database_cache(settings, capsys):
    call_command("check", "--deploy", "--tag", "security")
    assert "accounts.W001" not in capsys.readouterr().err
