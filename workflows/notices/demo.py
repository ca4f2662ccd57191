"""Demo data for notices and titles: default title rules, and a notice for proposed demo dossiers. Idempotent."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from workflows.titles.models import TitleRules

from . import selectors, services
from .models import NoticeCandidate


def seed(stdout=None, people=None, programs=None) -> None:
    editions = list((programs or {}).get("editions", {}).values())
    for edition in editions:
        TitleRules.objects.get_or_create(edition=edition)
    staff = _secretariat_user()
    opened = 0
    for edition in editions:
        pending = []
        for _key, dossier in selectors.proposed_candidates(edition):
            content_type = ContentType.objects.get_for_model(dossier)
            if not NoticeCandidate.objects.filter(content_type=content_type, object_id=dossier.pk).exists():
                pending.append(dossier)
        if pending and staff is not None:
            services.open_public_notice(pending, actor=staff)
            opened += 1
    if stdout is not None:
        stdout.write(f"Notices: title rules for {len(editions)} editions, {opened} demo notice(s) opened.")


def _secretariat_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="staff").first()
