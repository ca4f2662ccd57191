"""Reads behind the open-data API: public pages only, applications only of the user's organisations."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from cms.models import CallPage, NoticePage


def public_calls(*, program: str | None = None, year: int | None = None, open_only: bool = False) -> QuerySet[CallPage]:
    calls = CallPage.objects.live().public().select_related("edition", "edition__program")
    if program:
        calls = calls.filter(edition__program__slug=program)
    if year is not None:
        calls = calls.filter(edition__year=year)
    if open_only:
        now = timezone.now()
        calls = calls.filter(edition__opens_at__lte=now, edition__closes_at__gt=now)
    return calls.order_by("-edition__year", "edition__closes_at", "pk")


def public_call(page_id: int) -> CallPage | None:
    return public_calls().filter(pk=page_id).first()


def public_notices(*, kind: str | None = None, since: dt.date | None = None) -> QuerySet[NoticePage]:
    notices = NoticePage.objects.live().public().select_related("edition", "edition__program")
    if kind:
        notices = notices.filter(kind=kind)
    if since is not None:
        notices = notices.filter(first_published_at__date__gte=since)
    return notices.order_by("-first_published_at", "-pk")


def public_notice(page_id: int) -> NoticePage | None:
    return public_notices().filter(pk=page_id).first()


def applications_of_member(user):
    """Award applications of the organisations the user belongs to (nobody else's)."""
    from awards.models import AwardApplication

    return (
        AwardApplication.objects.filter(organization__memberships__user=user)
        .select_related("organization", "edition", "edition__program")
        .order_by("-created_at", "-pk")
        .distinct()
    )
