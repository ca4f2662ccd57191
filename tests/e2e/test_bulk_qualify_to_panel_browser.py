"""Chromium: from accepted dossiers to a drawn expert panel through the desks' pages (issue 18, problem 9:
"about nine clicks across three desks from submitted to experts assigned"). The secretariat qualifies three
accepted dossiers at once, starts their material review at once, then builds one panel for all three on the
review desk and draws its experts."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from awards.models import AwardApplication, State
from tests.browser_login import login_as
from tests.browser_shots import shoot
from tests.factories import AwardApplicationFactory, EditionFactory, OrganizationFactory, UserFactory
from tests.review.factories import ExpertProfileFactory
from workflows.review.models import Panel, ReviewSettings

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def bulk(page, state: str, action: str) -> list[str]:
    """On the award desk's tab `state`: tick every row, apply `action`, return the summary."""
    page.click(f"#state-tabs a[data-state='{state}']")
    page.wait_for_load_state()
    page.check("#application-list input[data-select-all=ids]")
    page.select_option("#bulk-action", action)
    page.click("#bulk-submit")
    page.wait_for_load_state()
    return page.locator(".messages li").all_inner_texts()


def test_three_accepted_dossiers_reach_a_drawn_panel_in_bulk(live_server, page, artifacts_dir, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition, panel_size=3)
    for _ in range(4):
        ExpertProfileFactory()
    names = ["青岛海澜电子有限公司", "青岛北岸纺织有限公司", "青岛东方精工股份有限公司"]
    for name in names:
        AwardApplicationFactory(edition=edition, state=State.ACCEPTED, organization=OrganizationFactory(name=name))
    login_as(page, live_server, UserFactory(roles=[Role.SECRETARIAT]))

    page.goto(f"{live_server.url}/portal/staff/")
    qualified = bulk(page, "accepted", "qualify")
    started = bulk(page, "qualified", "start_material_review")
    shoot(page, artifacts_dir, "bulk-started-review")
    page.click("#staff-nav a[data-desk=review]")
    page.wait_for_load_state()
    page.click("a[href='/review/staff/panel/new/']")
    page.wait_for_load_state()
    page.fill("#create-panel input[name=name]", "材料评审第一组")
    page.select_option("#create-panel select[name=stage]", "material_review")
    for name in names:
        page.locator("#create-panel").get_by_label(name, exact=False).check()
    deadline = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#create-panel input[name=deadline]", deadline)
    shoot(page, artifacts_dir, "bulk-create-panel")
    page.click("#create-panel button[type=submit]")
    page.wait_for_load_state()
    created = page.locator(".messages li").all_inner_texts()
    page.click("form:has(input[name=action][value=draw]) button[type=submit]")
    page.wait_for_load_state()
    drawn = page.locator(".messages li").all_inner_texts()
    widths = shoot(page, artifacts_dir, "bulk-panel-drawn")

    panel = Panel.objects.get()
    assert qualified == ["“资格审查通过”：3 条已完成。"]
    assert started == ["“开始材料评审”：3 条已完成。"]
    assert created == ["评审组已创建，请抽取专家。"]
    assert drawn == ["已完成随机抽取。"]
    assert set(AwardApplication.objects.values_list("state", flat=True)) == {State.MATERIAL_REVIEW}
    assert panel.members.count() == 3
    assert panel.assignments.count() == 9  # three experts × three dossiers
    assert widths[390] <= 390
