"""Hardening middleware: security headers, the two-factor gate and POST rate limits."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from .network import client_address
from .rate_limits import count_attempt
from .two_factor import two_factor_enforced

# Pages a staff member or expert may reach before entering a one-time code.
TWO_FACTOR_EXEMPT_URL_NAMES = {
    "accounts:two_factor",
    "accounts:logout",
    "accounts:login",
    "set_language",
    "wagtailadmin_logout",
}


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy (Django has no built-in CSP before 6.0)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES))
        policy = settings.CSP_ADMIN_POLICY if admin else settings.CSP_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequireTwoFactorMiddleware:
    """Staff and experts who logged in with a password only are sent to enter (or enrol) a code.

    Applies to every login path (ours, Wagtail's, Django admin's), because it looks at the
    session's verification state, not at how the password was checked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match and request.resolver_match.view_name in TWO_FACTOR_EXEMPT_URL_NAMES:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        if not two_factor_enforced(user):
            return None
        return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}")


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


class RateLimitMiddleware:
    """Fixed-window POST limits per client address for the URL names in settings.RATE_LIMITS.

    Counters live in Redis or in a database table, incremented atomically (docs/rate-limits.md),
    so a limit holds however many worker processes answer the requests at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not settings.RATE_LIMIT_ENABLED or request.resolver_match is None:
            return None
        rate = settings.RATE_LIMITS.get(request.resolver_match.view_name)
        if not rate:
            return None
        limit, window = parse_rate(rate)
        key = f"ratelimit:{request.resolver_match.view_name}:{client_address(request)}"
        attempts = count_attempt(key, window)
        if attempts > limit:
            response = render(
                request, "accounts/rate_limited.html", {"window_minutes": max(1, window // 60)}, status=429
            )
            response["Retry-After"] = str(window)
            return response
        return None
