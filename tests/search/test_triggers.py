"""Changes that alter documents without saving the indexed object: page moves, view
restrictions, unpublishing, program renames. Each must reach the index through the outbox."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import PageViewRestriction

from awards.models import AwardApplication
from awards.models import State as AwardState
from cms.models import CallPage, NoticePage, StandardPage
from search import selectors
from search.backends import get_backend
from search.models import IndexOutbox
from search.services import count_indexable
from tests.factories import AwardApplicationFactory

from .factories import build_site, secretariat

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(backend, indexed):
    with indexed():
        return build_site()


def urls_of(query: str, doc_type: str) -> dict[str, str]:
    return {hit.title: hit.url for hit in selectors.search(query, {"type": [doc_type]}).hits}


def test_moving_a_call_page_reindexes_it_under_its_new_url(site, indexed):
    call = CallPage.objects.get(slug="award-2025")
    archive = site["home"].add_child(instance=StandardPage(title="往届通知", slug="archive"))

    with indexed():
        call.move(archive, pos="last-child")

    urls = urls_of("评选工作", "call")
    assert urls[call.title] == "/archive/award-2025/"
    assert CallPage.objects.get(pk=call.pk).url == "/archive/award-2025/"
    assert urls[CallPage.objects.get(slug="award-2026").title] == "/calls/award-2026/"


def test_moving_a_parent_reindexes_every_page_below_it(site, indexed):
    archive = site["home"].add_child(instance=StandardPage(title="往届", slug="archive"))

    with indexed():
        site["notices_index"].move(archive, pos="last-child")

    urls = urls_of("", "notice")
    assert len(urls) == NoticePage.objects.live().count() == 3
    assert all(url.startswith("/archive/notices/") for url in urls.values()), urls


def test_view_restriction_takes_pages_out_of_public_search_and_removal_brings_them_back(site, indexed):
    calls_before = selectors.search("评选工作", {"type": ["call"]}).total

    with indexed():
        restriction = PageViewRestriction.objects.create(
            page=site["calls_index"], restriction_type=PageViewRestriction.PASSWORD, password="内部"
        )
    while_restricted = selectors.search("评选工作", {"type": ["call"]}).total
    staff_while_restricted = selectors.search("评选工作", {"type": ["call"]}, user=secretariat()).total
    with indexed():
        restriction.delete()
    after = selectors.search("评选工作", {"type": ["call"]}).total

    assert calls_before == 3
    assert while_restricted == staff_while_restricted == 0
    assert after == 3 == CallPage.objects.live().public().count()


def test_unpublishing_removes_a_notice_and_republishing_restores_it(site, indexed):
    notice = site["notices"]["zones"]

    with indexed():
        notice.unpublish()
    while_unpublished = selectors.search("命名公告").total
    with indexed():
        NoticePage.objects.get(pk=notice.pk).save_revision().publish()
    after = selectors.search("命名公告")

    assert while_unpublished == 0
    assert [hit.title for hit in after.hits] == ["全国质量品牌提升示范区命名公告"]


def test_unpublishing_a_parent_with_its_descendants_removes_them_all(site, indexed):
    with indexed():  # what the admin's "unpublish, including descendants" does
        UnpublishPageAction(site["calls_index"], include_descendants=True, user=secretariat()).execute(
            skip_permission_checks=True
        )

    assert selectors.search("评选工作", {"type": ["call"]}).total == 0
    assert get_backend().counts_by_type().get("call", 0) == 0


def test_deleting_a_parent_page_removes_the_pages_below_it(site, indexed):
    with indexed():
        site["calls_index"].delete()

    assert CallPage.objects.count() == 0
    assert selectors.search("评选工作", {"type": ["call"]}).total == 0
    assert get_backend().counts_by_type().get("call", 0) == 0


def rename_and_push(program, name: str, indexed) -> int:
    """Queries spent renaming the program and pushing every dependent document."""
    with CaptureQueriesContext(connection) as queries, indexed():
        program.name = name
        program.save()
    return len(queries)


def test_renaming_a_program_reindexes_its_documents_in_bulk(site, indexed):
    program = site["editions"]["award-2026"].program
    staff = secretariat()
    first = rename_and_push(program, "青岛市政府质量奖", indexed)
    with indexed():
        for _ in range(12):
            AwardApplicationFactory(edition=site["editions"]["award-2026"], state=AwardState.SUBMITTED)
    second = rename_and_push(program, "青岛市人民政府质量奖", indexed)

    facets = selectors.search("", user=staff).facet_counts("program")
    expected = (
        CallPage.objects.live().filter(edition__program=program).count()
        + NoticePage.objects.live().filter(edition__program=program).count()
        + AwardApplication.objects.filter(edition__program=program).exclude(state=AwardState.DRAFT).count()
    )
    assert facets["青岛市人民政府质量奖"] == expected == 2 + 1 + 15
    assert "青岛市市长质量奖" not in facets and "青岛市政府质量奖" not in facets
    assert IndexOutbox.objects.count() == 0
    assert second == first  # one query per type, however many documents the program has
    assert get_backend().counts_by_type() == {k: v for k, v in count_indexable().items() if v}
