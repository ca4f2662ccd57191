"""The database backend's full-text index (SQLite FTS5 / PostgreSQL GIN over a stored tsvector), fed
with CJK bigrams and words (search/tokens.py, docs/performance.md "Database search backend").

Runs on whichever database the session uses: SQLite by default, PostgreSQL when DATABASE_URL is set.
"""

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search.backends import DatabaseBackend, _estimates
from search.models import SearchEntry
from search.schema import FACETS, NEWEST, RELEVANCE, SearchRequest
from search.tokens import document_tokens, fts5_query, is_cjk_run, phrase, tsquery

pytestmark = pytest.mark.django_db

BASE = timezone.make_aware(dt.datetime(2026, 3, 1, 8, 0))
DOCS = {
    "notice-1": dict(
        title="2026年度青岛市市长质量奖拟授奖名单公示",
        body="经评审委员会审议，拟授予青岛海岳电子有限公司质量奖。",
        keywords="公示 质量奖",
        doc_type="notice",
        year=2026,
        province="山东省",
        program="青岛市市长质量奖",
    ),
    "notice-2": dict(
        title="烟台市质量强市工作通知",
        body="各区市质量工作要点。",
        keywords="通知",
        doc_type="notice",
        year=2025,
        province="山东省",
        program="烟台市质量奖",
    ),
    "award-1": dict(
        title="海岳电子 ISO9001 质量管理体系",
        body="Quality management per GB/T 19580, code QA-2026-007.",
        keywords="卓越绩效",
        doc_type="award",
        year=2026,
        province="山东省",
        program="青岛市市长质量奖",
    ),
    "award-2": dict(
        title="质检量具制造",
        body="质检与量具：两个词，中间隔开。",
        keywords="",  # 质 and 量, never 质量
        doc_type="award",
        year=2024,
        province="江苏省",
        program="苏州市质量奖",
    ),
    "zone-1": dict(
        title="黄岛西海岸新区品牌示范区",
        body="岛屿旅游与青年创业。",
        keywords="示范区",  # 青 and 岛, never 青岛
        doc_type="zone",
        year=2025,
        province="山东省",
        program="全国质量品牌提升示范区",
    ),
    "staff-1": dict(
        title="青岛某集团申报材料",
        body="内部材料。",
        keywords="",
        doc_type="application",
        year=2026,
        province="山东省",
        program="青岛市市长质量奖",
        visibility="staff",
    ),
}


def _document(doc_id, data, n):
    return {
        "doc_type": data["doc_type"],
        "visibility": data.get("visibility", "public"),
        "title": data["title"],
        "body": data["body"],
        "keywords": data["keywords"],
        "year": data["year"],
        "province": data["province"],
        "industry": "",
        "program": data["program"],
        "state": "published",
        "region": "",
        "url": f"/{doc_id}/",
        "date": BASE + dt.timedelta(days=n),
    }


@pytest.fixture
def backend(settings):
    settings.SEARCH_URL = ""
    backend = DatabaseBackend()
    backend.rebuild((doc_id, _document(doc_id, data, n)) for n, (doc_id, data) in enumerate(DOCS.items()))
    return backend


def search(backend, query, filters=None, visibilities=("public",), sort=RELEVANCE, page=1, page_size=10):
    return backend.search(SearchRequest(query, filters or {}, page, page_size, sort, visibilities))


def ids(results):
    return [hit.id for hit in results.hits]


def scan(query, filters=None, visibilities=("public",)):
    """What the old backend found: every term as a case-insensitive substring of title, keywords or body."""
    found = []
    for entry in SearchEntry.objects.filter(visibility__in=visibilities):
        text = f"{entry.title}\n{entry.keywords}\n{entry.body}".lower()
        if all(term.lower() in text for term in query.split()) and all(
            str(getattr(entry, FACETS_BY_KEY[key].field)) in values for key, values in (filters or {}).items()
        ):
            found.append(entry)
    return found


FACETS_BY_KEY = {facet.key: facet for facet in FACETS}


def test_two_character_chinese_words_match_where_they_occur_and_only_there(backend):
    assert set(ids(search(backend, "质量"))) == {"notice-1", "notice-2", "award-1"}  # not 质检…量具
    assert set(ids(search(backend, "青岛"))) == {"notice-1"}  # not zone-1 (黄岛, 青年)
    assert set(ids(search(backend, "青岛", visibilities=("public", "staff")))) == {"notice-1", "staff-1"}


def test_a_word_split_by_other_characters_does_not_match(backend):
    # award-2 holds 质 and 量 and the pairs 质检, 量具 but never 质量; zone-1 holds 青 and 岛 apart.
    assert "award-2" not in ids(search(backend, "质量"))
    assert ids(search(backend, "质量奖")) == ["notice-1"]
    assert ids(search(backend, "西海岸")) == ["zone-1"]
    assert ids(search(backend, "岛屿")) == ["zone-1"]


def test_words_across_bigram_boundaries_match(backend):
    assert set(ids(search(backend, "黄岛西海岸"))) == {"zone-1"}
    assert set(ids(search(backend, "新区品牌"))) == {"zone-1"}
    assert set(ids(search(backend, "岛西"))) == {"zone-1"}


def test_single_characters_and_longer_words_match_as_substrings(backend):
    for query in ("奖", "岛", "质量奖拟授", "拟授奖名单公示", "经评审委员会审议"):
        assert set(ids(search(backend, query))) == {e.doc_id for e in scan(query)}, query


def test_latin_words_and_codes_match_case_insensitively(backend):
    assert ids(search(backend, "ISO9001")) == ["award-1"]
    assert ids(search(backend, "iso9001")) == ["award-1"]
    assert ids(search(backend, "quality")) == ["award-1"]
    assert ids(search(backend, "Manage")) == ["award-1"]  # a word's beginning
    assert ids(search(backend, "QA-2026-007")) == ["award-1"]
    assert ids(search(backend, "GB/T")) == ["award-1"]
    assert ids(search(backend, "19580")) == ["award-1"]
    assert ids(search(backend, "agement")) == []  # words match from their start, as Elasticsearch's do
    assert ids(search(backend, "QA-2026-008")) == []


def test_mixed_terms_several_terms_and_punctuation(backend):
    assert ids(search(backend, "2026年度")) == ["notice-1"]
    assert ids(search(backend, "2026年")) == ["notice-1"]
    assert ids(search(backend, "海岳 ISO9001")) == ["award-1"]
    assert set(ids(search(backend, "海岳 质量"))) == {"notice-1", "award-1"}
    assert ids(search(backend, "海岳 烟台")) == []
    assert ids(search(backend, "，。")) == []  # nothing indexable: nothing found, no error


def test_results_facets_and_total_equal_the_substring_scan(backend):
    for query in ("质量", "质量奖", "青岛", "示范区", "奖", "海岳 质量", ""):
        for filters in ({}, {"year": ["2026"]}, {"province": ["山东省"], "type": ["notice", "award"]}):
            results = search(backend, query, filters, page_size=100)
            expected = scan(query, filters)
            assert sorted(ids(results)) == sorted(e.doc_id for e in expected), (query, filters)
            assert results.total == len(expected)
            for facet in results.facets:
                field = FACETS_BY_KEY[facet.key].field
                want = Counter(str(getattr(e, field)) for e in expected if getattr(e, field) not in (None, ""))
                assert {b.value: b.count for b in facet.buckets} == dict(want), (query, filters, facet.key)


def _in_order(entries, query, sort):
    """The page's order: relevance puts titles holding the first term first; each group newest first."""
    first = query.split()[0].lower() if query.split() and sort == RELEVANCE else None
    return sorted(entries, key=lambda e: (first is not None and first in e.title.lower(), e.date, e.pk), reverse=True)


@pytest.mark.parametrize("cap", [1, 2, 3, 10_000])
def test_counts_are_exact_up_to_the_cap_and_cover_the_first_results_beyond_it(backend, settings, cap):
    # Beyond SEARCH_TRACK_TOTAL_HITS the total says "cap+" (relation gte) and the facets count the first
    # `cap` results in the page's order; the pages themselves stay in order. Small caps take the
    # walks along the date index, the default one reads the few matches by id: both must agree.
    settings.SEARCH_TRACK_TOTAL_HITS = cap
    # Several terms: a second term in the title (海岳 质量), only in the body (青岛 评审), a word of
    # letters in the body (海岳 gb), in no entry that holds the first (海岳 量具). On PostgreSQL the
    # title walk tests the other terms against the title, then the entry's tsvector.
    queries = ("质量", "青岛", "海岳 质量", "青岛 评审", "海岳 gb", "海岳 量具", "示范区", "")
    for query in queries:
        for sort in (RELEVANCE, NEWEST):
            for filters in ({}, {"province": ["山东省"]}):
                expected = _in_order(scan(query, filters, ("public", "staff")), query, sort)
                results = search(backend, query, filters, ("public", "staff"), sort=sort, page_size=2)
                label = (cap, query, sort, filters)
                counted_up_to = max(cap, 2)  # never short of the page's end (page_size 2)
                assert ids(results) == [e.doc_id for e in expected[:2]], label
                assert results.total == min(len(expected), counted_up_to), label
                assert results.total_relation == ("gte" if len(expected) > counted_up_to else "eq"), label
                assert results.total_capped == (len(expected) > counted_up_to)
                counted = expected[:counted_up_to]
                for facet in results.facets:
                    field = FACETS_BY_KEY[facet.key].field
                    want = Counter(str(getattr(e, field)) for e in counted if getattr(e, field) not in (None, ""))
                    assert {b.value: b.count for b in facet.buckets} == dict(want), (label, facet.key)
                if len(expected) > 2:
                    second = search(backend, query, filters, ("public", "staff"), sort=sort, page=2, page_size=2)
                    assert ids(second) == [e.doc_id for e in expected[2:4]], label
                    assert second.total == min(len(expected), max(cap, 4))  # at least up to the page's end


def test_ordering_relevance_then_newest_and_paging(backend):
    # Relevance: titles holding the first term first, each group newest first.
    assert ids(search(backend, "质量")) == ["award-1", "notice-2", "notice-1"]
    assert ids(search(backend, "质量", sort=NEWEST)) == ["award-1", "notice-2", "notice-1"]
    everything = ids(search(backend, "", page_size=100))
    assert everything == ["zone-1", "award-2", "award-1", "notice-2", "notice-1"]
    pages = [ids(search(backend, "", page=n, page_size=2)) for n in (1, 2, 3)]
    assert pages == [everything[0:2], everything[2:4], everything[4:]]
    relevant = ids(search(backend, "质量奖 公示"))
    assert relevant == ["notice-1"]


def test_relevance_puts_title_matches_before_newer_body_matches(backend):
    # 质量奖: notice-1 has it in the title; nothing newer has it in the body only, so add one.
    backend.apply({"notice-9": _document("notice-9", {**DOCS["notice-2"], "body": "市长质量奖"}, 30)}, [])
    assert ids(search(backend, "质量奖")) == ["notice-1", "notice-9"]
    assert ids(search(backend, "质量奖", sort=NEWEST)) == ["notice-9", "notice-1"]


def test_highlights_mark_the_terms(backend):
    hit = search(backend, "青岛 质量奖").hits[0]
    assert "<em>青岛</em>" in hit.title_html and "<em>质量奖</em>" in hit.title_html
    assert "<em>质量奖</em>" in hit.snippet_html


def test_updates_replace_the_indexed_words(backend):
    backend.apply(
        {"notice-2": _document("notice-2", {**DOCS["notice-2"], "title": "威海市通知", "body": "要点。"}, 1)}, []
    )
    assert "notice-2" not in ids(search(backend, "烟台"))
    assert ids(search(backend, "威海")) == ["notice-2"]


def test_deleted_and_unpublished_entries_leave_the_index(backend):
    backend.apply({}, ["notice-1"])  # what the push does for an unpublished or deleted object
    assert ids(search(backend, "拟授奖")) == []
    assert _index_rows("拟授奖") == 0
    SearchEntry.objects.filter(doc_id="award-1").delete()
    assert ids(search(backend, "ISO9001")) == []
    assert _index_rows("ISO9001") == 0


def test_rebuild_and_the_reindex_command_keep_the_index_in_step(backend):
    SearchEntry.objects.filter(doc_id="award-1").update(title="改名", tokens="改名 名")  # a stale row
    call_command("search_reindex", verbosity=0)  # no indexable objects in this test: the table empties
    assert SearchEntry.objects.count() == 0
    assert _index_rows("质量") == 0
    backend.rebuild([("notice-1", _document("notice-1", DOCS["notice-1"], 0))])
    assert ids(search(backend, "质量")) == ["notice-1"]
    assert _index_rows("质量") == 1


def test_every_way_of_writing_an_entry_derives_its_tokens(backend):
    entry = SearchEntry(doc_id="x-1", doc_type="notice", visibility="public", title="日照港口", body="冷链物流")
    entry.save()
    assert ids(search(backend, "冷链")) == ["x-1"]
    entry.title = "威海港口"
    entry.save(update_fields=["title"])
    assert ids(search(backend, "威海")) == ["x-1"]
    entry.refresh_from_db()
    assert entry.title_tokens == "威海 海港 港口 口"  # the second FTS5 column: the title's tokens alone
    assert ids(search(backend, "日照")) == []


def test_searches_use_the_index(backend):
    with CaptureQueriesContext(connection) as captured:
        search(backend, "质量奖")
    backend_search_sql = [q["sql"] for q in captured.captured_queries]
    # Facets and page ids in one statement, then the page's rows; PostgreSQL first asks its planner
    # how many entries it expects to match and to hold 质量 in their title (two EXPLAINs).
    estimates = [sql for sql in backend_search_sql if sql.startswith("EXPLAIN")]
    assert len(estimates) == (2 if connection.vendor == "postgresql" else 0)
    backend_search_sql = [sql for sql in backend_search_sql if sql not in estimates]
    assert len(backend_search_sql) == 2
    statement = backend_search_sql[0]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            assert "search_searchentry_fts MATCH" in statement
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM search_searchentry WHERE id IN "
                "(SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s)",
                [fts5_query(["质量奖"])],
            )
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE" in plan and "USING INTEGER PRIMARY KEY" in plan
        else:
            assert "tokens_tsv @@ to_tsquery" in statement
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "EXPLAIN SELECT id FROM search_searchentry WHERE tokens_tsv @@ to_tsquery('simple', %s)",
                [tsquery(["质量奖"])],
            )
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "search_searchentry_tokens_tsv_gin" in plan


def test_planner_estimates_are_whole_table_counts_whatever_plan_is_picked(backend):
    # PostgreSQL may plan a lookup in parallel; the estimates must still be for the whole table (a
    # UNION ALL of both lookups came back as one Parallel Append, rows per worker, parts reordered).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for setting in ("parallel_setup_cost", "parallel_tuple_cost", "min_parallel_table_scan_size"):
                cursor.execute(f"SET LOCAL {setting} = 0")
    estimates = _estimates(connection, ["质量奖", "公示"])
    if connection.vendor == "postgresql":
        assert set(estimates) == {"matches", "titles"}
        assert 0 < estimates["matches"] <= SearchEntry.objects.count()
        assert 0 < estimates["titles"] <= SearchEntry.objects.count()
        assert _estimates(connection, ["ISO9001"]).keys() == {"matches"}  # not a Chinese run: no title estimate
    else:
        assert estimates == {}  # SQLite counts in its FTS5 index instead


def _index_rows(query: str) -> int:
    """How many rows the full-text index itself returns for a query (not the search's filters)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s",
                [fts5_query(query.split())],
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM search_searchentry WHERE tokens_tsv @@ to_tsquery('simple', %s)",
                [tsquery(query.split())],
            )
        return cursor.fetchone()[0]


def test_tokens_and_phrases():
    assert document_tokens("质量奖", "ISO9001 体系") == "质量 量奖 奖 iso9001 体系 系"
    assert phrase("质量奖") == [("质量", False), ("量奖", False)]
    assert phrase("奖") == [("奖", True)]
    assert is_cjk_run("质量奖") and is_cjk_run("奖")
    assert not any(map(is_cjk_run, ("2026年度", "ISO9001", "质量、奖", "QA")))
    assert phrase("2026年度") == [("2026", False), ("年度", False)]
    assert phrase("年度2026") == [("年度", False), ("度", False), ("2026", True)]
    assert phrase("，") == []
    assert fts5_query(["质量", "ISO"]) == '"质量" AND "iso"*'
    assert tsquery(["质量奖", "奖"]) == "('质量' <-> '量奖') & ('奖':*)"
    assert fts5_query(["，"]) is None and tsquery(["，"]) is None
