"""Deploy checks for the hardening settings (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@register(Tags.security, deploy=True)
def rate_limit_cache_is_shared(app_configs, **kwargs):
    # No CACHES['ratelimit'] means the database counter table (docs/rate-limits.md).
    backend = settings.CACHES.get(settings.RATE_LIMIT_CACHE, {}).get("BACKEND", "")
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            "Rate limits are counted in a cache each worker process keeps for itself, so N workers allow N times "
            "the limit.",
            hint="Set REDIS_URL, or remove CACHES['ratelimit'] to count in the database.",
            id="accounts.W001",
        )
    ]
