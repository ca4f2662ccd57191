"""Chromium: a proposed city through its public notice, a citizen's objection, naming, the directory,
then 摘牌 with its notice and the ban that refuses the city's next application (docs/cities.md)."""

import re

import pytest
from django.utils import timezone

from cities.models import City, State
from tests.browser_login import login_as
from tests.factories import UserFactory, applicant_for
from tests.notices.factories import VALID_ID
from workflows.notices.models import Objection, PublicNotice

from .factories import CityGovernmentFactory, CityRulesFactory, city_in_state
from .test_city_browser import shots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page, form: str) -> None:
    page.click(f"{form} button[type=submit]")


def test_notice_objection_naming_directory_then_delisting_and_the_ban(live_server, page, artifacts_dir, settings):
    import cms.demo

    settings.OTP_REQUIRED_FOR_STAFF = False
    cms.demo.seed()  # the notices' section of the public site
    government = CityGovernmentFactory(name="青岛市人民政府", region_code="370200")
    city = city_in_state(State.PROPOSED, name="青岛市", organization=government)
    later_edition = CityRulesFactory(edition__program=city.edition.program).edition  # the next call
    secretariat = UserFactory(roles=["secretariat"])
    url = live_server.url

    # 1. The secretariat puts the proposed city on public notice from the city desk.
    login_as(page, live_server, secretariat)
    page.goto(f"{url}/cities/staff/{city.pk}/")
    submit(page, "#action-open_public_notice")
    assert page.locator("#city-state").inner_text() == "公示中"
    assert "拟命名公示已发布" in page.locator(".messages").inner_text()
    assert "公示与异议在公示管理中办理" in page.locator("#city-naming").inner_text()
    shots(page, artifacts_dir, "staff-on-notice")
    notice = PublicNotice.objects.get()

    # 2. A citizen, without an account, files an objection on the notice page.
    page.context.clear_cookies()
    page.goto(url + notice.page.url)
    assert "青岛市" in page.locator("table.notice-candidates").inner_text()
    page.get_by_role("link", name=re.compile("提出异议")).click()
    page.get_by_label(re.compile("真实姓名或单位名称")).fill("张三")
    page.get_by_label(re.compile("身份证号码")).fill(VALID_ID)
    page.get_by_label(re.compile("联系电话")).fill("13800138000")
    page.get_by_label(re.compile("异议类型")).select_option("authenticity")
    page.get_by_label(re.compile("异议内容")).fill("该市申报的抽查合格率与公开数据不符。")
    page.get_by_role("button", name=re.compile("提交异议")).click()
    assert page.locator(".receipt-no").inner_text() == Objection.objects.get().receipt_no
    city.refresh_from_db()
    assert city.state == State.OBJECTION_REVIEW

    # 3. The secretariat verifies it (not substantiated): the city is back on notice.
    login_as(page, live_server, secretariat)
    page.goto(f"{url}/objections/staff/objection/{Objection.objects.get().pk}/")
    page.get_by_label("异议不成立").check()
    page.get_by_label(re.compile("核查意见")).fill("经核查，数据与统计公报一致。")
    page.click("main form button[type=submit]")
    city.refresh_from_db()
    assert city.state == State.PUBLIC_NOTICE

    # 4. The five working days pass (arranged), the secretariat closes the notice.
    PublicNotice.objects.filter(pk=notice.pk).update(closes_at=timezone.now() - timezone.timedelta(minutes=1))
    page.goto(f"{url}/objections/staff/notice/{notice.pk}/")
    page.get_by_role("button", name="结束公示").click()
    assert "公示已结束" in page.locator(".messages").inner_text()

    # 5. Naming on the city desk: the government's document; the title runs three years.
    page.goto(f"{url}/cities/staff/{city.pk}/")
    assert page.locator("#city-state").inner_text() == "待命名审定"
    page.fill("#action-award [name=document_no]", "")
    submit(page, "#action-award")
    assert "请填写命名文号" in page.locator(".messages").inner_text()
    page.fill("#action-award [name=document_no]", "国市监质发〔2026〕8号")
    submit(page, "#action-award")
    assert page.locator("#city-state").inner_text() == "示范城市（示范期）"
    city.refresh_from_db()
    assert page.locator("#title-valid-until").inner_text() == city.demonstration_ends_on.isoformat()
    assert (city.demonstration_ends_on - city.named_on).days in (1094, 1095)  # three years less a day
    shots(page, artifacts_dir, "staff-named")

    # 6. The public directory and the profile show it, its period and its timeline.
    page.context.clear_cookies()
    page.goto(url + "/cities/?status=named")
    row = page.locator("#city-directory tbody tr", has_text="青岛市")
    assert city.demonstration_ends_on.isoformat() in row.inner_text()
    shots(page, artifacts_dir, "directory-named")
    row.get_by_role("link", name="青岛市").click()
    timeline = page.locator("#city-timeline").inner_text()
    assert "公示中" in timeline and "示范城市（示范期）" in timeline
    shots(page, artifacts_dir, "profile-named")

    # 7. Later, 摘牌: decided on the title (linked from the case), with its public notice and a ban.
    login_as(page, live_server, secretariat)
    page.goto(f"{url}/cities/staff/{city.pk}/")
    page.click("#delist-city")
    page.get_by_label(re.compile("撤销事由")).select_option("major_incident")
    page.get_by_label(re.compile("撤销理由")).fill("创建期满后发生重大质量安全事故。")
    page.get_by_label(re.compile("决定机关")).fill("国家市场监督管理总局")
    page.get_by_label(re.compile("决定文号")).fill("国市监质发〔2026〕30号")
    page.get_by_label(re.compile("决定日期")).fill(timezone.localdate().isoformat())
    page.click("main form button[type=submit]")
    city.refresh_from_db()
    assert (city.state, city.revocation_reason) == (State.REVOKED, "创建期满后发生重大质量安全事故。")
    page.goto(f"{url}/cities/{city.pk}/")
    assert page.locator("#city-state").inner_text() == "已摘牌"
    assert "创建期满后发生重大质量安全事故。" in page.locator("#city-timeline").inner_text()
    shots(page, artifacts_dir, "profile-delisted")

    # 8. The city government's new application to the next call is refused while the ban runs.
    login_as(page, live_server, applicant_for(government))
    page.goto(url + "/cities/mine/")
    page.click(f"a[href='/cities/mine/new/{later_edition.pk}/']")
    page.wait_for_url("**/cities/mine/")
    message = page.locator(".messages").inner_text()
    assert "禁止" in message or "不得" in message, message
    shots(page, artifacts_dir, "application-refused")
    assert City.objects.filter(edition=later_edition).count() == 0
