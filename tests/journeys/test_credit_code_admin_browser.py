"""Chromium, as the secretariat in the Wagtail admin: a credit code the tables do not know is saved with a
warning, a code with a wrong check digit is refused and stays in the field (issue 20 #7)."""

from __future__ import annotations

import pytest

from accounts.credit_code import make_credit_code
from accounts.models import Organization
from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory
from tests.journeys.conftest import shoot
from tests.journeys.test_applicant_browser import _log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNUSUAL = make_credit_code("9511000060003734")
NORMAL = make_credit_code("91370200MA3C5E5Y")
BAD = NORMAL[:-1] + ("0" if NORMAL[-1] != "0" else "1")


def test_staff_add_an_organisation_with_an_unusual_then_an_invalid_code(live_server, page, artifacts_dir, settings):
    settings.RATE_LIMIT_ENABLED = False
    settings.OTP_REQUIRED_FOR_STAFF = False
    staff = UserFactory(roles=[Role.SECRETARIAT])
    url = live_server.url
    _log_in(page, url, staff.username, PASSWORD)

    page.goto(url + "/admin/snippets/accounts/organization/add/")
    page.fill("[name=name]", "类别异常测试单位")
    page.fill("[name=credit_code]", BAD.lower())
    page.fill("[name=region_code]", "370212")
    with page.expect_navigation():
        page.locator("form button[type=submit]", has_text="保存").first.click()
    assert "统一社会信用代码校验位错误，请核对。" in page.inner_text("body")
    assert page.input_value("[name=credit_code]") == BAD.lower()
    assert not Organization.objects.filter(name="类别异常测试单位").exists()
    shoot(page, artifacts_dir, "credit-code-admin-refused")

    page.fill("[name=credit_code]", UNUSUAL)
    with page.expect_navigation():
        page.locator("form button[type=submit]", has_text="保存").first.click()
    assert Organization.objects.get(name="类别异常测试单位").credit_code == UNUSUAL
    assert "统一社会信用代码已接受，但请核对：登记管理部门或机构类别代码不在已知代码表中" in page.inner_text("body")
    shoot(page, artifacts_dir, "credit-code-admin-accepted")

    organisation = Organization.objects.get(name="类别异常测试单位")
    page.goto(url + f"/admin/snippets/accounts/organization/edit/{organisation.pk}/")
    assert "请核对：登记管理部门或机构类别代码不在已知代码表中" in page.inner_text("main")
    shoot(page, artifacts_dir, "credit-code-admin-edit")
