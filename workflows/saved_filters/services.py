"""Saving and deleting a staff member's named desk filters (docs/staff-desks.md, "Saved filters")."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from workflows.staff_desks import desk as desk_named
from workflows.staff_desks import query_without

from .models import NAME_MAX_LENGTH, QUERY_MAX_LENGTH, SavedFilter

MAX_PER_DESK = 20


def filter_query(raw: str) -> str:
    """The part of a desk's query string worth saving: every filter that has a value, not the page
    number (an empty filter form submits every field blank)."""
    query = QueryDict(raw, mutable=True)
    for key in [key for key, values in query.lists() if not any(value.strip() for value in values)]:
        del query[key]
    return query_without(query, "page")


def save_filter(user, desk_key: str, name: str, raw_query: str) -> SavedFilter:
    """Save the desk's current filter under `name`; the same name again replaces its filter."""
    desk = desk_named(desk_key)
    if desk is None or not desk.may_open(None, user):
        raise PermissionDenied
    name = " ".join(name.split())
    query = filter_query(raw_query)
    if not name:
        raise ValidationError(_("请为这个筛选起一个名称。"))
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(_("名称不能超过 %(n)d 个字。") % {"n": NAME_MAX_LENGTH})
    if not query:
        raise ValidationError(_("当前没有筛选条件：请先筛选，再保存。"))
    if len(query) > QUERY_MAX_LENGTH:
        raise ValidationError(_("筛选条件太长，无法保存。"))
    mine = SavedFilter.objects.filter(user=user, desk=desk_key)
    if not mine.filter(name=name).exists() and mine.count() >= MAX_PER_DESK:
        raise ValidationError(_("每个工作台最多保存 %(n)d 个筛选，请先删除不用的。") % {"n": MAX_PER_DESK})
    saved, _created = SavedFilter.objects.update_or_create(
        user=user, desk=desk_key, name=name, defaults={"query": query}
    )
    return saved


def delete_filter(user, pk: int) -> SavedFilter | None:
    """Delete the user's own saved filter `pk`; None when there is no such filter of theirs."""
    saved = SavedFilter.objects.filter(user=user, pk=pk).first()
    if saved is not None:
        saved.delete()
    return saved
