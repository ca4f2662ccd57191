"""Browser: the expert queue and the ranking page page through their rows with the pager's links."""

import pytest

from tests.browser_login import login_as
from workflows.review import selectors, views

from .helpers import declare_and_submit
from .test_views import _queue_with

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_expert_pages_through_the_queue(live_server, page, artifacts_dir, edition, staff, monkeypatch, width):
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 2)
    expert = _queue_with(3, edition, staff)
    page.set_viewport_size({"width": width, "height": 900})
    login_as(page, live_server, expert)

    page.goto(live_server.url + "/review/")
    first = page.locator("#review-queue tbody tr").count()
    page.screenshot(path=str(artifacts_dir / f"review-queue-page1-{width}.png"), full_page=True)
    with page.expect_navigation():  # count the next page's rows, not the old page's while it unloads
        page.click("#queue-next")

    assert (first, page.locator("#review-queue tbody tr").count()) == (2, 1)
    assert "page=2" in page.url and page.locator("#queue-next").count() == 0
    page.screenshot(path=str(artifacts_dir / f"review-queue-page2-{width}.png"), full_page=True)
    with page.expect_navigation():
        page.click("nav.pager a")
    assert page.locator("#review-queue tbody tr").count() == 2


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_pages_through_the_ranking(live_server, page, artifacts_dir, drawn_panel, staff, monkeypatch, width):
    monkeypatch.setattr(views, "RANKING_PAGE_SIZE", 1)
    panel, dossiers, _ = drawn_panel
    for dossier in dossiers:
        for assignment in panel.assignments.filter(object_id=dossier.pk):
            declare_and_submit(assignment, 60)
    page.set_viewport_size({"width": width, "height": 900})
    login_as(page, live_server, staff)

    page.goto(live_server.url + f"/review/staff/edition/{panel.edition.pk}/ranking/")
    shown_first = page.locator("#ranking tbody").inner_text()
    page.screenshot(path=str(artifacts_dir / f"ranking-page1-{width}.png"), full_page=True)
    with page.expect_navigation():
        page.click("#ranking-next")
    shown_second = page.locator("#ranking tbody").inner_text()
    page.screenshot(path=str(artifacts_dir / f"ranking-page2-{width}.png"), full_page=True)

    names = [d.organization.name for d in dossiers]
    assert [[n in text for n in names] for text in (shown_first, shown_second)] in (
        [[True, False], [False, True]],
        [[False, True], [True, False]],
    )
    assert "1 / 2" not in page.locator("nav.pager").inner_text() and "2 / 2" in page.locator("nav.pager").inner_text()
