"""Chromium: the privacy page's retention table at desktop and phone width (screenshots kept as artifacts)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_the_privacy_page_shows_the_retention_table(live_server, page, artifacts_dir, width):
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(live_server.url + "/privacy/")

    assert page.locator("h1").inner_text() == "个人信息保护说明"
    assert page.locator("tr[id^='retention-']").count() == 5
    assert page.locator("footer a[href='/privacy/']").count() == 1
    page.screenshot(path=str(artifacts_dir / f"privacy-{width}.png"), full_page=True)
