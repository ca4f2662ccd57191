"""Chromium: the secretariat works the award desk in bulk — from the home tile's number to the
filtered list, three rows accepted at once, a summary naming the one refused and why, counts updated."""

import pytest

from accounts.roles import Role
from awards.models import AwardApplication, State
from tests.browser_login import login_as
from tests.browser_shots import shoot
from tests.factories import AwardApplicationFactory, BanFactory, EditionFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def words(text: str) -> str:
    return " ".join(text.split())


def tab_counts(page) -> dict:
    return {
        link.get_attribute("data-state"): link.locator(".badge").inner_text()
        for link in page.locator("#state-tabs a").all()
    }


def test_the_secretariat_accepts_three_recommended_dossiers_at_once(live_server, page, artifacts_dir, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    edition = EditionFactory()
    names = ["青岛海澜电子有限公司", "青岛北岸纺织有限公司", "青岛东方精工股份有限公司", "青岛西海岸食品有限公司"]
    applications = [
        AwardApplicationFactory(
            edition=edition,
            state=State.RECOMMENDED,
            organization=OrganizationFactory(name=name),
            reference_no=f"QA-2026-{i:03d}",
        )
        for i, name in enumerate(names, start=1)
    ]
    AwardApplicationFactory(edition=edition, state=State.SUBMITTED)  # with the recommender, not the desk
    # Arranged before the page opens: the second one's organisation was banned after its recommendation.
    BanFactory(organization=applications[1].organization, program=edition.program, reason="申报材料弄虚作假")
    login_as(page, live_server, UserFactory(roles=[Role.SECRETARIAT]))

    page.goto(f"{live_server.url}/accounts/")
    tile = words(page.locator("a.tile", has_text="质量奖申报管理").inner_text())
    shoot(page, artifacts_dir, "desks-home")
    page.locator("a.tile", has_text="质量奖申报管理").click()
    page.wait_for_load_state()
    nav_before = words(page.locator("#staff-nav a[data-desk=awards]").inner_text())
    page.select_option("#staff-filter select[name=state]", "recommended")
    page.click("#staff-filter button[type=submit]")
    page.wait_for_load_state()
    url_after_filter = page.url
    total_before = page.locator("#list-total").inner_text()
    counts_before = tab_counts(page)
    for application in applications[:3]:
        page.check(f"#bulk-form input[name=ids][value='{application.pk}']")
    bulk_options = page.locator("#bulk-action option").all_inner_texts()
    shoot(page, artifacts_dir, "desks-award-selected")
    page.click("#bulk-submit")
    page.wait_for_load_state()
    summary = page.locator(".messages li").all_inner_texts()
    widths = shoot(page, artifacts_dir, "desks-award-summary")

    assert tile == "质量奖申报管理 待我处理 4"
    assert nav_before == "质量奖申报管理 待我处理 4"
    assert "state=recommended" in url_after_filter
    assert total_before == "共 4 条"
    assert counts_before == {"": "5", "submitted": "1", "recommended": "4"}
    assert bulk_options == ["受理"]
    assert summary == [
        "“受理”：2 条已完成。",
        "“受理”：1 条未完成。",
        "青岛北岸纺织有限公司（QA-2026-002）：该单位处于禁止申报期，不予受理。原因：申报材料弄虚作假",
    ]
    assert page.url == url_after_filter  # back on the same filtered list
    assert page.locator("#list-total").inner_text() == "共 2 条"
    assert tab_counts(page) == {"": "5", "submitted": "1", "recommended": "2", "accepted": "2"}
    assert words(page.locator("#staff-nav a[data-desk=awards]").inner_text()) == "质量奖申报管理 待我处理 4"
    assert dict(AwardApplication.objects.filter(edition=edition).values_list("reference_no", "state")) == {
        "QA-2026-001": "accepted",
        "QA-2026-002": "recommended",
        "QA-2026-003": "accepted",
        "QA-2026-004": "recommended",
        None: "submitted",
    }
    assert widths[390] <= 390  # the table scrolls inside its own box
