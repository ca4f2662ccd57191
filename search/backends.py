"""Two backends with one interface, chosen by settings.SEARCH_URL.

- ElasticsearchBackend: Elasticsearch 8/9 or OpenSearch 2/3 through elasticsearch.dsl and the
  plain-JSON client (search/client.py); versioned physical indexes behind one alias.
- DatabaseBackend: the embedded default; SearchEntry rows, Chinese substring matching,
  facets by database aggregation, simpler ranking (title matches first, then newest).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from django.conf import settings
from django.db import connections, transaction
from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from elastic_transport import TransportError
from elasticsearch import ApiError, NotFoundError, helpers
from elasticsearch.dsl import Date, Document, Index, Integer, Keyword, Search, Text

from .client import get_client
from .exceptions import SearchUnavailable
from .highlight import highlight_html, query_terms, snippet_html
from .models import SearchEntry
from .registry import DOCUMENT_FIELDS, type_labels
from .schema import FACETS, NEWEST, Hit, SearchRequest, SearchResults, Suggestion, make_facets
from .tokens import fts5_query, is_cjk_run, tsquery

Progress = Callable[[int], None]
BULK_CHUNK = 500
# Conflicts mean a newer version is already indexed; a missing document was already gone.
HARMLESS_BULK_STATUSES = {404, 409}
NEWEST_FIRST = F("date").desc(nulls_last=True)


def now_version() -> int:
    """External document version: when the database state was read, in microseconds.

    A push that read the database later always wins, whatever order workers finish in.
    """
    return time.time_ns() // 1000


@cache
def document_class(analyzer: str) -> type[Document]:
    """The index mapping; Chinese text fields use the configured analyzer."""

    class SearchDocument(Document):
        doc_type = Keyword()
        visibility = Keyword()
        title = Text(analyzer=analyzer, fields={"raw": Keyword(ignore_above=256)})
        body = Text(analyzer=analyzer)
        keywords = Text(analyzer=analyzer)
        year = Integer()
        province = Keyword()
        industry = Keyword()
        program = Keyword()
        state = Keyword()
        region = Keyword()
        date = Date()
        url = Keyword(index=False)

    return SearchDocument


class ElasticsearchBackend:
    name = "elasticsearch"
    threaded_apply = True  # apply() is HTTP only: safe to run beside the caller's database work

    def __init__(self, url: str | None = None):
        self.url = url or settings.SEARCH_URL
        self.alias = f"{settings.SEARCH_INDEX_PREFIX}-documents"

    @property
    def client(self):
        return get_client(self.url)

    def _new_index(self) -> Index:
        name = f"{self.alias}-v{timezone.now():%Y%m%d%H%M%S%f}"
        index = Index(name, using=self.client)
        index.document(document_class(settings.SEARCH_ANALYZER))
        return index

    # --- lifecycle ---------------------------------------------------------------------
    def physical_indexes(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def ensure_index(self) -> None:
        """Create a versioned index behind the alias if there is none (first push, empty cluster)."""
        try:
            if self.client.indices.exists_alias(name=self.alias):
                return
            index = self._new_index()
            index.create()
            self.client.indices.update_aliases(actions=[{"add": {"index": index._name, "alias": self.alias}}])
        except (ApiError, TransportError) as exc:
            raise SearchUnavailable(str(exc)) from exc

    @property
    def building_alias(self) -> str:
        """Points at an index `rebuild` is loading; pushes meanwhile write there too."""
        return f"{self.alias}-building"

    def begin_write(self) -> dict:
        """Where and with which version the next push writes; call BEFORE reading the database.

        The version is taken before the read, so a push that read older state never beats one
        that read newer state. The targets are the alias plus any index a reindex is building:
        a change the rebuild already read reaches the new index through this push, and a change
        committed before this call is in what the rebuild reads (it registers its index first).
        """
        try:
            building = sorted(self.client.indices.get_alias(name=self.building_alias).body)
        except NotFoundError:
            building = []
        except (ApiError, TransportError) as exc:
            raise SearchUnavailable(str(exc)) from exc
        return {"version": now_version(), "targets": [self.alias, *building]}

    def rebuild(self, documents: Iterable[tuple[str, dict]], progress: Progress | None = None) -> str:
        """Load a new versioned index, then point the alias at it in one atomic action.

        Pushes drained while the index is being built write to it as well (see begin_write),
        so changes made during a reindex survive the swap. The rebuild's documents carry the
        version of its start: a document a concurrent push wrote (read later) wins.
        """
        index = None
        try:
            index = self._new_index()
            index.create()
            # Registered before anything is read: every later push also writes to the new index.
            self.client.indices.update_aliases(actions=[{"add": {"index": index._name, "alias": self.building_alias}}])
            version = now_version()
            actions = (
                {"_index": index._name, "_id": doc_id, "version": version, "version_type": "external", "_source": doc}
                for doc_id, doc in documents
            )
            done = 0
            failures = []
            for ok, item in helpers.streaming_bulk(self.client, actions, chunk_size=BULK_CHUNK, raise_on_error=False):
                # 409: a push already wrote a newer version of this document to the new index.
                if not ok and next(iter(item.values())).get("status") not in HARMLESS_BULK_STATUSES:
                    failures.append(item)
                done += 1
                if progress and done % BULK_CHUNK == 0:
                    progress(done)
            if failures:
                raise SearchUnavailable(f"{len(failures)} bulk items failed, first: {failures[0]}")
            if progress:
                progress(done)
            self.client.indices.refresh(index=index._name)
            old = [name for name in self.physical_indexes() if name != index._name]
            # One request: readers never see the alias missing or empty, and from then on
            # pushes reach the new index through the alias alone.
            swap = [{"remove": {"index": name, "alias": self.alias}} for name in old]
            swap.append({"add": {"index": index._name, "alias": self.alias}})
            swap.append({"remove": {"index": index._name, "alias": self.building_alias}})
            self.client.indices.update_aliases(actions=swap)
            for name in old:
                self.client.indices.delete(index=name)
            return index._name
        except (ApiError, TransportError, helpers.BulkIndexError, SearchUnavailable) as exc:
            if index is not None:
                self._discard(index._name)
            if isinstance(exc, SearchUnavailable):
                raise
            raise SearchUnavailable(str(exc)) from exc

    def _discard(self, name: str) -> None:
        """Drop a half-built index (and with it the building alias) after a failed rebuild."""
        try:
            self.client.indices.delete(index=name)
        except (ApiError, TransportError):
            pass

    def apply(
        self,
        documents: dict[str, dict],
        deletions: Iterable[str],
        refresh: bool = False,
        *,
        version: int | None = None,
        targets: Iterable[str] | None = None,
    ) -> None:
        """Index and delete in one bulk request per chunk; raise SearchUnavailable on any real error.

        `version` and `targets` come from begin_write(), called before the database was read.
        """
        version = version or now_version()
        deletions = list(deletions)
        actions = []
        for target in targets or [self.alias]:
            actions += [
                {
                    "_op_type": "index",
                    "_index": target,
                    "_id": doc_id,
                    "version": version,
                    "version_type": "external",
                    "_source": doc,
                }
                for doc_id, doc in documents.items()
            ]
            actions += [
                {"_op_type": "delete", "_index": target, "_id": doc_id, "version": version, "version_type": "external"}
                for doc_id in deletions
            ]
        if not actions:
            return
        try:
            _, errors = helpers.bulk(
                self.client, actions, chunk_size=BULK_CHUNK, raise_on_error=False, refresh=refresh or False
            )
        except (ApiError, TransportError) as exc:
            raise SearchUnavailable(str(exc)) from exc
        failures = [e for e in errors if next(iter(e.values())).get("status") not in HARMLESS_BULK_STATUSES]
        if failures:
            raise SearchUnavailable(f"{len(failures)} bulk items failed, first: {failures[0]}")

    def refresh(self) -> None:
        try:
            self.client.indices.refresh(index=self.alias)
        except (ApiError, TransportError) as exc:
            raise SearchUnavailable(str(exc)) from exc

    def counts_by_type(self) -> dict[str, int]:
        try:
            search = Search(using=self.client, index=self.alias).extra(size=0, track_total_hits=True)
            search.aggs.bucket("types", "terms", field="doc_type", size=100)
            response = search.execute()
        except NotFoundError:
            return {}
        except (ApiError, TransportError) as exc:
            raise SearchUnavailable(str(exc)) from exc
        return {bucket.key: bucket.doc_count for bucket in response.aggregations.types.buckets}

    # --- queries -----------------------------------------------------------------------
    def _base(self, request: SearchRequest, with_facet_filters: bool = True) -> Search:
        search = Search(using=self.client, index=self.alias)
        if request.query:
            search = search.query(
                "multi_match", query=request.query, fields=["title^3", "keywords^2", "body"], operator="and"
            )
        search = search.filter("terms", visibility=list(request.visibilities))
        if request.doc_types:
            search = search.filter("terms", doc_type=list(request.doc_types))
        for facet in FACETS:
            values = request.filters.get(facet.key)
            if values and with_facet_filters:
                search = search.filter("terms", **{facet.field: values})
        return search

    def search_body(self, request: SearchRequest) -> dict:
        """The request body; the benchmark sends the same body raw."""
        search = self._base(request)
        for facet in FACETS:
            search.aggs.bucket(facet.key, "terms", field=facet.field, size=100)
        search = search.highlight_options(encoder="html", pre_tags=["<em>"], post_tags=["</em>"])
        search = search.highlight("title", number_of_fragments=0).highlight(
            "body", fragment_size=80, number_of_fragments=2
        )
        if request.sort == NEWEST or not request.query:
            search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
        else:
            search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}})
        search = search.extra(track_total_hits=True)[request.offset : request.offset + request.page_size]
        return search.to_dict()

    def search(self, request: SearchRequest) -> SearchResults:
        try:
            raw = self.client.search(index=self.alias, body=self.search_body(request)).body
        except NotFoundError:
            return SearchResults(request, [], 0, make_facets(request, {}, type_labels()))
        except (ApiError, TransportError) as exc:
            raise SearchUnavailable(str(exc)) from exc
        return self.parse(request, raw)

    def parse(self, request: SearchRequest, raw: dict) -> SearchResults:
        labels = type_labels()
        hits = []
        for item in raw["hits"]["hits"]:
            source, highlight = item["_source"], item.get("highlight", {})
            title = source.get("title", "")
            body_fragments = highlight.get("body")
            hits.append(
                Hit(
                    id=item["_id"],
                    doc_type=source.get("doc_type", ""),
                    type_label=labels.get(source.get("doc_type", ""), ""),
                    title=title,
                    title_html=highlight["title"][0] if highlight.get("title") else escape(title),
                    snippet_html=" … ".join(body_fragments)
                    if body_fragments
                    else snippet_html(source.get("body", ""), []),
                    url=source.get("url", ""),
                    date=parse_datetime(source["date"]) if source.get("date") else None,
                    year=source.get("year"),
                    program=source.get("program", ""),
                    province=source.get("province", ""),
                    industry=source.get("industry", ""),
                    state=source.get("state", ""),
                    score=item.get("_score"),
                )
            )
        aggregations = raw.get("aggregations", {})
        counts = {
            facet.key: [
                (bucket["key"], bucket["doc_count"]) for bucket in aggregations.get(facet.key, {}).get("buckets", [])
            ]
            for facet in FACETS
        }
        total = raw["hits"]["total"]
        return SearchResults(
            request, hits, total["value"], make_facets(request, counts, labels), total.get("relation", "eq")
        )

    def autocomplete(self, prefix: str, visibilities: tuple[str, ...], limit: int) -> list[Suggestion]:
        search = (
            Search(using=self.client, index=self.alias)
            .query("match_phrase_prefix", title={"query": prefix})
            .filter("terms", visibility=list(visibilities))
            .source(["title", "url", "doc_type"])[:limit]
        )
        try:
            response = search.execute()
        except NotFoundError:
            return []
        except (ApiError, TransportError) as exc:
            raise SearchUnavailable(str(exc)) from exc
        return [Suggestion(hit.title, hit.url, hit.doc_type) for hit in response]

    def describe(self) -> str:
        indexes = ", ".join(self.physical_indexes()) or "—"
        return f"Elasticsearch/OpenSearch {self.url} · alias {self.alias} → {indexes}"


class DatabaseBackend:
    name = "database"

    def ensure_index(self) -> None:
        pass

    def begin_write(self) -> dict:
        return {}

    def refresh(self) -> None:
        pass

    def _entries(self, documents: dict[str, dict]) -> list[SearchEntry]:
        return [
            SearchEntry(doc_id=doc_id, **{k: doc[k] for k in (*DOCUMENT_FIELDS, "doc_type", "visibility")})
            for doc_id, doc in documents.items()
        ]

    def apply(self, documents: dict[str, dict], deletions: Iterable[str], refresh: bool = False, **write) -> None:
        deletions = list(deletions)
        with transaction.atomic():
            if deletions:
                SearchEntry.objects.filter(doc_id__in=deletions).delete()
            if documents:
                SearchEntry.objects.bulk_create(
                    self._entries(documents),
                    batch_size=BULK_CHUNK,
                    update_conflicts=True,
                    unique_fields=["doc_id"],
                    update_fields=[*DOCUMENT_FIELDS, "doc_type", "visibility", "tokens", "title_tokens"],
                )

    def rebuild(self, documents: Iterable[tuple[str, dict]], progress: Progress | None = None) -> str:
        # One transaction: readers see the old entries until the new ones are all there.
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            done = 0
            for chunk in _chunks(documents, BULK_CHUNK):
                SearchEntry.objects.bulk_create(self._entries(dict(chunk)))
                done += len(chunk)
                if progress:
                    progress(done)
        connection = connections[SearchEntry.objects.db]
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Every entry is new: mark the table's pages all-visible now rather than when autovacuum
            # comes by, so the title walks read the covering index alone (docs/performance.md).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE search_searchentry")
        return "search_searchentry"

    def counts_by_type(self) -> dict[str, int]:
        return dict(SearchEntry.objects.values_list("doc_type").annotate(n=Count("pk")).order_by())

    def _matching(
        self, request: SearchRequest, terms: list[str], in_title: str | None = None, titles: RawSQL | None = None
    ):
        """The entries a request finds, or None when a term has nothing the index can look up.

        `in_title`: only those whose title holds this term, written before the full-text test: SQLite
        tests a row's conditions in that order, so the rows that fail it (most, for a walk along the
        date index) are spared the full-text test. PostgreSQL orders them by its own cost estimates.
        """
        entries = SearchEntry.objects.all()
        if in_title is not None:
            entries = entries.filter(_in_title(in_title))
        entries = entries.filter(visibility__in=request.visibilities)
        if titles is not None:  # the title probe's own full-text condition (`_title_probe`)
            entries = entries.filter(titles)
        else:
            entries = _text_match(entries, terms)
        if entries is None:
            return None
        if request.doc_types:
            entries = entries.filter(doc_type__in=request.doc_types)
        for facet in FACETS:
            values = request.filters.get(facet.key)
            if values:
                entries = entries.filter(**{f"{facet.field}__in": values})
        return entries

    def _titled_from_index(self, request: SearchRequest, terms: list[str]):
        """PostgreSQL, first term a run of Chinese characters: the matching entries whose title holds it,
        read from the covering date index alone where the row is not needed (migration 0006).

        A title holding such a term matches it in the full-text index too (its phrase is among the
        title's tokens, docs/performance.md), so the first term needs no full-text test. Each other
        term is tested on the title first, and only where the title lacks it against the row's
        tsvector, in a subquery per entry (OFFSET 0 keeps the planner from turning it into a join
        over every entry holding that term).
        """
        entries = self._matching(request, [], in_title=terms[0])
        others = terms[1:]
        if not others:
            return entries
        condition, params = ROW_MATCH, [tsquery(others)]
        if all(is_cjk_run(term) for term in others):
            in_title = " AND ".join(['strpos("search_searchentry"."title", %s) > 0'] * len(others))
            condition, params = f"(({in_title}) OR {ROW_MATCH})", [*others, *params]
        return entries.filter(RawSQL(condition, params, output_field=BooleanField()))

    def _title_hit(self, request: SearchRequest, terms: list[str]):
        """Relevance: entries whose title holds the first term come first (then newest)."""
        if request.sort == NEWEST or not terms:
            return Value(0, output_field=IntegerField())
        return Case(When(_in_title(terms[0]), then=Value(1)), default=Value(0), output_field=IntegerField())

    def search(self, request: SearchRequest) -> SearchResults:
        terms = query_terms(request.query)
        labels = type_labels()
        entries = self._matching(request, terms)
        if entries is None:
            return SearchResults(request, [], 0, make_facets(request, {}, labels))
        relation = "eq"
        if connections[entries.db].vendor in ONE_PASS_VENDORS:
            counts, page, found = self._one_pass(entries, request, terms)
            cap = _cap(request)
            total, relation = (cap, "gte") if found > cap else (found, "eq")
        else:
            counts, page = self._per_facet(entries, request, terms)
            total = sum(n for _, n in counts.get("type", []))  # every entry has a type: no separate COUNT(*)
        hits = [
            Hit(
                id=entry.doc_id,
                doc_type=entry.doc_type,
                type_label=labels.get(entry.doc_type, ""),
                title=entry.title,
                title_html=highlight_html(entry.title, terms),
                snippet_html=snippet_html(entry.body, terms),
                url=entry.url,
                date=entry.date,
                year=entry.year,
                program=entry.program,
                province=entry.province,
                industry=entry.industry,
                state=entry.state,
            )
            for entry in page
        ]
        return SearchResults(request, hits, total, make_facets(request, counts, labels), relation)

    def _one_pass(self, entries, request: SearchRequest, terms: list[str]):
        """The first `cap` results in the page's order (SEARCH_TRACK_TOTAL_HITS), their facet counts, the
        page's rows and how many results there are, counted up to cap + 1.

        One statement (docs/performance.md, "Database search backend"). A probe counts what the
        full-text index finds, stopping at cap + 1. At most `cap`: those entries are read by id
        through a covering index (`few`). More: the results are read in the page's order instead,
        newest first along the (date, id) index, for relevance in two walks (titles holding the first
        term, then the rest), each stopping once cap + 1 results are in hand, so a term found in half
        the documents reads about as many index entries as one found in a tenth. On SQLite, when the
        FTS5 title column says at most `cap` titles hold a Chinese first term, those are read by id
        instead of walked for (`wt`); PostgreSQL does the same with its GIN index of title tokens, and
        walks for a Chinese first term in the covering date index alone (`_titled_from_index`),
        skipping either count where its planner expects more than it would stop at (`_estimates`:
        a third query, before the two). The parts not
        chosen have LIMIT 0 and read nothing. The results are materialised once (`m`); the six
        GROUP BYs count the first `cap` of them, the page is cut from them, COUNT(*) says whether
        there are more. The page's rows are then fetched by primary key: two queries a search.
        """
        cap = _cap(request)
        connection = connections[entries.db]
        vendor, qn = connection.vendor, connection.ops.quote_name
        fields = [facet.field for facet in FACETS]
        columns = ("id", "date", *fields)
        column_list = ", ".join(qn(c) for c in columns)
        ctes, selects, params = [], [], []
        estimates = _estimates(connection, terms)
        probe = _probe(vendor, terms, cap, estimates)
        walk_limit, walk_limit_params = "{}", [cap + 1]  # {}: "%s" less what the walks before took
        if probe is not None:
            # How many entries the index finds, counted up to cap + 1: at most cap means few enough to
            # read them all through the index by id (the `few` part); more, and the walks run instead.
            # Each part's LIMIT is 0 unless it is the one to run: a LIMIT of 0 stops a part before it
            # reads anything, which a condition in its WHERE would not (it would be tested per row).
            ctes.append(f"g (n) AS MATERIALIZED ({probe[0]})")
            params += probe[1]
            few = entries.annotate(title_hit=self._title_hit(request, terms)).order_by().values(*columns, "title_hit")
            sql, few_params = few.query.sql_with_params()
            sql = _indexed_by(sql, vendor, BY_ID_INDEX)
            few_limit = "CASE WHEN (SELECT n FROM g) <= %s THEN %s ELSE 0 END"
            ctes.append(f"few ({column_list}, th) AS MATERIALIZED ({sql} LIMIT {few_limit})")
            selects.append(f"SELECT th, {column_list} FROM few")
            params += [*few_params, cap, cap]
            walk_limit, walk_limit_params = "CASE WHEN (SELECT n FROM g) > %s THEN {} ELSE 0 END", [cap, cap + 1]
        # The walks: (name, title_hit, queryset, LIMIT, its parameters, whether it is read by id).
        guard = "CASE WHEN {} THEN {{}} ELSE 0 END"
        many = "(SELECT n FROM g) > %s" if probe is not None else "1 = 1"
        many_params = [cap] if probe is not None else []
        if request.sort == NEWEST or not terms:
            walks = [("w0", 0, entries, walk_limit, walk_limit_params, False)]
        else:
            in_title = _in_title(terms[0])
            if vendor == "postgresql" and is_cjk_run(terms[0]):
                titled = self._titled_from_index(request, terms)
            else:
                titled = self._matching(request, terms, in_title=terms[0])
            walks = []
            title_probe = _title_probe(vendor, terms, cap, estimates) if probe is not None else None
            if title_probe is not None:
                # A Chinese first term: the full-text index of title tokens says how many titles hold
                # it; at most `cap`, they are read by id (`wt`) instead of walking the whole date
                # index for them (the walk `w1` then has LIMIT 0).
                ctes.append(f"gt (n) AS MATERIALIZED ({title_probe[0]})")
                params += title_probe[1]
                few_titled = self._matching(request, terms, in_title=terms[0], titles=title_probe[2])
                few_guard = guard.format(f"{many} AND (SELECT n FROM gt) <= %s")
                walks.append(("wt", 1, few_titled, few_guard, [*many_params, cap, cap + 1], True))
                many_titled = guard.format(f"{many} AND (SELECT n FROM gt) > %s")
                walks.append(("w1", 1, titled, many_titled, [*many_params, cap, cap + 1], False))
            else:
                walks.append(("w1", 1, titled, walk_limit, walk_limit_params, False))
            walks.append(("w0", 0, entries.exclude(in_title), walk_limit, walk_limit_params, False))
        for n, (name, title_hit, walk, limit, limit_params, by_id) in enumerate(walks):
            walk = walk.order_by() if by_id else walk.order_by(NEWEST_FIRST, "-pk")
            sql, walk_params = walk.values(*columns).query.sql_with_params()
            # What the walks before took is subtracted inside the CASE: a negative LIMIT means none on SQLite.
            limit = limit.format("%s" + "".join(f" - (SELECT COUNT(*) FROM {before[0]})" for before in walks[:n]))
            sql = _indexed_by(sql, vendor, BY_ID_INDEX if by_id else NEWEST_INDEX)
            ctes.append(f"{name} ({column_list}) AS MATERIALIZED ({sql} LIMIT {limit})")
            selects.append(f"SELECT {title_hit} AS th, {column_list} FROM {name}")
            params += [*walk_params, *limit_params]
        order = f"th DESC, ({qn('date')} IS NULL), {qn('date')} DESC, {qn('id')} DESC"
        reverse = f"th ASC, ({qn('date')} IS NULL) DESC, {qn('date')} ASC, {qn('id')} ASC"
        ctes.append(f"m AS MATERIALIZED ({' UNION ALL '.join(selects)})")
        # The facets count the first `cap` results: all of m but its last row when it holds cap + 1
        # (found with one scan instead of sorting m).
        ctes.append(f"last AS MATERIALIZED (SELECT {qn('id')} FROM m ORDER BY {reverse} LIMIT 1)")
        ctes.append(
            f"f AS (SELECT * FROM m WHERE (SELECT COUNT(*) FROM m) <= %s OR {qn('id')} <> (SELECT {qn('id')} FROM last))"
        )
        params.append(cap)
        page = (
            f"SELECT * FROM (SELECT -1 AS k, CAST({qn('id')} AS TEXT) AS v, th AS n, {qn('date')} AS d"
            f" FROM m ORDER BY {order} LIMIT %s OFFSET %s) page"
        )
        found = "SELECT -2, NULL, COUNT(*), NULL FROM m"
        facets = [
            f"SELECT {i}, CAST({qn(field)} AS TEXT), COUNT(*), NULL FROM f GROUP BY {qn(field)}"
            for i, field in enumerate(fields)
        ]
        statement = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join([page, found, *facets])
        with connection.cursor() as cursor:
            cursor.execute(statement, [*params, request.page_size, request.offset])
            rows = cursor.fetchall()
        counts = {facet.key: [] for facet in FACETS}
        ranked, matched = [], 0
        for k, value, n, date in rows:
            if k == -1:
                ranked.append((n, date is not None, date or "", int(value)))
            elif k == -2:
                matched = n
            else:
                counts[FACETS[k].key].append((value, n))
        ranked.sort(reverse=True)  # the same order as the SQL's ORDER BY; UNION ALL need not keep it
        by_pk = SearchEntry.objects.using(entries.db).in_bulk([pk for *_, pk in ranked])
        return counts, [by_pk[pk] for *_, pk in ranked if pk in by_pk], matched

    def _per_facet(self, entries, request: SearchRequest, terms: list[str]):
        """Other databases: one aggregation per facet, then the ordered page."""
        counts = {
            facet.key: list(entries.order_by().values_list(facet.field).annotate(n=Count("pk"))) for facet in FACETS
        }
        ordered = entries.annotate(title_hit=self._title_hit(request, terms)).order_by(
            "-title_hit", NEWEST_FIRST, "-pk"
        )
        return counts, list(ordered[request.offset : request.offset + request.page_size])

    def autocomplete(self, prefix: str, visibilities: tuple[str, ...], limit: int) -> list[Suggestion]:
        entries = _text_match(SearchEntry.objects.filter(visibility__in=visibilities), [prefix])
        if entries is None:
            return []
        entries = (
            entries.filter(title__icontains=prefix)
            .order_by(NEWEST_FIRST, "-pk")
            .values_list("title", "url", "doc_type")[:limit]
        )
        return [Suggestion(title, url, doc_type) for title, url, doc_type in entries]

    def describe(self) -> str:
        return "database (SearchEntry table)"


# Databases the one-statement search and the full-text index serve (migrations 0002, 0004 and 0005).
ONE_PASS_VENDORS = {"sqlite", "postgresql"}
# Migration 0005. SQLite: two covering indexes (the facet columns, date and title), one in the
# walks' order, one by id for reading the few entries the full-text index finds.
NEWEST_INDEX = "search_searchentry_newest"
BY_ID_INDEX = "search_searchentry_by_id"
ENTRY_TABLE = 'FROM "search_searchentry" '
ASCII_LETTER = re.compile("[A-Za-z]")


def _indexed_by(sql: str, vendor: str, index: str) -> str:
    """SQLite: read the entries through `index`, a covering index, so the search never touches the
    wide rows (body and tokens); SQLite has no statistics here and might otherwise pick the
    visibility index or sort every match. PostgreSQL plans with its statistics."""
    if vendor != "sqlite" or sql.count(ENTRY_TABLE) != 1:
        return sql
    return sql.replace(ENTRY_TABLE, f'{ENTRY_TABLE}INDEXED BY "{index}" ')


def _cap(request: SearchRequest) -> int:
    """SEARCH_TRACK_TOTAL_HITS, or the end of the requested page if that is further (a page is cut
    from the results counted; with the default, 10,000, every reachable page is within it)."""
    return max(settings.SEARCH_TRACK_TOTAL_HITS, request.offset + request.page_size)


def _in_title(term: str):
    """The title holds `term`, ignoring case. Without ASCII letters (Chinese, digits) case is moot and
    the test is a plain substring search (`instr`/`strpos`), about twice as fast as `LIKE` per row."""
    if ASCII_LETTER.search(term):
        return Q(title__icontains=term)
    return GreaterThan(StrIndex("title", Value(term)), 0)


def _title_probe(vendor: str, terms: list[str], cap: int, estimates: dict) -> tuple[str, list, RawSQL] | None:
    """First term a run of Chinese characters: SQL counting the matching entries whose title holds it,
    up to cap + 1, found by the full-text index of title tokens; and that condition, to read them.

    For such a term the phrase finds exactly the titles holding it as a substring, the test the
    other walks use (docs/performance.md), so the two never disagree; other terms are left to them.
    SQLite asks the FTS5 title column. PostgreSQL asks the GIN index over `title_tsv` (migration
    0006) only where its statistics expect few such titles: the count reads a row per title. The
    expectation is that of the term's first pair, which no title holding the whole term can exceed;
    expected many, the count is taken as cap + 1 and the titles are walked for in the covering index.
    """
    if vendor not in ("sqlite", "postgresql") or not is_cjk_run(terms[0]):
        return None
    if vendor == "sqlite":
        match = f"({fts5_query(terms)}) AND title_tokens : ({fts5_query(terms[:1])})"
        sql = "SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s LIMIT %s"
        return (
            f"SELECT COUNT(*) FROM ({sql}) probe",
            [match, cap + 1],
            RawSQL(FTS5_MATCH, [match], output_field=BooleanField()),
        )
    condition = f"search_searchentry.title_tsv @@ to_tsquery('simple', %s) AND {TSQUERY_MATCH}"
    condition_params = [tsquery(terms[:1]), tsquery(terms)]
    titles = RawSQL(condition, condition_params, output_field=BooleanField())
    if estimates["titles"] >= cap:
        return "SELECT %s", [cap + 1], titles
    sql = f"SELECT 1 FROM search_searchentry WHERE {condition} LIMIT %s"
    return f"SELECT COUNT(*) FROM ({sql}) probe", [*condition_params, cap + 1], titles


def _probe(vendor: str, terms: list[str], cap: int, estimates: dict) -> tuple[str, list] | None:
    """SQL counting the entries the full-text index finds for `terms`, up to cap + 1 (before filters).

    PostgreSQL: where its statistics expect several times `cap` entries, the count is skipped and
    taken as cap + 1 (the walks then run): counting would read about `cap` rows only to learn that.
    The walks are exact whatever the count says; a wrong guess costs time, not results."""
    if not terms:
        return None
    if vendor == "sqlite":
        sql = "SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s LIMIT %s"
        return f"SELECT COUNT(*) FROM ({sql}) probe", [fts5_query(terms), cap + 1]
    if estimates["matches"] >= BROAD_ESTIMATE * cap:
        return "SELECT %s", [cap + 1]
    sql = "SELECT 1 FROM search_searchentry WHERE tokens_tsv @@ to_tsquery('simple', %s) LIMIT %s"
    return f"SELECT COUNT(*) FROM ({sql}) probe", [tsquery(terms), cap + 1]


def _estimates(connection, terms: list[str]) -> dict:
    """PostgreSQL: how many entries its planner expects to match `terms` and, for a Chinese first term,
    to hold the term's first pair in their title: no more titles than that can hold the whole term.

    One EXPLAIN each (about a millisecond together): in one statement, a UNION ALL of the two, the
    planner may run the parts in parallel and report rows per worker."""
    if connection.vendor != "postgresql" or not terms:
        return {}
    parts = {"matches": ("tokens_tsv", tsquery(terms))}
    if is_cjk_run(terms[0]):
        parts["titles"] = ("title_tsv", tsquery([terms[0][:2]]))
    estimates = {}
    with connection.cursor() as cursor:
        for key, (column, query) in parts.items():
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_searchentry WHERE {column} @@ to_tsquery('simple', %s)",
                [query],
            )
            (plan,) = cursor.fetchone()
            estimates[key] = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]
    return estimates


# PostgreSQL: a term its statistics expect in at least this many times `cap` entries is not counted.
BROAD_ESTIMATE = 2


FTS5_MATCH = "search_searchentry.id IN (SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s)"
TSQUERY_MATCH = "search_searchentry.tokens_tsv @@ to_tsquery('simple', %s)"
ROW_MATCH = (
    "EXISTS (SELECT 1 FROM search_searchentry row_ WHERE row_.id = search_searchentry.id"
    " AND row_.tokens_tsv @@ to_tsquery('simple', %s) OFFSET 0)"
)


def _text_match(entries, terms: list[str]):
    """`entries` holding every term, looked up in the full-text index; None if a term cannot match.

    SQLite asks its FTS5 table, PostgreSQL the GIN index over the stored tsvector; each term is a
    phrase of its tokens (search/tokens.py, docs/performance.md), so a Chinese term matches exactly
    where it occurs as a substring. Other databases keep the substring scan.
    """
    if not terms:
        return entries
    vendor = connections[entries.db].vendor
    if vendor == "sqlite":
        match = fts5_query(terms)
        return None if match is None else entries.filter(RawSQL(FTS5_MATCH, [match], output_field=BooleanField()))
    if vendor == "postgresql":
        query = tsquery(terms)
        if query is None:
            return None
        return entries.filter(RawSQL(TSQUERY_MATCH, [query], output_field=BooleanField()))
    for term in terms:
        entries = entries.filter(Q(title__icontains=term) | Q(keywords__icontains=term) | Q(body__icontains=term))
    return entries


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def get_backend():
    return ElasticsearchBackend() if settings.SEARCH_URL else DatabaseBackend()
