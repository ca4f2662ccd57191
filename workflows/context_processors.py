"""The staff navigation on every staff page, without each view having to ask for it.

A page belongs to a desk when its view name matches one of the desk's `pages`
(workflows/staff_desks.py); base.html then shows `staff_nav` above the content. The list is lazy:
it costs its queries only when a template shows it, and a view that passes its own `staff_nav`
replaces it (view context wins over context processors).
"""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .staff_desks import desk_of_page, staff_navigation


def staff_nav(request) -> dict:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or user is None or not user.is_authenticated:
        return {}
    current = desk_of_page(match.view_name)
    if current is None:
        return {}
    return {"staff_nav": SimpleLazyObject(lambda: staff_navigation(user, current))}
