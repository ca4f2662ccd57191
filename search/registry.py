"""Which models are searchable, how each becomes a document, and who may find it.

Registering a model is all another app's data needs to become searchable:

    register(SearchType(
        key="zone", label=_("示范区 Zone"), model=Zone,
        queryset=lambda: Zone.objects.filter(...).select_related(...),
        build=lambda zone: {"title": zone.name, "body": ..., "year": ..., "date": ...},
    ))

`queryset()` returns exactly the objects that should be in the index (used by the push
task, `search_reindex` and `search_status`); `build(obj)` returns the document fields
(see DOCUMENT_FIELDS). Signals that write outbox rows are connected by SearchConfig.ready.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet

PUBLIC = "public"
STAFF = "staff"

# Fields a builder may return; anything else is ignored. Text fields are analysed for
# Chinese; the others are keywords used for facets, filters and sorting.
TEXT_FIELDS = ("title", "body", "keywords")
KEYWORD_FIELDS = ("province", "industry", "program", "state", "region", "url")
DOCUMENT_FIELDS = (*TEXT_FIELDS, *KEYWORD_FIELDS, "year", "date")


@dataclass(frozen=True)
class SearchType:
    key: str
    label: str
    model: type[Model]
    queryset: Callable[[], QuerySet]
    build: Callable[[Any], dict]
    visibility: str = PUBLIC
    # Other models whose change alters our documents: (model, instance -> our primary keys).
    depends_on: tuple[tuple[type[Model], Callable[[Any], Iterable[Any]]], ...] = field(default=())


_types: dict[str, SearchType] = {}
_by_model: dict[type[Model], list[SearchType]] = {}


def register(search_type: SearchType) -> SearchType:
    if search_type.visibility not in (PUBLIC, STAFF):
        raise ValueError(f"Unknown visibility {search_type.visibility!r}")
    _types[search_type.key] = search_type
    # One model may feed several types (a zone: its public profile and its staff dossier).
    same_model = _by_model.setdefault(search_type.model, [])
    same_model[:] = [t for t in same_model if t.key != search_type.key] + [search_type]
    from .signals import connect_signals

    connect_signals(search_type)
    return search_type


def search_types() -> list[SearchType]:
    return list(_types.values())


def get_type(key: str) -> SearchType | None:
    return _types.get(key)


def types_for_model(model: type[Model]) -> list[SearchType]:
    """Every type whose documents are built from `model` (or a parent class of it)."""
    for klass in model.__mro__:
        if klass in _by_model:
            return list(_by_model[klass])
    return []


def type_for_model(model: type[Model]) -> SearchType | None:
    types = types_for_model(model)
    return types[0] if types else None


def type_labels() -> dict[str, str]:
    return {key: str(search_type.label) for key, search_type in _types.items()}


def doc_id(key: str, object_id: Any) -> str:
    return f"{key}-{object_id}"


def build_document(search_type: SearchType, obj: Model) -> dict:
    """The stored document: the builder's fields plus type, visibility and id."""
    fields = search_type.build(obj)
    document = {name: fields.get(name) for name in DOCUMENT_FIELDS}
    for name in (*TEXT_FIELDS, *KEYWORD_FIELDS):
        document[name] = document[name] or ""
    document["doc_type"] = search_type.key
    document["visibility"] = search_type.visibility
    return document
