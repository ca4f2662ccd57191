"""A dossier's panels as its program's case page reads them: the latest panel of a stage and the
stage's aggregated score once the panel is finalized (any program; docs/programs.md)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from .models import Panel


def latest_panel(dossier, stage: str) -> Panel | None:
    """The dossier's most recent panel of `stage` (with its leader and edition), or None."""
    content_type = ContentType.objects.get_for_model(dossier, for_concrete_model=True)
    return (
        Panel.objects.filter(stage=stage, dossiers__content_type=content_type, dossiers__object_id=dossier.pk)
        .select_related("leader", "edition")
        .order_by("-created_at", "-pk")
        .first()
    )


def finalized_score(dossier, stage: str) -> Decimal | None:
    """The dossier's score in `stage` as the review aggregates it (the stage's method of the edition),
    or None while its latest panel of the stage is not finalized or has no score for it."""
    from .selectors import rank_edition
    from .services import review_settings_for

    panel = latest_panel(dossier, stage)
    if panel is None or panel.finalized_at is None:
        return None
    key = (ContentType.objects.get_for_model(dossier, for_concrete_model=True).pk, dossier.pk)
    method = review_settings_for(dossier.edition).method_for(stage)
    for row in rank_edition(dossier.edition, stages=[stage], with_labels=False):
        if (row.content_type_id, row.object_id) == key and row.scores.get(method) is not None:
            return Decimal(str(row.scores[method])).quantize(Decimal("0.01"))
    return None
