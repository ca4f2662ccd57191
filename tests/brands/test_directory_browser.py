"""The zones directory and its province map render in Chromium."""

import pytest

from brands.models import State
from brands.provinces import PALETTE, PROVINCE_TILES

from .factories import CreatingBodyFactory, zone_in_state

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_directory_and_map_render_in_chromium(live_server, page, artifacts_dir):
    for name, region in [("西海岸家电示范区", "370211"), ("寿光蔬菜示范区", "370783"), ("深圳电子示范区", "440300")]:
        zone_in_state(State.DEMONSTRATION, name=name, organization=CreatingBodyFactory(region_code=region))

    page.goto(live_server.url + "/zones/")

    assert page.locator("#zone-table tbody tr").count() == 3
    assert page.locator("#zone-map .zone-tile").count() == len(PROVINCE_TILES)
    shandong = page.locator('#zone-map .zone-tile[data-province="37"]')
    assert (shandong.get_attribute("data-count"), shandong.locator("rect").get_attribute("fill")) == ("2", PALETTE[-1])
    # The map is decorative; the list beside it carries the numbers and the links (issue 13).
    assert page.locator("#zone-map").get_attribute("aria-hidden") == "true"
    assert page.locator("#zone-province-list li").all_inner_texts() == ["山东 2 个", "广东 1 个"]
    box = page.locator("#zone-map").bounding_box()
    assert box["width"] > 200 and box["height"] > 200
    page.screenshot(path=str(artifacts_dir / "zones-directory.png"), full_page=True)

    shandong.click()
    page.wait_for_url("**/zones/?province=37")
    assert sorted(page.locator("#zone-table tbody tr td:first-child a").all_inner_texts()) == [
        "寿光蔬菜示范区",
        "西海岸家电示范区",
    ]
