"""Chromium, from the demo: a member of the public files an objection on the open notice
(issue 18, problem 3). The spam trap stays out of sight under the site's CSP, the real-name fields
are marked, and a refusal shows the form again with everything typed kept."""

from __future__ import annotations

import re

import pytest

from tests.journeys.conftest import shoot
from tests.notices.factories import VALID_ID
from workflows.notices.models import Objection

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open_the_objection_form(page, url: str) -> None:
    page.goto(url + "/notices/")
    # the first notice still open for objections (the demo also lists closed and revocation notices)
    page.locator("li.notice-item", has=page.locator(".badge.open")).first.locator("a").first.click()
    page.get_by_role("link", name=re.compile("提出异议")).click()


def _fill(page) -> None:
    page.get_by_label(re.compile("真实姓名或单位名称")).fill("张三")
    page.get_by_label(re.compile("身份证号码")).fill(VALID_ID)
    page.get_by_label(re.compile("联系电话")).fill("13800138000")
    page.get_by_label(re.compile("异议类型")).select_option("authenticity")
    page.get_by_label(re.compile("异议内容")).fill("公示的产值数据与统计年鉴不符。")


def test_the_objection_form_hides_its_trap_marks_real_name_fields_and_files(demo, live_server, page, artifacts_dir):
    url = live_server.url
    _open_the_objection_form(page, url)

    assert not page.locator("[name=website]").is_visible()
    assert page.locator("#id_id_number").get_attribute("aria-describedby") == "id_number-real-name"
    assert page.inner_text("#id_number-real-name") == "个人异议必填"
    _fill(page)
    shoot(page, artifacts_dir, "journey18-objection-form")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("提交异议")).click()

    assert page.locator(".receipt-no").inner_text() == Objection.objects.get().receipt_no


def test_a_filled_trap_shows_the_form_again_with_everything_kept(demo, live_server, page, artifacts_dir):
    """A browser's autofill can fill the hidden box; the person must not lose the objection."""
    url = live_server.url
    _open_the_objection_form(page, url)
    _fill(page)
    page.locator("[name=website]").evaluate("box => { box.value = 'https://autofill.example' }")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("提交异议")).click()

    assert "请核对以下信息后再次提交" in page.inner_text("main .errors")
    assert page.get_by_label(re.compile("身份证号码")).input_value() == VALID_ID
    assert page.get_by_label(re.compile("异议内容")).input_value() == "公示的产值数据与统计年鉴不符。"
    assert Objection.objects.count() == 0
    shoot(page, artifacts_dir, "journey18-objection-refused")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("提交异议")).click()
    assert page.locator(".receipt-no").is_visible()
