"""Chromium, from the demo `make run` serves: an enterprise gets from registration to a submitted
application through pages only (issue 18, problems 1 and 4).

Nothing is set up behind the pages' back: the only data is seed_demo's, and the verification
link is read from the email the registration sends.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail

from accounts.credit_code import make_credit_code
from accounts.models import User
from awards.models import AwardApplication, State
from tests.awards.factories import PDF_BYTES
from tests.journeys.conftest import shoot
from workflows.models import Edition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qx7!long-pass-2026"
SLOTS = ["business_licence", "self_assessment_report", "financial_statements"]


def _log_in(page, url: str, username: str, password: str) -> None:
    page.goto(url + "/accounts/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _open_the_qingdao_call(page, url: str) -> None:
    """From the portal: the open call's apply button, then 开始填报."""
    page.goto(url + "/portal/")
    page.locator("li", has_text="青岛市市长质量奖").get_by_role("link", name=re.compile("在线申报")).click()
    with page.expect_navigation():
        page.click("text=开始填报")


def _fill_every_section(page, *, contact: str) -> None:
    page.fill("[name=contact_name]", contact)
    page.fill("[name=contact_phone]", "0532-66666666")
    page.fill("[name=contact_email]", "apply@example.test")
    page.fill("[name=main_products]", "精密数控机床")
    page.fill("[name=profile]", "本公司专注于精密数控机床研发制造。")
    for score in page.locator("input[name^=sa_][name$=_score]").all():
        score.fill("10")
    for text in page.locator("textarea[name^=sa_][name$=_text]").all():
        text.fill("自评说明")
    for i, year in enumerate([2023, 2024, 2025]):
        page.get_by_label(f"第{i + 1}行 年度").fill(str(year))
        page.get_by_label(f"第{i + 1}行 营业收入（万元）").fill("5000")
        page.get_by_label(f"第{i + 1}行 利润总额（万元）").fill("300")
        page.get_by_label(f"第{i + 1}行 主要质量指标").fill("一次交检合格率99.5%")
    page.check("[name=decl_no_major_incident]")
    page.check("[name=decl_good_credit]")
    page.check("[name=integrity_commitment]")
    page.fill("[name=integrity_signed_by]", contact)


def _upload_documents(page, pdf_path) -> None:
    for slot in SLOTS:
        page.set_input_files(f"input[data-slot={slot}]", str(pdf_path))
        with page.expect_navigation():
            page.click(f"button[name=upload][value={slot}]")


def test_a_self_registered_enterprise_registers_applies_and_submits(demo, live_server, page, artifacts_dir, tmp_path):
    url = live_server.url
    pdf_path = tmp_path / "营业执照.pdf"
    pdf_path.write_bytes(PDF_BYTES)

    # Registration asks for the founding date and offers region and industry by name.
    page.goto(url + "/accounts/register/")
    page.fill("[name=organization_name]", "青岛测试精工有限公司")
    page.fill("[name=credit_code]", make_credit_code("9137021400000088"))
    page.select_option("[name=region_code]", label="青岛市城阳区")
    page.select_option("[name=industry_code]", label="C34 通用设备制造业")
    page.fill("[name=founded_on]", "2012-06-18")
    page.fill("[name=full_name]", "钱工")
    page.fill("[name=phone]", "13900000000")
    page.fill("[name=email]", "qian@example.test")
    page.fill("[name=username]", "qiangong")
    page.fill("[name=password1]", PASSWORD)
    page.fill("[name=password2]", PASSWORD)
    shoot(page, artifacts_dir, "journey18-register")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    link = re.search(r"http://\S+(/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(url + link)
    _log_in(page, url, "qiangong", PASSWORD)

    # The profile page shows what registration recorded, by name.
    page.goto(url + "/portal/")
    page.click("#organization-profile-link")
    assert page.locator("#organization-profile [name=founded_on]").input_value() == "2012-06-18"
    assert "山东省青岛市城阳区" in page.inner_text("main")

    _open_the_qingdao_call(page, url)
    _fill_every_section(page, contact="钱工")
    # Choosing a file and pressing 上传 keeps everything typed above (problem 4).
    page.set_input_files("input[data-slot=business_licence]", str(pdf_path))
    with page.expect_navigation():
        page.click("button[name=upload][value=business_licence]")
    assert page.input_value("[name=main_products]") == "精密数控机床"
    assert page.input_value("[name=kf_2_quality_indicator]") == "一次交检合格率99.5%"
    _upload_documents(page, pdf_path)
    shoot(page, artifacts_dir, "journey18-application-form")
    assert page.locator("#still-needed").count() == 0
    with page.expect_navigation():
        page.click("#submit-application")

    assert "申报已提交" in page.inner_text(".messages")
    application = AwardApplication.objects.get(organization__name="青岛测试精工有限公司")
    assert application.state == State.SUBMITTED


def test_an_organisation_without_a_founding_date_is_sent_to_its_profile_and_can_then_submit(
    demo, live_server, page, artifacts_dir, tmp_path
):
    """The demo's self-registered-style organisation has no founding date: the form says so, links to
    the profile page, and after filling it in the application submits (problem 1)."""
    url = live_server.url
    pdf_path = tmp_path / "材料.pdf"
    pdf_path.write_bytes(PDF_BYTES)
    _log_in(page, url, "ent_xinrui", "demo-pass-2026")
    _open_the_qingdao_call(page, url)
    _fill_every_section(page, contact="吴经理")
    _upload_documents(page, pdf_path)

    with page.expect_navigation():
        page.click("#submit-application")
    needed = page.locator("#still-needed li")
    assert needed.all_inner_texts() == ["未填写成立日期。 （在单位信息中填写）"]
    assert page.locator("[data-missing=organisation]").count() == 0  # the form's own sections are complete
    shoot(page, artifacts_dir, "journey18-still-needed")
    with page.expect_navigation():
        needed.get_by_role("link").click()

    page.fill("[name=founded_on]", "2009-04-20")
    page.select_option("[name=industry_code]", label="C35 专用设备制造业")
    page.fill("[name=address]", "青岛市城阳区春阳路88号")
    page.fill("[name=legal_representative]", "吴总")
    page.fill("[name=contact_name]", "吴经理")
    page.fill("[name=contact_phone]", "0532-87777777")
    shoot(page, artifacts_dir, "journey18-organisation-profile")
    with page.expect_navigation():
        page.click("#save-organization")
    assert page.url.endswith(f"/portal/applications/{_draft_pk()}/edit/")
    assert page.locator("#still-needed").count() == 0
    with page.expect_navigation():
        page.click("#submit-application")

    assert "申报已提交" in page.inner_text(".messages")
    assert AwardApplication.objects.get(pk=_draft_pk()).state == State.SUBMITTED
    assert User.objects.get(username="ent_xinrui").memberships.get().organization.founded_on.isoformat() == "2009-04-20"


def test_a_founding_date_in_the_future_is_refused_and_what_was_typed_stays(demo, live_server, page):
    url = live_server.url
    _log_in(page, url, "ent_xinrui", "demo-pass-2026")
    page.goto(url + "/accounts/organisation/")
    page.fill("[name=founded_on]", "2999-01-01")
    page.fill("[name=address]", "青岛市城阳区春阳路88号")
    with page.expect_navigation():
        page.click("#save-organization")

    assert page.inner_text(".has-error .error") == "成立日期不能晚于今天。"
    assert page.input_value("[name=address]") == "青岛市城阳区春阳路88号"


def _draft_pk() -> int:
    edition = Edition.objects.get(program__slug="qingdao-mayor-quality-award")
    return AwardApplication.objects.get(edition=edition, organization__short_name="新锐精密").pk
