"""What only a Lucene engine answers honestly: analysis, scoring, aggregations after deletes,
alias swaps under writes, and HTTP content negotiation.

These run on the session's engine, which in CI is a real OpenSearch node (tests/search_engine.py);
on osmem-server they check that the emulator agrees.
"""

import io
import json
import threading
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command

from search.backends import ElasticsearchBackend, now_version
from search.client import get_client
from search.registry import PUBLIC
from search.schema import RELEVANCE, SearchRequest

pytestmark = pytest.mark.django_db


def document(title: str, body: str = "", **fields) -> dict:
    return {"doc_type": "call", "visibility": PUBLIC, "title": title, "body": body, "keywords": "", **fields}


def index(backend: ElasticsearchBackend, documents: dict[str, dict]) -> None:
    backend.ensure_index()
    backend.apply(documents, [], refresh=True)


def query(backend: ElasticsearchBackend, text: str, **filters) -> list:
    request = SearchRequest(
        query=text, filters=filters, page=1, page_size=10, sort=RELEVANCE, visibilities=(PUBLIC,), doc_types=()
    )
    return backend.search(request)


def test_two_character_word_is_found_inside_longer_text_through_cjk_bigrams_with_highlight():
    backend = ElasticsearchBackend()
    index(
        backend,
        {
            "call-1": document("2026年度全国质量强市示范城市创建申报通知", "各省市场监管局组织推荐。"),
            "call-2": document("青岛市市长质量奖评审细则", "依据卓越绩效评价准则。"),
        },
    )

    results = query(backend, "示范")

    assert [hit.id for hit in results.hits] == ["call-1"]
    assert "<em>示范</em>" in results.hits[0].title_html


def test_exact_title_match_ranks_above_a_body_only_match():
    backend = ElasticsearchBackend()
    index(
        backend,
        {
            "body-only": document("年度工作安排", "本年度将组织知名品牌创建示范区的验收工作，另有多项安排。"),
            "title": document("知名品牌创建示范区验收通知", "附件见下。"),
        },
    )

    results = query(backend, "知名品牌")

    assert [hit.id for hit in results.hits] == ["title", "body-only"]


def test_facet_counts_follow_deletes():
    backend = ElasticsearchBackend()
    index(backend, {f"call-{n}": document(f"申报通知{n}", province="370000" if n < 3 else "110000") for n in range(5)})
    before = query(backend, "").facet_counts("province")

    backend.apply({}, ["call-0", "call-1"], refresh=True)
    after = query(backend, "").facet_counts("province")

    assert before == {"370000": 3, "110000": 2}
    assert after == {"370000": 1, "110000": 2}


def test_reindex_swaps_the_alias_without_losing_writes_made_during_the_rebuild():
    backend = ElasticsearchBackend()
    index(backend, {f"old-{n}": document(f"旧通知{n}") for n in range(3)})
    old_indexes = backend.physical_indexes()
    written_during = threading.Event()

    def rebuild_source():
        for n in range(200):
            if n == 100:
                # A push from elsewhere while the new index is loading: it must reach both indexes.
                write = backend.begin_write()
                backend.apply({"live-1": document("重建期间新增的通知")}, [], **write)
                written_during.set()
            yield f"call-{n}", document(f"申报通知{n}")

    backend.rebuild(rebuild_source())
    backend.refresh()

    new_indexes = backend.physical_indexes()
    assert written_during.is_set()
    assert len(new_indexes) == 1 and new_indexes != old_indexes
    assert backend.counts_by_type() == {"call": 201}
    assert [hit.id for hit in query(backend, "重建期间").hits] == ["live-1"]


def test_search_status_reports_index_and_database_counts(site):
    out = io.StringIO()
    call_command("search_status", stdout=out)

    lines = {line.split()[0]: line.split()[1:3] for line in out.getvalue().splitlines()[2:-1]}
    from search.services import count_indexable

    assert {key: [str(count), str(count)] for key, count in count_indexable().items()} == lines


@pytest.fixture
def site():
    from search.backends import get_backend
    from search.services import rebuild_index
    from tests.search.factories import build_site

    built = build_site()
    rebuild_index()
    get_backend().refresh()
    return built


VENDOR_MIMETYPE = "application/vnd.elasticsearch+json; compatible-with=8"


def test_plain_json_node_is_accepted_where_the_server_negotiates_content_types(settings):
    """A body sent with the client's own vendor mimetype is refused by OpenSearch; our node's is not."""
    raw = urllib.request.Request(
        settings.SEARCH_URL + "/_search",
        data=b'{"query": {"match_all": {}}}',
        headers={"Content-Type": VENDOR_MIMETYPE, "Accept": VENDOR_MIMETYPE},
        method="POST",
    )
    try:
        with urllib.request.urlopen(raw, timeout=10) as response:
            vendor_status = response.status
    except urllib.error.HTTPError as refused:
        vendor_status = refused.code

    answer = get_client(settings.SEARCH_URL).search(index="*", query={"match_all": {}}, size=0)

    assert vendor_status == 406
    assert answer.meta.status == 200


def test_external_versions_keep_the_newest_write_whatever_order_they_arrive_in():
    backend = ElasticsearchBackend()
    backend.ensure_index()
    older, newer = now_version(), now_version() + 10

    backend.apply({"call-1": document("新标题")}, [], refresh=True, version=newer)
    backend.apply({"call-1": document("旧标题")}, [], refresh=True, version=older)

    source = get_client().get(index=backend.alias, id="call-1")["_source"]
    assert json.dumps(source["title"], ensure_ascii=False) == '"新标题"'
