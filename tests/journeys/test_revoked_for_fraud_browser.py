"""Chromium: after its title is revoked for fraud (弄虚作假), the holder that presses 开始填报 is told it is
banned, until when and why, on the same program's call and on another program's (issue 18, problem 6;
docs/bans.md). The awarded title is arranged through the notice services (tests/titles/factories.py);
the revocation and everything after it go through the pages."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Membership
from awards.models import AwardApplication
from tests.browser_login import login_as
from tests.factories import UserFactory
from tests.journeys.conftest import shoot
from tests.notices.factories import notice_edition
from tests.titles.factories import awarded_title
from workflows.models import Edition, Program

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_holder_revoked_for_fraud_is_told_about_its_ban_on_every_program(demo, live_server, page, artifacts_dir):
    url = live_server.url
    same_program = notice_edition(
        program=Program.objects.get(slug="qingdao-mayor-quality-award"),
        year=dt.date.today().year + 1,  # the demo holds this year's edition
        ban_kind="years",
        ban_years=4,
    )
    title = awarded_title("青岛诚信测试电器有限公司", edition=same_program)
    holder = UserFactory()
    Membership.objects.create(user=holder, organization=title.organization)
    today = dt.date.today()

    # Staff revoke the title for fraud through the revocation page.
    page.goto(url + "/accounts/login/")
    page.fill("[name=username]", "staff")
    page.fill("[name=password]", "demo-pass-2026")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.goto(f"{url}/titles/staff/{title.pk}/revoke/")
    page.select_option("[name=trigger]", "fraud")
    page.fill("[name=reason]", "申报材料中的检测报告系伪造。")
    page.fill("[name=authority]", "青岛市人民政府")
    page.fill("[name=document_no]", "青政字〔2026〕9号")
    page.fill("[name=decided_on]", today.isoformat())
    with page.expect_navigation():
        page.click("main button[type=submit]")

    # The holder presses 开始填报 on the same call: refused, with the ban's end date and reason.
    login_as(page, live_server, holder)
    page.goto(f"{url}/portal/apply/{same_program.pk}/")
    end = today.replace(year=today.year + 4) - dt.timedelta(days=1)
    assert f"至{end:%Y-%m-%d}（含）" in page.inner_text("#ban-notice")
    with page.expect_navigation():
        page.click("text=开始填报")
    assert "申报材料中的检测报告系伪造" in page.inner_text(".messages")
    shoot(page, artifacts_dir, "journey18-banned-same-call")

    # Another program's open call (山东省省长质量奖): the fraud ban bars it too, and no draft is opened.
    other = Edition.objects.get(program__slug="shandong-governor-quality-award")
    page.goto(f"{url}/portal/apply/{other.pk}/")
    assert "本平台所有奖项和示范区" in page.inner_text("#ban-notice")
    with page.expect_navigation():
        page.click("text=开始填报")
    assert "禁止申报" in page.inner_text(".messages")
    assert not AwardApplication.objects.filter(edition=other, organization=title.organization).exists()
