"""Chromium: a secretariat member filters the award desk, saves the look under a name, comes back
to the unfiltered desk and opens it again with one click, then deletes it (docs/staff-desks.md)."""

import pytest

from accounts.roles import Role
from awards.models import State
from tests.browser_login import login_as
from tests.browser_shots import shoot
from tests.factories import AwardApplicationFactory, EditionFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def listed(page) -> list[str]:
    return page.locator("#application-list tbody tr td:nth-child(3)").all_inner_texts()


def test_a_saved_filter_brings_the_same_rows_back_in_one_click(live_server, page, artifacts_dir, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    edition = EditionFactory()
    for name, state in [
        ("青岛海澜电子有限公司", State.RECOMMENDED),
        ("青岛北岸纺织有限公司", State.SUBMITTED),
        ("济南东方精工股份有限公司", State.RECOMMENDED),
    ]:
        AwardApplicationFactory(edition=edition, state=state, organization=OrganizationFactory(name=name))
    login_as(page, live_server, UserFactory(roles=[Role.SECRETARIAT]))

    page.goto(f"{live_server.url}/portal/staff/")
    save_offered_unfiltered = page.locator("#saved-filter-name").count()
    page.fill("#staff-filter input[name=q]", "青岛")
    page.select_option("#staff-filter select[name=state]", "recommended")
    page.click("#staff-filter button[type=submit]")
    page.wait_for_load_state()
    page.fill("#saved-filter-name", "青岛 · 待受理")
    shoot(page, artifacts_dir, "saved-filter-naming")
    page.click(".saved-filter-save button[type=submit]")
    page.wait_for_load_state()
    saved_message = page.locator(".messages li").all_inner_texts()
    rows_after_save = listed(page)

    page.click("#state-tabs a[data-state='']")  # another look at the desk
    page.fill("#staff-filter input[name=q]", "")
    page.click("#staff-filter button[type=submit]")
    page.wait_for_load_state()
    rows_unfiltered = listed(page)
    page.get_by_role("link", name="青岛 · 待受理").click()
    page.wait_for_load_state()
    rows_from_chip = listed(page)
    field_kept = page.input_value("#staff-filter input[name=q]")
    widths = shoot(page, artifacts_dir, "saved-filter-opened")

    page.get_by_role("button", name="删除筛选“青岛 · 待受理”").click()
    page.wait_for_load_state()
    deleted_message = page.locator(".messages li").all_inner_texts()
    chips_left = page.locator(".saved-filter-list a").count()

    assert save_offered_unfiltered == 0
    assert saved_message == ["已保存筛选“青岛 · 待受理”。"]
    assert rows_after_save == ["青岛海澜电子有限公司"]
    assert sorted(rows_unfiltered) == sorted(
        ["青岛海澜电子有限公司", "青岛北岸纺织有限公司", "济南东方精工股份有限公司"]
    )
    assert rows_from_chip == ["青岛海澜电子有限公司"]
    assert field_kept == "青岛"
    assert deleted_message == ["已删除筛选“青岛 · 待受理”。"]
    assert chips_left == 0
    assert widths[390] <= 390
