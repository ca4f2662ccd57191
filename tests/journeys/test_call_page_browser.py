"""Chromium, from the demo: the Qingdao call page states the conditions the submission check applies, and
a rule staff change in the admin changes the page at once (issue 18, problem 8: the page said 经营3年以上
while the check applied 成立满5年)."""

from __future__ import annotations

import json

import pytest

from tests.journeys.conftest import shoot
from tests.journeys.test_applicant_browser import _log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open_qingdao_call(page, url: str) -> str:
    page.goto(url + "/calls/")
    with page.expect_navigation():
        page.get_by_role("link", name="关于开展2026年度青岛市市长质量奖评选工作的通知").first.click()
    return page.inner_text("#call-conditions")


def test_the_call_states_the_rules_the_check_applies_and_follows_a_changed_rule(
    demo, live_server, browser, page, artifacts_dir
):
    url = live_server.url
    visitor = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()

    conditions = _open_qingdao_call(visitor, url)
    assert "截至2025年12月31日依法成立满5年" in conditions
    assert "3年以上" not in visitor.inner_text("main")
    assert "在山东省青岛市行政区域内依法登记注册" in conditions
    assert "拟授奖名单公示期为7个工作日" in visitor.inner_text("#call-dates")
    assert visitor.locator("#call-procedure li").all_inner_texts()[5:7] == ["陈述答辩", "现场评审"]
    shoot(visitor, artifacts_dir, "journey18-call-page")

    # The secretariat lowers the founding-years rule in the admin's eligibility rules.
    _log_in(page, url, "staff", "demo-pass-2026")
    page.goto(url + "/admin/snippets/eligibility/eligibilityrule/")
    with page.expect_navigation():
        page.locator("tr", has_text="成立年限").locator("a[href*='/edit/']").first.click()
    page.fill("[name=params]", json.dumps({"min_years": 3}))
    with page.expect_navigation():
        page.locator("form button[type=submit]", has_text="保存").first.click()

    # The visitor (anonymous, so served from the page cache) sees the new rule on the next visit.
    conditions = _open_qingdao_call(visitor, url)
    assert "截至2025年12月31日依法成立满3年" in conditions
    assert "满5年" not in conditions


def test_the_zone_call_lists_the_documents_the_submission_check_requires(demo, live_server, browser, artifacts_dir):
    """The zone call's 申报材料 come from the edition's ZoneRules.required_documents, the list the
    zone's submit check refuses on (tests/brands/test_zone_application_browser.py walks that side)."""
    from brands.models import ZoneRules

    visitor = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    rules = ZoneRules.objects.select_related("edition").get(edition__program__slug="national-quality-brand-zone")
    visitor.goto(live_server.url + "/calls/")
    with visitor.expect_navigation():
        visitor.get_by_role("link", name=f"关于开展{rules.edition.title}评选工作的通知").first.click()
    documents = visitor.locator("#call-documents li").all_inner_texts()
    intro = visitor.inner_text("#call-documents p")
    dates = visitor.inner_text("#call-dates")
    shoot(visitor, artifacts_dir, "journey18-zone-call-page")

    assert documents == [d["label"] for d in rules.required_documents] == ["示范区申报书", "创建方案"]
    assert intro == "在线填写示范区申报信息和年度数据，并上传："
    assert "补正" not in dates  # zones have no correction window
