import pytest

import cms.demo
from tests.factories import EditionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_in_chromium_shows_chinese(live_server, page, artifacts_dir):
    cms.demo.seed(editions={"demo-call": EditionFactory(title="2026年度青岛市市长质量奖")})

    page.goto(live_server.url + "/")

    assert page.locator("h2").first.inner_text().startswith("正在征集")
    assert "关于开展2026年度青岛市市长质量奖评选工作的通知" in page.content()
    page.screenshot(path=str(artifacts_dir / "home.png"), full_page=True)
