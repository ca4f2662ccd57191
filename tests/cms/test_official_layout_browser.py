"""A candidates notice reads like an official document, fits a 390 px phone and prints as the document alone."""

import pytest

import cms.demo
from tests.notices.factories import notice_edition, proposed_candidate, secretariat_user
from workflows.notices import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_candidates_notice_has_head_objection_channel_and_signature(live_server, page, artifacts_dir):
    cms.demo.seed()
    edition = notice_edition()
    notice = services.open_public_notice(
        [proposed_candidate(edition, name="青岛海岳精密制造有限公司")], actor=secretariat_user()
    )
    notice.refresh_from_db()

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + notice.page.url)
    page.screenshot(path=str(artifacts_dir / "notice-1366.png"), full_page=True)
    head = page.locator(".official-doc .doc-authority").inner_text()
    signature = page.locator(".official-doc .doc-signature").inner_text()
    channel = page.locator(".objection-channel").inner_text()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + notice.page.url)
    page.screenshot(path=str(artifacts_dir / "notice-390.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.emulate_media(media="print")
    printed_nav = page.locator(".site-header").is_visible()

    assert head == edition.program.authority
    assert signature.splitlines()[0] == edition.program.authority
    assert "实名" in channel and "保密" in channel
    assert (overflow, printed_nav) == (0, False)
