"""The client's address behind a reverse proxy (accounts/network.py, docs/deployment.md)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.test import RequestFactory

from accounts.network import client_address
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _clear_counters():
    cache.clear()
    if django_settings.RATE_LIMIT_CACHE in django_settings.CACHES:  # Redis; otherwise rows, rolled back per test
        caches[django_settings.RATE_LIMIT_CACHE].clear()


@pytest.fixture(autouse=True)
def fresh_counters():
    _clear_counters()
    yield
    _clear_counters()


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "peer, forwarded, expected",
    [
        # No proxy configured: a forged header changes nothing.
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
    ],
)
def test_without_trusted_proxies_the_header_is_ignored(settings, peer, forwarded, expected):
    settings.TRUSTED_PROXIES = []

    assert client_address(request_from(peer, forwarded)) == expected


@pytest.mark.parametrize(
    "peer, forwarded, expected",
    [
        # nginx on loopback appended the citizen's address.
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),
        # The citizen forged an entry; nginx appended the real one on the right.
        ("127.0.0.1", "10.9.9.9, 198.51.100.1", "198.51.100.1"),
        # Two trusted hops (load balancer in 10.0.0.0/8, then nginx): the first untrusted from the right.
        ("127.0.0.1", "198.51.100.1, 10.1.2.3", "198.51.100.1"),
        # A request straight to the web node from outside: its header is not believed.
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # The proxy passed no header: the peer is all we know.
        ("127.0.0.1", None, "127.0.0.1"),
        # A malformed hop: nothing left of it is read, the last good trusted hop stands.
        ("127.0.0.1", "198.51.100.1, not-an-address", "127.0.0.1"),
        # IPv6 client behind IPv6 loopback.
        ("::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_trusted_proxies_hand_on_the_client(settings, peer, forwarded, expected):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]

    assert client_address(request_from(peer, forwarded)) == expected


def test_rate_limits_count_each_citizen_behind_the_proxy(client, settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts:login": "1/300"}
    form = {"username": "a", "password": "b"}
    client.post("/accounts/login/", form, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")

    other_citizen = client.post("/accounts/login/", form, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    same_citizen_forging = client.post(
        "/accounts/login/", form, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.1"
    )

    assert (other_citizen.status_code, same_citizen_forging.status_code) == (200, 429)


def test_without_trusted_proxies_everyone_behind_the_proxy_shares_a_bucket(client, settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.TRUSTED_PROXIES = []
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts:login": "1/300"}
    form = {"username": "a", "password": "b"}
    client.post("/accounts/login/", form, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")

    forged = client.post("/accounts/login/", form, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert forged.status_code == 429


def test_login_lockout_keys_on_the_citizen_not_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.RATE_LIMIT_ENABLED = False
    settings.AXES_FAILURE_LIMIT = 3
    clerk = UserFactory()
    wrong = {"username": clerk.username, "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", wrong, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")

    locked = client.post("/accounts/login/", wrong, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    elsewhere = client.post(
        "/accounts/login/", {"username": clerk.username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9",
    )

    assert locked.status_code == 429
    assert elsewhere.status_code == 302
