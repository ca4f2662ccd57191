"""Short-lived cache of public Wagtail pages for anonymous visitors (announcement-day crowds).

Only anonymous GET/HEAD requests are served from or stored in the cache, so nothing personal is
ever shared. A session cookie alone does not bypass it (an expired login, a survey left half-way):
only what a public page reads from the session does — a logged-in user, a message waiting to be
shown, a page password already given (Wagtail's view restrictions). Links shared in chat apps and
newsletters carry tracking parameters (`?from=groupmessage&isappinstalled=0`, `utm_*`; the list
and why each is safe: docs/performance.md): those do not change the page, so they are left out of
the key; any other query string bypasses the cache.

Every public page carries the language switch's CSRF form: the cached copy keeps a placeholder
where the CSRF token was, and each hit gets the visitor's own fresh token (and cookie) — one
visitor's token is never served to another. Logged-in users are never cached.

Stampede protection (docs/performance.md): an entry stays *fresh* for
PUBLIC_PAGE_CACHE_SECONDS and is kept a while longer as *stale*. When it goes stale, the one
request that wins `cache.add` on a lock key renders the page again while everyone else is served
the stale copy; on a cold key, the others wait briefly for the winner instead of all rendering.
Publishing, unpublishing, moving or deleting any page bumps a generation number that every entry
carries, and an entry of an older generation is never served, so a withdrawn notice leaves the cache
at once in this process and within PUBLIC_PAGE_LOCAL_SECONDS (1 s) in the others (the home page
lists notices). The generation and the entry come in one round trip (`get_many`), and a process
keeps a fresh copy it has just read for PUBLIC_PAGE_LOCAL_SECONDS, so a crowd on one notice costs
Redis about one request per process per second instead of one per visitor.
"""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from wagtail.models import PageViewRestriction
from wagtail.views import serve as wagtail_serve

from cms.routing import serve as page_serve

CSRF_PLACEHOLDER = "__qap_csrf_token__"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')

# Parameters that messaging apps, share buttons and campaign links append; they never change
# what a public page shows.
# Why each is safe to ignore: docs/performance.md, "Tracking parameters".
TRACKING_PARAMETERS = frozenset(
    {
        # WeChat: shared to a chat or moments, opened in its browser, counted when shared on
        "from",
        "isappinstalled",
        "nsukey",
        "wxshare_count",
        "scene",
        "subscene",
        "clicktime",
        "enterid",
        "ascene",
        "sharer_shareid",
        "sharer_sharetime",
        # share buttons of other apps and portals (Alibaba's spm position codes, Weibo/QQ share source)
        "share_source",
        "share_from",
        "spm",
        # advertising click identifiers and newsletter campaigns
        "fbclid",
        "gclid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
    }
)
TRACKING_PREFIXES = ("utm_",)

GENERATION_KEY = "public-page:generation"
STALE_GRACE_SECONDS = 300  # how long a stale copy may still be served while one request refreshes it
LOCK_SECONDS = 10  # a refresher that dies frees the lock after this long
COLD_WAIT_SECONDS = 2.0  # how long others wait for the first render of a cold key
COLD_POLL_SECONDS = 0.05
LOCAL_ENTRIES = 512  # this process's copies: the few pages a crowd reads; emptied when full

# key -> (entry, monotonic moment until which this process serves it without asking the shared cache)
_local: dict[str, tuple[tuple, float]] = {}
# Counts this process's forget_local_copies(): a render that began before one keeps no local copy.
_local_epoch = [0]


def is_tracking_parameter(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
        return False
    if any(not is_tracking_parameter(name) for name in request.GET):
        return False
    if "messages" in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return not _page_reads_the_session(request)
    return True


# What a public page reads from a visitor's session: the user (base.html's login links, the Wagtail
# user bar), messages waiting to be shown (base.html) and page passwords already given (Wagtail's
# view restrictions).
_SESSION_KEYS_PAGES_READ = (SessionStorage.session_key, PageViewRestriction.passed_view_restrictions_session_key)


def _page_reads_the_session(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return True
    session = request.session
    return any(key in session for key in _SESSION_KEYS_PAGES_READ)


def invalidate_public_pages(**kwargs) -> None:
    """Make every cached page a miss (connected to Wagtail's publish/unpublish/move/delete signals)."""
    from cms.memo import forget

    forget()  # this process's remembered site and settings rows (cms/memo.py); others follow the generation
    forget_local_copies()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: start one (a concurrent add wins just as well)
        if not cache.add(GENERATION_KEY, 1, timeout=None):
            cache.incr(GENERATION_KEY)


def _cache_key(request) -> str:
    return f"public-page:{request.get_host()}:{get_language()}:{request.path}"


def _current(entry, generation: int):
    """The entry if it was rendered in this generation (nothing published since), else None."""
    return entry if entry is not None and entry[3] == generation else None


def forget_local_copies() -> None:
    """Drop this process's copies (the shared cache is untouched)."""
    _local_epoch[0] += 1
    _local.clear()


def _keep_locally(key: str, entry, epoch: int) -> None:
    seconds = min(settings.PUBLIC_PAGE_LOCAL_SECONDS, entry[2] - time.time())  # never past its freshness
    if seconds <= 0 or epoch != _local_epoch[0]:
        return  # stale, or this process published since the entry was read or its render began
    if len(_local) >= LOCAL_ENTRIES:
        _local.clear()
    _local[key] = (entry, time.monotonic() + seconds)


def _response_from(entry, request) -> HttpResponse:
    content, content_type = entry[0], entry[1]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))
    return HttpResponse(content, content_type=content_type)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        return self.store(request, response)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func not in (page_serve, wagtail_serve) or not _cacheable_request(request):
            return None
        key = _cache_key(request)
        epoch = request._public_page_local_epoch = _local_epoch[0]
        kept = _local.get(key)
        if kept is not None and time.monotonic() < kept[1]:
            return self._hit(kept[0], request, "hit")
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or 0
        request._public_page_cache_key, request._public_page_cache_generation = key, generation
        request._qap_page_generation = generation  # cms/memo.py reads it from here on a miss
        entry = _current(found.get(key), generation)
        if entry is None:
            if cache.add(f"{key}:lock", 1, LOCK_SECONDS):
                request._public_page_cache_lock = True
                return None  # this request renders; the others wait for it below
            entry = self._wait_for_first_render(key, generation)
            if entry is None:
                return None  # the first render is slow or failed: render this one ourselves
            return self._hit(entry, request, "hit")
        if time.time() < entry[2]:
            _keep_locally(key, entry, epoch)
            return self._hit(entry, request, "hit")
        if cache.add(f"{key}:lock", 1, LOCK_SECONDS):
            request._public_page_cache_lock = True
            return None  # this request refreshes the stale copy
        return self._hit(entry, request, "stale")

    @staticmethod
    def _wait_for_first_render(key: str, generation: int):
        deadline = time.monotonic() + COLD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(COLD_POLL_SECONDS)
            found = cache.get_many([key, f"{key}:lock"])
            if _current(found.get(key), generation) is not None:
                return found[key]
            if f"{key}:lock" not in found:
                return None  # the winner finished without storing (a 404, a redirect): render ourselves
        return None

    @staticmethod
    def _hit(entry, request, label: str) -> HttpResponse:
        response = _response_from(entry, request)
        response["X-Page-Cache"] = label
        return response

    def store(self, request, response):
        key = getattr(request, "_public_page_cache_key", None)
        if key is None or response.has_header("X-Page-Cache"):
            return response
        try:
            if (
                response.status_code == 200
                and not response.streaming
                and "private" not in response.get("Cache-Control", "")
                and not response.cookies
            ):
                seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
                content = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<3>", response.content.decode(response.charset))
                # The generation read before rendering: if a page was published meanwhile, this copy is
                # already older than the current generation and is never served.
                generation = request._public_page_cache_generation
                entry = (content, response["Content-Type"], time.time() + seconds, generation)
                cache.set(key, entry, seconds + STALE_GRACE_SECONDS)
                _keep_locally(key, entry, request._public_page_local_epoch)
                response["X-Page-Cache"] = "miss"
        finally:
            if getattr(request, "_public_page_cache_lock", False):
                cache.delete(f"{key}:lock")
        return response
