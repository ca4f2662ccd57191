"""Chromium: the city program through its pages, as each role would use them (docs/cities.md)."""

import pytest

from cities.models import City, State
from tests.browser_login import login_as
from tests.factories import UserFactory, applicant_for

from .factories import CityGovernmentFactory, CityRulesFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shots(page, artifacts_dir, name: str) -> None:
    """Screenshots at desktop and phone width (looked at when the page changes)."""
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(artifacts_dir / f"cities-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_city_applies_the_province_recommends_and_the_desk_takes_it(live_server, page, artifacts_dir, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    edition = CityRulesFactory().edition
    government = CityGovernmentFactory(name="青岛市人民政府", region_code="370200")
    officer = applicant_for(government)
    province = UserFactory(roles=[("recommender", "370000")])
    secretariat = UserFactory(roles=["secretariat"])
    url = live_server.url

    # 1. The city government starts its application from "my cities"; a mistake is explained.
    login_as(page, live_server, officer)
    page.goto(url + "/cities/mine/")
    page.click(f"#open-city-editions a[href='/cities/mine/new/{edition.pk}/']")
    page.fill("[name=name]", "青岛市")
    page.select_option("[name=city_type]", "separately_planned")
    page.fill("[name=region_code]", "3702")
    page.fill("[name=population_10k]", "1037.15")
    page.fill("[name=summary]", "以质量强市战略推动高质量发展，家电、轨道交通装备产业质量领先。")
    page.click("#save-city")
    assert "行政区划代码应为6位数字" in page.locator(".field.has-error").inner_text()
    assert page.locator("[name=summary]").input_value().startswith("以质量强市战略")
    page.fill("[name=region_code]", "370200")
    page.click("#save-city")
    page.wait_for_url("**/cities/mine/*/")

    # 2. Three years of profile (GDP, pillar industries, quality indicators), then submit.
    for year, gdp in ((edition.year - 3, "13400"), (edition.year - 2, "14136"), (edition.year - 1, "14920")):
        page.select_option("#figures-form [name=year]", str(year))
        page.fill("#figures-form [name=gdp_100m]", gdp)
        page.fill("#figures-form [name=pillar_industries]", "家电、轨道交通装备、海洋产业")
        page.fill("#figures-form [name=spot_check_pass_rate]", "96.5")
        page.fill("#figures-form [name=quality_incidents]", "0")
        page.fill("#figures-form [name=famous_brands]", "52")
        page.click("#save-figures")
    assert page.locator("#city-figures tbody tr").count() == 3
    shots(page, artifacts_dir, "workspace-draft")
    page.click("#submit-city")
    assert page.locator("#city-state").inner_text() == "待省级推荐"
    city = City.objects.get()

    # 3. The provincial leading group recommends from its screen.
    login_as(page, live_server, province)
    page.goto(url + "/cities/province/")
    page.click("#recommender-cities a:has-text('青岛市')")
    page.fill("#province-decision [name=reason]", "同意推荐，质量工作基础扎实。")
    shots(page, artifacts_dir, "province")
    page.click("#province-decision button[value=recommend]")
    assert page.locator("#city-state").inner_text() == "已推荐"

    # 4. The secretariat finds the case on its desk; the buttons follow the state.
    login_as(page, live_server, secretariat)
    page.goto(url + "/cities/staff/")
    page.click("#staff-cities a:has-text('青岛市')")
    assert page.locator("#city-state").inner_text() == "已推荐"
    assert "同意推荐，质量工作基础扎实。" in page.content()
    shots(page, artifacts_dir, "staff-desk")

    city.refresh_from_db()
    assert (city.state, city.created_by, city.recommendation_opinion) == (
        State.RECOMMENDED,
        officer,
        "同意推荐，质量工作基础扎实。",
    )
