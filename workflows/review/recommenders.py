"""Who acted as the recommending body on a dossier (初审, recommending it or not), per program.

An expert who did a dossier's 初审 or recommended it must not score it (docs/conflict-rules.md).
The engine does not know the programs' models, so each program tells it, from a `review_hooks`
module the review app discovers at start-up:

    register_recommender_source(AwardApplication, transitions=("recommend", ...), extra=reviewers_of)

`transitions` are the dossier's transitions the recommending body performs (their actors are read
from the audit log); `extra(ids)` may add users recorded elsewhere ({dossier id: {user id, ...}}).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from workflows.models import TransitionLog


@dataclass(frozen=True)
class RecommenderSource:
    transitions: tuple[str, ...]
    extra: Callable[[list[int]], dict[int, set[int]]] | None = None


_sources: dict[type[Model], RecommenderSource] = {}


def register_recommender_source(
    model: type[Model],
    *,
    transitions: Iterable[str],
    extra: Callable[[list[int]], dict[int, set[int]]] | None = None,
) -> None:
    _sources[model] = RecommenderSource(tuple(transitions), extra)


def recommenders_of(dossiers: Sequence[Model]) -> dict[tuple[int, int], set[int]]:
    """{(content type id, dossier id): user ids of the recommending body's people who acted on it}.

    One query per program that has dossiers here, plus what its `extra` costs.
    """
    by_model: dict[type[Model], list[int]] = defaultdict(list)
    for dossier in dossiers:
        by_model[type(dossier)].append(dossier.pk)
    found: dict[tuple[int, int], set[int]] = defaultdict(set)
    for model, ids in by_model.items():
        source = next((_sources[k] for k in model.__mro__ if k in _sources), None)
        if source is None:
            continue
        ct_id = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
        rows = TransitionLog.objects.filter(
            content_type_id=ct_id,
            object_id__in=[str(pk) for pk in ids],
            transition__in=source.transitions,
            actor_id__isnull=False,
        ).values_list("object_id", "actor_id")
        for object_id, actor_id in rows:
            found[(ct_id, int(object_id))].add(actor_id)
        if source.extra is not None:
            for object_id, user_ids in source.extra(ids).items():
                found[(ct_id, object_id)] |= set(user_ids)
    return found
