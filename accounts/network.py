"""The client's address as rate limits, login lockouts and objection records see it.

Behind a reverse proxy (nginx in the production topology) every request arrives from the proxy, so
REMOTE_ADDR alone would put all citizens in one rate-limit bucket. X-Forwarded-For is believed only
when the peer is one of settings.TRUSTED_PROXIES, and then read from the right: each trusted hop
appended the address it saw, and the first address that is not a trusted proxy is the client. Anything
left of it was written by the client and may be forged. See docs/deployment.md.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    parsed_peer = _parse(peer)
    if not networks or parsed_peer is None or not _is_trusted(parsed_peer, networks):
        return peer
    client = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        parsed = _parse(hop)
        if parsed is None:
            # A malformed entry: nothing left of it can be trusted either.
            break
        client = str(parsed)
        if not _is_trusted(parsed, networks):
            break
    return client
