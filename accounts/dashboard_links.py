"""Links the layers above accounts add to a signed-in person's dashboard (/accounts/).

accounts imports nothing of the engine (docs/programs.md), so the engine registers a provider here
at start-up instead: each provider returns (url, label, needs-action count or None) for a user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

LinkProvider = Callable[[object], Iterable[tuple[str, str, int | None]]]
_PROVIDERS: list[LinkProvider] = []


def add_provider(provider: LinkProvider) -> LinkProvider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def extra_links(user) -> list[tuple[str, str, int | None]]:
    return [link for provider in _PROVIDERS for link in provider(user)]
