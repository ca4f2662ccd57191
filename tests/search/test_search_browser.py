"""A visitor searches in Chinese, sees highlights, and narrows results with a facet checkbox."""

import pytest

from search.backends import get_backend

from .factories import build_site


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_visitor_searches_and_filters_by_facet(live_server, page, artifacts_dir):
    build_site()  # each write commits and is pushed to the search clone at once
    get_backend().refresh()

    page.goto(f"{live_server.url}/search/")
    page.fill("input[name=q]", "质量奖")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".search-hit")
    hits_before = page.locator(".search-hit").count()
    highlighted = page.locator(".search-hit em").first.inner_text()

    page.check("input[name=type][value=notice]")  # submits the form
    page.wait_for_url("**type=notice**")
    titles_after = page.locator(".search-hit h3").all_inner_texts()
    page.screenshot(path=str(artifacts_dir / "search-facets.png"), full_page=True)

    assert hits_before == 3
    assert highlighted == "质量奖"
    assert titles_after == ["2025年度青岛市市长质量奖拟授奖名单公示"]
