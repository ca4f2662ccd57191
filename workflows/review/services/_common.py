"""Helpers shared by the review services: staff check, dossier keys, the edition's review settings."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from workflows.exceptions import NotPermitted
from workflows.models import Edition
from workflows.permissions import user_is_secretariat

from ..models import ReviewSettings


def _require_staff(user) -> None:
    if not user_is_secretariat(user):
        raise NotPermitted()


def dossier_key(dossier) -> tuple[int, int]:
    return ContentType.objects.get_for_model(dossier, for_concrete_model=True).id, dossier.pk


def review_settings_for(edition: Edition) -> ReviewSettings:
    """The edition's review rules; created with defaults the first time they are needed.

    Reuses the row when the edition was read with select_related("review_settings") (lists).
    """
    relation = Edition.review_settings.related
    if relation.is_cached(edition) and relation.get_cached_value(edition) is not None:
        return relation.get_cached_value(edition)
    found, _ = ReviewSettings.objects.get_or_create(edition=edition)
    return found
