"""What a search asks and what it answers, shared by both backends."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .regions import facet_label

RELEVANCE = "relevance"
NEWEST = "date"
SORTS = {RELEVANCE: _("相关度"), NEWEST: _("最新")}


@dataclass(frozen=True)
class FacetDefinition:
    key: str  # the query-string parameter
    field: str  # the document field
    label: str


FACETS = (
    FacetDefinition("type", "doc_type", _("类型")),
    FacetDefinition("year", "year", _("年度")),
    FacetDefinition("province", "province", _("省份")),
    FacetDefinition("industry", "industry", _("行业")),
    FacetDefinition("program", "program", _("项目")),
    FacetDefinition("state", "state", _("状态")),
)
FACETS_BY_KEY = {facet.key: facet for facet in FACETS}
MAX_RESULT_WINDOW = 10_000  # Elasticsearch's default index.max_result_window


@dataclass(frozen=True)
class SearchRequest:
    query: str
    filters: dict[str, list[str]]
    page: int
    page_size: int
    sort: str
    visibilities: tuple[str, ...]
    doc_types: tuple[str, ...] = ()

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class Hit:
    id: str
    doc_type: str
    type_label: str
    title: str
    title_html: str  # escaped text with <em> around matches: safe to render
    snippet_html: str
    url: str
    date: dt.datetime | None
    year: int | None
    program: str
    province: str
    industry: str
    state: str
    score: float | None = None

    @property
    def province_label(self) -> str:
        return facet_label("province", self.province)

    @property
    def industry_label(self) -> str:
        return facet_label("industry", self.industry)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "type": self.doc_type,
            "type_label": self.type_label,
            "title": self.title,
            "title_html": self.title_html,
            "snippet_html": self.snippet_html,
            "url": self.url,
            "date": self.date.isoformat() if self.date else None,
            "year": self.year,
            "program": self.program,
            "province": self.province,
            "industry": self.industry,
            "state": self.state,
        }


@dataclass
class Bucket:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    key: str
    label: str
    buckets: list[Bucket] = field(default_factory=list)


@dataclass
class SearchResults:
    request: SearchRequest
    hits: list[Hit]
    total: int
    facets: list[Facet]
    # "eq": `total` is exact; "gte": there are more (Elasticsearch's hits.total.relation). Then the
    # facet counts are those of the first `total` results, in the page's order (docs/performance.md).
    total_relation: str = "eq"

    @property
    def total_capped(self) -> bool:
        return self.total_relation == "gte"

    @property
    def num_pages(self) -> int:
        reachable = min(self.total, MAX_RESULT_WINDOW)
        return max(1, math.ceil(reachable / self.request.page_size))

    @property
    def has_previous(self) -> bool:
        return self.request.page > 1

    @property
    def has_next(self) -> bool:
        return self.request.page < self.num_pages

    def facet_counts(self, key: str) -> dict[str, int]:
        facet = next((f for f in self.facets if f.key == key), None)
        return {bucket.value: bucket.count for bucket in facet.buckets} if facet else {}

    def as_json(self) -> dict:
        return {
            "query": self.request.query,
            "total": self.total,
            "total_relation": self.total_relation,
            "page": self.request.page,
            "num_pages": self.num_pages,
            "sort": self.request.sort,
            "hits": [hit.as_json() for hit in self.hits],
            "facets": {
                facet.key: [
                    {"value": b.value, "label": b.label, "count": b.count, "selected": b.selected}
                    for b in facet.buckets
                ]
                for facet in self.facets
            },
        }


@dataclass
class Suggestion:
    title: str
    url: str
    doc_type: str


def make_facets(
    request: SearchRequest, counts: dict[str, list[tuple[str, int]]], type_labels: dict[str, str]
) -> list[Facet]:
    """Facets in a fixed order with labels; years newest first, the rest by count."""
    facets = []
    for definition in FACETS:
        selected = set(request.filters.get(definition.key, ()))
        pairs = [(str(value), count) for value, count in counts.get(definition.key, []) if value not in (None, "")]
        if definition.key == "year":
            pairs.sort(key=lambda pair: pair[0], reverse=True)
        else:
            pairs.sort(key=lambda pair: (-pair[1], pair[0]))
        buckets = [
            Bucket(
                value=value,
                label=type_labels.get(value, value) if definition.key == "type" else facet_label(definition.key, value),
                count=count,
                selected=value in selected,
            )
            for value, count in pairs
        ]
        facets.append(Facet(definition.key, str(definition.label), buckets))
    return facets
