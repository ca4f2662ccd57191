"""search_reindex (versioned index + alias swap) and search_status."""

import io
import threading

import pytest
from django.core.management import call_command

from awards.models import AwardApplication, State
from cms.models import CallPage
from search import selectors
from search.backends import ElasticsearchBackend, get_backend
from search.exceptions import SearchUnavailable
from search.models import IndexOutbox, SearchEntry
from search.services import count_indexable, rebuild_index
from tests.factories import AwardApplicationFactory, OrganizationFactory

from .factories import build_site, secretariat

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


def test_writes_pushed_while_a_reindex_builds_reach_the_new_index(
    site, monkeypatch, django_capture_on_commit_callbacks
):
    """Creates, updates and deletes drained mid-build are in the index the alias points to afterwards."""
    monkeypatch.setattr("search.backends.BULK_CHUNK", 2)  # several chunks, so the hook runs mid-build
    backend = ElasticsearchBackend()
    before = backend.physical_indexes()
    staff = secretariat()
    total = sum(count_indexable().values())
    hooked_at: list[int] = []

    def write_between_chunks(done: int) -> None:
        if hooked_at:
            return
        hooked_at.append(done)
        with django_capture_on_commit_callbacks(execute=True):  # each write commits and is pushed
            # Calls are read first: both of these were already read by the rebuild.
            renamed = CallPage.objects.get(slug="award-2026")
            renamed.title = "关于开展星河专项评选工作的通知"
            renamed.save_revision().publish()
            CallPage.objects.get(slug="zone-2026").delete()
        with django_capture_on_commit_callbacks(execute=True):
            AwardApplicationFactory(
                edition=site["editions"]["award-2026"],
                organization=OrganizationFactory(name="苏州远航新材料有限公司", short_name="远航新材"),
                state=State.SUBMITTED,
            )
            beiyang = site["organizations"]["beiyang"]
            beiyang.short_name = "北洋信息"
            beiyang.save()
            AwardApplication.objects.filter(organization=site["organizations"]["secret"]).delete()
            site["notices"]["general"].delete()

    rebuild_index(progress=write_between_chunks)
    backend.refresh()

    assert hooked_at and hooked_at[0] < total  # the writes happened while the index was being built
    assert backend.physical_indexes() != before
    assert backend.client.indices.exists_alias(name=backend.building_alias).body is False
    assert backend.counts_by_type() == indexable_counts()
    assert [hit.title for hit in selectors.search("星河专项").hits] == ["关于开展星河专项评选工作的通知"]
    assert selectors.search("示范区建设", {"type": ["call"]}).total == 0
    assert selectors.search("远航新材", user=staff).total == 1
    assert selectors.search("北洋信息", user=staff).total == 1
    assert selectors.search("朗港机械", user=staff).total == 0
    assert selectors.search("平台维护").total == 0


def test_pushes_after_a_failed_reindex_write_to_the_alias_only(site, monkeypatch, indexed):
    """A rebuild that fails drops its half-built index; later pushes do not look for it."""
    backend = ElasticsearchBackend()
    before = backend.physical_indexes()

    def fail(done: int) -> None:
        raise SearchUnavailable("模拟失败")

    with pytest.raises(SearchUnavailable):
        rebuild_index(progress=fail)
    with indexed():
        AwardApplicationFactory(organization=OrganizationFactory(short_name="星河电子"), state=State.SUBMITTED)

    assert backend.physical_indexes() == before
    assert sorted(backend.client.indices.get(index=f"{backend.alias}-v*").body) == before
    assert backend.begin_write()["targets"] == [backend.alias]
    assert selectors.search("星河电子", user=secretariat()).total == 1
