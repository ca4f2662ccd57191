"""The query API: `search(query, filters, page, user)` and autocomplete, permission-filtered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .backends import get_backend
from .registry import PUBLIC, STAFF
from .schema import FACETS_BY_KEY, MAX_RESULT_WINDOW, RELEVANCE, SORTS, SearchRequest, SearchResults, Suggestion

PAGE_SIZE = 10
MAX_QUERY_CHARS = 100
MAX_VALUES_PER_FACET = 20


def visibilities_for(user) -> tuple[str, ...]:
    """Public documents for everyone; staff-only documents for the secretariat alone."""
    if user is not None and user.is_authenticated and user.is_secretariat:
        return (PUBLIC, STAFF)
    return (PUBLIC,)


def clean_query(query: str | None) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_CHARS]


def clean_filters(filters: Mapping[str, Iterable[str]] | None) -> dict[str, list[str]]:
    """Known facets only; years must be numbers. Anything else is dropped, never an error."""
    cleaned: dict[str, list[str]] = {}
    for key, values in (filters or {}).items():
        if key not in FACETS_BY_KEY:
            continue
        if isinstance(values, str):
            values = [values]
        kept = [str(v).strip()[:200] for v in values if str(v).strip()]
        if key == "year":
            kept = [v for v in kept if v.isdigit() and len(v) == 4]
        if kept:
            cleaned[key] = list(dict.fromkeys(kept))[:MAX_VALUES_PER_FACET]
    return cleaned


def clean_page(page, page_size: int) -> int:
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    last_reachable = max(1, MAX_RESULT_WINDOW // page_size)
    return min(max(number, 1), last_reachable)


def search(
    query: str | None = "",
    filters: Mapping[str, Iterable[str]] | None = None,
    page: int | str | None = 1,
    user=None,
    *,
    sort: str = RELEVANCE,
    doc_types: Iterable[str] = (),
    page_size: int = PAGE_SIZE,
) -> SearchResults:
    """Hits with highlights, facet counts and the total, seen through `user`'s permissions.

    Staff-only documents (application metadata) are filtered out unless `user` is
    secretariat. Raises search.exceptions.SearchUnavailable when the search server fails.
    """
    request = SearchRequest(
        query=clean_query(query),
        filters=clean_filters(filters),
        page=clean_page(page, page_size),
        page_size=page_size,
        sort=sort if sort in SORTS else RELEVANCE,
        visibilities=visibilities_for(user),
        doc_types=tuple(doc_types),
    )
    return get_backend().search(request)


def autocomplete(prefix: str | None, user=None, limit: int = 8) -> list[Suggestion]:
    prefix = clean_query(prefix)
    if not prefix:
        return []
    return get_backend().autocomplete(prefix, visibilities_for(user), limit)
