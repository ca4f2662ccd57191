"""Held results: hold a stage's outcomes back from applicants, then release them in one logged action.

    hold_if_result(dossier, log)                  perform_transition calls it inside its transaction
    release_results(edition, stage, actor=...)    the secretariat releases one stage's results
    release_edition(edition, actor=..., reason)   every stage at once (the public notice opened)

Reads (what the applicant may see) are in ../release.py.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext

from workflows import log_actions, programs
from workflows.services import append_transition_log

from ..exceptions import ReviewError
from ..models import HeldResult, ResultRelease
from ._common import _require_staff, dossier_key


def hold_if_result(dossier, log) -> HeldResult | None:
    """Record the transition as a held result when it leaves a held stage whose results are not released.

    Must run in the transaction that wrote `log` (workflows.services.perform_transition).
    """
    program = programs.program_for(dossier)
    if program is None or log.from_state not in program.states.results_held_after:
        return None
    if log.to_state == log.from_state:
        return None  # a step inside the stage (a survey opened or closed) is no outcome of it
    edition_id = getattr(dossier, "edition_id", None)
    if edition_id is None or ResultRelease.objects.filter(edition_id=edition_id, stage=log.from_state).exists():
        return None
    ct_id, object_id = dossier_key(dossier)
    return HeldResult.objects.create(
        content_type_id=ct_id,
        object_id=object_id,
        edition_id=edition_id,
        stage=log.from_state,
        log=log,
        from_state=log.from_state,
        to_state=log.to_state,
    )


def _send_released(release_ids: list[int]) -> int:
    """After commit: the program's notification hook for each released dossier's latest result, together."""
    held = (
        HeldResult.objects.filter(release_id__in=release_ids)
        .select_related("log", "content_type")
        .order_by("content_type_id", "object_id", "-id")
    )
    latest = {}
    for row in held:
        latest.setdefault((row.content_type_id, row.object_id), row)
    sent = 0
    for row in latest.values():
        dossier = row.content_type.get_object_for_this_type(pk=row.object_id)
        if HeldResult.objects.filter(
            content_type_id=row.content_type_id, object_id=row.object_id, release__isnull=True
        ).exists():
            continue  # an earlier stage is still held: its release will tell the applicant
        program = programs.program_for(dossier)
        if program is not None and program.on_transition is not None:
            program.on_transition(dossier, row.log)
            sent += 1
    return sent


def _release(edition, stage: str, *, actor, reason: str) -> tuple[ResultRelease, int]:
    release, created = ResultRelease.objects.get_or_create(
        edition=edition,
        stage=stage,
        defaults={"released_by": actor if getattr(actor, "is_authenticated", False) else None, "reason": reason},
    )
    count = HeldResult.objects.filter(edition=edition, stage=stage, release__isnull=True).update(release=release)
    if count:
        _reindex_released(release)
    if created or count:
        append_transition_log(
            edition,
            transition=log_actions.RELEASE_RESULTS,
            from_state="held",
            to_state="released",
            actor=actor,
            reason=f"stage={stage} results={count} {reason}".strip(),
        )
    return release, count


def _reindex_released(release: ResultRelease) -> None:
    """Search documents built from the released dossiers change (their shown state): re-index them."""
    from search.registry import types_for_model
    from search.services import enqueue

    rows = HeldResult.objects.filter(release=release).order_by().values_list("content_type_id", "object_id").distinct()
    by_type: dict[int, set[int]] = {}
    for ct_id, object_id in rows:
        by_type.setdefault(ct_id, set()).add(object_id)
    for ct_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        for search_type in types_for_model(model) if model is not None else []:
            enqueue(search_type.key, sorted(object_ids))


def release_results(edition, stage: str, *, actor, reason: str = "") -> int:
    """The secretariat releases one stage's results of the edition to its applicants.

    One transaction: a ResultRelease row (later results of the stage are then visible at once), the
    held rows marked released, a "review.release_results" row on the edition's audit chain; after
    commit the held applicant notifications go out together (the program's on_transition hook, whose
    event keys make a retry send nothing twice). Returns how many results were released. Raises
    NotPermitted for non-staff, ReviewError for a stage the program does not hold or already released.
    """
    _require_staff(actor)
    program = programs.program_for_edition(edition)
    if program is None or stage not in program.states.results_held_after:
        raise ReviewError(gettext("该阶段没有需要发布的结果。"))
    with transaction.atomic():
        if ResultRelease.objects.select_for_update().filter(edition=edition, stage=stage).exists():
            raise ReviewError(gettext("该阶段结果已发布。"))
        release, count = _release(edition, stage, actor=actor, reason=reason)
        transaction.on_commit(lambda: _send_released([release.pk]))
    return count


def release_edition(edition, *, actor, reason: str) -> int:
    """Release every held stage of the edition at once (called when its public notice opens)."""
    program = programs.program_for_edition(edition)
    if program is None or not program.states.results_held_after:
        return 0
    total, ids = 0, []
    with transaction.atomic():
        for stage in program.states.results_held_after:
            release, count = _release(edition, stage, actor=actor, reason=reason)
            total += count
            ids.append(release.pk)
        transaction.on_commit(lambda: _send_released(ids))
    return total
