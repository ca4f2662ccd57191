"""Reads for the public pages; each list is one query (pinned in tests)."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import CallPage, NoticePage


def open_calls(limit: int | None = None) -> QuerySet[CallPage]:
    now = timezone.now()
    calls = (
        CallPage.objects.live()
        .public()
        .filter(edition__closes_at__gt=now)
        .select_related("edition", "edition__program")
        .order_by("edition__closes_at")
    )
    return calls[:limit] if limit else calls


def calls_under(parent) -> QuerySet[CallPage]:
    return (
        CallPage.objects.live()
        .public()
        .child_of(parent)
        .select_related("edition", "edition__program")
        .order_by("-edition__year", "edition__closes_at")
    )


def latest_notices(limit: int | None = None) -> QuerySet[NoticePage]:
    notices = NoticePage.objects.live().public().order_by("-first_published_at")
    return notices[:limit] if limit else notices


def notices_under(parent) -> QuerySet[NoticePage]:
    return NoticePage.objects.live().public().child_of(parent).order_by("-first_published_at")
