"""Single sign-on through the provincial portal's 统一身份认证, by OpenID Connect (mozilla-django-oidc).

Only the issuer is configured; the endpoints come from the issuer's discovery document
(``/.well-known/openid-configuration``), fetched when first needed and cached, so nothing is
fetched at start-up or on password logins. Claim names are settings because every portal names
them differently (docs/single-sign-on.md).
"""

from __future__ import annotations

import requests
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .services import IdentityClaims, SingleSignOnRefused, sign_in_with_identity

DISCOVERY_CACHE_SECONDS = 3600


def single_sign_on_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def provider_metadata() -> dict:
    """The issuer's discovery document (cached); refuses one that names another issuer."""
    issuer = settings.OIDC_ISSUER.rstrip("/")
    key = f"oidc-discovery:{issuer}"
    metadata = cache.get(key)
    if metadata is None:
        response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        metadata = response.json()
        if metadata.get("issuer", "").rstrip("/") != issuer:
            raise ImproperlyConfigured(f"OIDC discovery document at {issuer} names issuer {metadata.get('issuer')!r}")
        cache.set(key, metadata, DISCOVERY_CACHE_SECONDS)
    return metadata


def claim(claims: dict, path: str) -> str:
    """A claim by name; dotted names reach into nested objects (``org.credit_code``)."""
    value: object = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return ""
        value = value.get(part)
    return "" if value is None else str(value).strip()


class _EndpointsFromDiscovery:
    @property
    def OIDC_OP_AUTH_ENDPOINT(self) -> str:  # noqa: N802 (the library's attribute names)
        return provider_metadata()["authorization_endpoint"]

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # noqa: N802
        return provider_metadata()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:  # noqa: N802
        return provider_metadata()["userinfo_endpoint"]

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:  # noqa: N802
        return provider_metadata()["jwks_uri"]

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:  # noqa: N802
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:  # noqa: N802
        return settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:  # noqa: N802
        return settings.OIDC_RP_SIGN_ALGO

    OIDC_RP_IDP_SIGN_KEY = None


class PortalIdentityBackend(_EndpointsFromDiscovery, OIDCAuthenticationBackend):
    """Logs in the person the portal vouches for; users and memberships come from its claims."""

    def __init__(self, *args, **kwargs):
        # The library's __init__ reads every endpoint eagerly; ours are properties read when used.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or not single_sign_on_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: the userinfo subject must be the ID token's.
            self.request.single_sign_on_error = SingleSignOnRefused().message
            return None
        names = settings.OIDC_CLAIMS
        try:
            user = sign_in_with_identity(
                IdentityClaims(
                    issuer=settings.OIDC_ISSUER.rstrip("/"),
                    subject=str(payload["sub"]),
                    full_name=claim(userinfo, names["name"]),
                    phone=claim(userinfo, names["phone"]),
                    id_number=claim(userinfo, names["id_number"]),
                    credit_code=claim(userinfo, names["credit_code"]),
                    organization_name=claim(userinfo, names["organization_name"]),
                )
            )
        except SingleSignOnRefused as exc:
            self.request.single_sign_on_error = exc.message
            return None
        return user


class PortalLoginView(_EndpointsFromDiscovery, OIDCAuthenticationRequestView):
    """Sends the browser to the portal's login page (404 when single sign-on is not configured)."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not single_sign_on_enabled():
            raise Http404()
        try:
            return super().get(request)
        except (requests.RequestException, ImproperlyConfigured, KeyError):
            messages.error(request, SingleSignOnRefused().message)
            return redirect("accounts:login")


class PortalCallbackView(OIDCAuthenticationCallbackView):
    """Back from the portal: logged in, or on the login page with the reason it failed."""

    def get(self, request):
        if not single_sign_on_enabled():
            raise Http404()
        try:
            return super().get(request)
        except (requests.RequestException, SuspiciousOperation, ImproperlyConfigured, KeyError):
            # Provider unreachable, or a callback whose state this session never issued.
            messages.error(request, SingleSignOnRefused().message)
            return redirect("accounts:login")

    def login_failure(self):
        message = getattr(self.request, "single_sign_on_error", None) or SingleSignOnRefused().message
        messages.error(self.request, message)
        return redirect("accounts:login")
