"""search_reindex (versioned index + alias swap) and search_status."""

import io
import threading

import pytest
from django.core.management import call_command

from search import selectors
from search.backends import ElasticsearchBackend, get_backend
from search.models import IndexOutbox, SearchEntry
from search.services import count_indexable, rebuild_index

from .factories import build_site

pytestmark = pytest.mark.django_db


def indexable_counts() -> dict[str, int]:
    """Searchable objects per type in the database (types with none have no documents either)."""
    return {key: count for key, count in count_indexable().items() if count}


@pytest.fixture
def site(indexed):
    with indexed():
        return build_site()


def test_reindex_points_alias_at_a_new_index_and_drops_the_old(site):
    backend = ElasticsearchBackend()
    before = backend.physical_indexes()

    call_command("search_reindex", stdout=io.StringIO())

    after = backend.physical_indexes()
    assert len(before) == len(after) == 1
    assert after != before
    assert backend.counts_by_type() == indexable_counts()


def test_reindex_never_shows_a_moment_with_zero_results(site):
    totals: list[int] = []
    stop = threading.Event()

    def keep_searching():  # anonymous searches on Elasticsearch touch no database
        while not stop.is_set():
            totals.append(selectors.search("质量奖").total)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        during = []
        rebuild_index(progress=lambda done: during.append(selectors.search("质量奖").total))
        after = selectors.search("质量奖").total
    finally:
        stop.set()
        searcher.join()

    assert during and set(during) == {3}
    assert after == 3
    assert totals and min(totals) == 3


def test_reindex_recovers_documents_the_index_lost(site):
    backend = ElasticsearchBackend()
    backend.client.delete_by_query(index=backend.alias, query={"term": {"doc_type": "notice"}}, refresh=True)

    rebuild_index()

    assert backend.counts_by_type() == indexable_counts()


def test_reindex_command_reports_progress_with_rate_and_eta(site):
    out = io.StringIO()

    call_command("search_reindex", stdout=out)

    text = out.getvalue()
    total = sum(count_indexable().values())
    assert f"{total}/{total} docs" in text
    assert "docs/s" in text and "ETA" in text


def test_database_backend_reindex_rebuilds_entries(settings, indexed):
    settings.SEARCH_URL = ""
    with indexed():
        build_site()
    SearchEntry.objects.filter(doc_type="call").delete()
    SearchEntry.objects.create(doc_id="call-999999", doc_type="call", visibility="public", title="早已删除的通知")

    rebuild_index()

    assert get_backend().counts_by_type() == indexable_counts()
    assert not SearchEntry.objects.filter(doc_id="call-999999").exists()


@pytest.mark.parametrize("backend", ["elasticsearch", "database"], indirect=True)
def test_status_shows_index_against_database_counts(backend, site):
    IndexOutbox.objects.create(doc_type="call", object_id="0")
    out = io.StringIO()

    call_command("search_status", stdout=out)

    text = out.getvalue()
    counts = count_indexable()
    assert f"{'call':<14}{counts['call']:>10}{counts['call']:>10}  ok" in text
    assert f"{'application':<14}{counts['application']:>10}{counts['application']:>10}  ok" in text
    assert "Outbox rows pending 待推送: 1" in text


def test_status_flags_a_type_whose_index_count_differs(site):
    backend = ElasticsearchBackend()
    backend.client.delete_by_query(index=backend.alias, query={"term": {"doc_type": "notice"}}, refresh=True)
    out = io.StringIO()

    call_command("search_status", stdout=out)

    assert f"{'notice':<14}{count_indexable()['notice']:>10}{0:>10}  differs 不一致" in out.getvalue()
