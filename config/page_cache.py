"""Short-lived cache of public Wagtail pages for anonymous visitors (announcement-day crowds).

Only anonymous GET/HEAD requests without query string, session or message cookies are served
from or stored in the cache, so nothing personal is ever shared. Every public page carries the
language switch's CSRF form: the cached copy keeps a placeholder where the CSRF token was, and
each hit gets the visitor's own fresh token (and cookie) — one visitor's token is never served
to another. Logged-in users are never cached.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from wagtail.views import serve as wagtail_serve

CSRF_PLACEHOLDER = "__qap_csrf_token__"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.GET or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _cache_key(request) -> str:
    return f"public-page:{request.get_host()}:{get_language()}:{request.path}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.store(request, self.get_response(request))

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve or not _cacheable_request(request):
            return None
        request._public_page_cache_candidate = True
        cached = cache.get(_cache_key(request))
        if cached is None:
            return None
        content, content_type = cached
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(content, content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return response

    def store(self, request, response):
        if (
            getattr(request, "_public_page_cache_candidate", False)
            and response.status_code == 200
            and not response.streaming
            and not response.has_header("X-Page-Cache")
            and "private" not in response.get("Cache-Control", "")
            and not response.cookies
        ):
            content = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<3>", response.content.decode(response.charset))
            cache.set(_cache_key(request), (content, response["Content-Type"]), settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
