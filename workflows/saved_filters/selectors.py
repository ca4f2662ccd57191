from __future__ import annotations

from .models import SavedFilter


def saved_filters(user, desk_key: str) -> list[SavedFilter]:
    """The user's saved filters on one desk, by name (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(SavedFilter.objects.filter(user=user, desk=desk_key))
