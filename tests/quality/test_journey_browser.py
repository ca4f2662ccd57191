"""Chromium: the whole life of a quality award, from registration to a revoked title.

An enterprise registers and applies; the recommender recommends; the secretariat accepts and
qualifies; a panel is drawn; three experts score; the committee records its ballot; the
secretariat opens the public notice; a member of the public objects; the objection is ruled
unsubstantiated; the notice closes, the winner is named and the certificate verifies; later the
title is revoked and the verification page says so. Each page is saved as
test-artifacts/journey-NN-name.png.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

import cms.demo
from accounts.credit_code import make_credit_code
from accounts.roles import Role
from awards.models import AwardApplication, State
from tests.awards.browser_steps import (
    arrange_journey_edition,
    fill_award_application,
    fill_committee_ballot,
    fill_preliminary_review,
)
from tests.awards.factories import PDF_BYTES
from tests.browser_login import login_as
from tests.factories import UserFactory
from tests.notices.factories import VALID_ID
from tests.review.factories import ExpertProfileFactory
from workflows.notices.models import Objection, PublicNotice
from workflows.review.models import Panel
from workflows.titles.models import Title

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qx7!long-pass-2026"


class Screenshots:
    """Numbered full-page screenshots: journey-01-register.png, journey-02-..."""

    def __init__(self, page, folder):
        self.page, self.folder, self.count = page, folder, 0

    def __call__(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=str(self.folder / f"journey-{self.count:02d}-{name}.png"), full_page=True)


def submit_and_wait(page, selector: str) -> None:
    """Click a form's button and wait for the page it leads to, so the next step sees the write."""
    with page.expect_navigation():
        page.click(selector)


def test_the_whole_journey_from_registration_to_revocation(live_server, page, artifacts_dir, tmp_path, settings):
    # --- Arrange: the edition (short stages and a one-calendar-day notice), the people, the site.
    settings.RATE_LIMIT_ENABLED = False
    settings.OTP_REQUIRED_FOR_STAFF = False
    cms.demo.seed()  # the public site tree the notice page is published under
    edition = arrange_journey_edition("2026年度青岛市市长质量奖（全流程）")
    recommender = UserFactory(roles=[(Role.RECOMMENDER, "370200")])
    secretariat = UserFactory(roles=[Role.SECRETARIAT])
    committee_member = UserFactory(roles=[Role.COMMITTEE])
    for _ in range(3):
        ExpertProfileFactory()
    pdf_path = tmp_path / "材料.pdf"
    pdf_path.write_bytes(PDF_BYTES)
    url = live_server.url
    shot = Screenshots(page, artifacts_dir)

    # 1. The enterprise registers and verifies its email.
    page.goto(url + "/accounts/register/")
    page.fill("[name=organization_name]", "青岛全流程装备有限公司")
    page.fill("[name=credit_code]", make_credit_code("9137021200000088"))
    page.select_option("[name=region_code]", "370212")
    page.fill("[name=founded_on]", "2010-05-01")
    page.fill("[name=full_name]", "王五")
    page.fill("[name=phone]", "13800000001")
    page.fill("[name=email]", "wangwu@example.test")
    page.fill("[name=username]", "wangwu")
    page.fill("[name=password1]", PASSWORD)
    page.fill("[name=password2]", PASSWORD)
    shot("register")
    submit_and_wait(page, "main button[type=submit]")
    link = re.search(r"http://\S+/accounts/verify/\S+/", mail.outbox[-1].body).group(0)
    page.goto(url + "/accounts/" + link.split("/accounts/", 1)[1])
    page.fill("[name=username]", "wangwu")
    page.fill("[name=password]", PASSWORD)
    submit_and_wait(page, "main button[type=submit]")

    # 2. It fills every section, uploads the documents and submits.
    fill_award_application(
        page, base_url=url, edition_id=edition.pk, contact_name="王五", email="wangwu@example.test", pdf_path=pdf_path
    )
    shot("application-draft")
    submit_and_wait(page, "#submit-application")
    shot("application-submitted")
    application = AwardApplication.objects.get(organization__name="青岛全流程装备有限公司")
    assert application.state == State.SUBMITTED
    detail_url = f"{url}/portal/applications/{application.pk}/"

    # 3. The recommender records the preliminary review with the sealed letter and recommends.
    login_as(page, live_server, recommender)
    page.goto(detail_url)
    fill_preliminary_review(page, pdf_path)
    submit_and_wait(page, "#save-preliminary-review")
    page.select_option("[name=action]", "recommend")
    shot("recommender-decision")
    submit_and_wait(page, "#decide")

    # 4. The secretariat accepts, records the qualification finding, qualifies, starts the material review.
    login_as(page, live_server, secretariat)
    page.goto(detail_url)
    submit_and_wait(page, "button[value=accept]")
    page.click("text=资格审查")
    page.check("[name=passed][value='1']")
    page.fill("[name=detail]", "营业执照注册地核验")
    shot("qualification-finding")
    submit_and_wait(page, "button:has-text('记录结论')")
    page.goto(detail_url)
    submit_and_wait(page, "button[value=qualify]")
    submit_and_wait(page, "button[value=start_material_review]")
    shot("material-review-started")
    application.refresh_from_db()
    assert application.state == State.MATERIAL_REVIEW

    # 5. The secretariat creates a panel for the dossier and draws its experts at random.
    page.goto(url + "/review/staff/")
    page.click("text=组建评审组")
    page.fill("[name=name]", "全流程第一组")
    page.select_option("[name=stage]", "material_review")
    page.check("[name=dossiers]")
    page.fill("[name=deadline]", (timezone.localtime() + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("[name=size]", "3")
    shot("create-panel")
    submit_and_wait(page, "#create-panel button[type=submit]")
    panel = Panel.objects.get(edition=edition)
    page.fill("#seed", "journey")
    submit_and_wait(page, "button:has-text('抽取专家')")
    shot("panel-drawn")
    assignments = list(panel.assignments.select_related("expert").order_by("id"))
    assert len(assignments) == 3

    # 6. Each expert declares no conflict and scores the dossier at 95% on every item.
    for number, assignment in enumerate(assignments, start=1):
        login_as(page, live_server, assignment.expert)
        page.goto(url + "/review/")
        page.click("#review-queue a.button")
        submit_and_wait(page, "button:has-text('确认声明')")
        for select in page.locator("#score-form select").all():
            select.select_option("95")
        if number == 1:
            shot("expert-scoring")
        submit_and_wait(page, "button[value=submit]")
        assert "评分已提交并封存" in page.locator(".messages").inner_text()

    # 7. The secretariat finalises the panel's scores and sends the dossier to the committee.
    login_as(page, live_server, secretariat)
    page.goto(f"{url}/review/staff/panel/{panel.pk}/")
    submit_and_wait(page, "button:has-text('确定本组评分')")
    shot("panel-finalised")
    page.goto(detail_url)
    submit_and_wait(page, "button[value=advance_from_material_review]")
    submit_and_wait(page, "button[value=start_committee_deliberation]")

    # 8. The committee records its secret-ballot counts on the ranking page.
    login_as(page, live_server, committee_member)
    page.goto(f"{url}/review/staff/edition/{edition.pk}/ranking/")
    fill_committee_ballot(page)
    submit_and_wait(page, "#ranking button:has-text('记录')")
    shot("committee-ballot")
    application.refresh_from_db()
    assert (application.state, application.tier) == (State.PROPOSED, "award")

    # 9. The secretariat opens the public notice (one calendar day, starting today).
    login_as(page, live_server, secretariat)
    page.goto(f"{url}/objections/staff/open/{edition.pk}/")
    page.check("[name=candidates]")
    page.fill("[name=title]", "2026年度青岛市市长质量奖拟授奖名单公示")
    shot("open-notice")
    submit_and_wait(page, "button:has-text('发布公示')")
    notice = PublicNotice.objects.get(edition=edition)
    notice_page_url = notice.page.url
    assert notice_page_url

    # 10. A member of the public reads the notice and files an objection with evidence.
    page.context.clear_cookies()
    page.goto(url + notice_page_url)
    assert "青岛全流程装备有限公司" in page.locator("table.notice-candidates").inner_text()
    shot("public-notice")
    page.get_by_role("link", name=re.compile("提出异议")).click()
    page.get_by_label(re.compile("真实姓名或单位名称")).fill("张三")
    page.get_by_label(re.compile("身份证号码")).fill(VALID_ID)
    page.get_by_label(re.compile("联系电话")).fill("13800138000")
    page.get_by_label(re.compile("异议类型")).select_option("authenticity")
    page.get_by_label(re.compile("异议内容")).fill("该单位的检测报告数据存疑。")
    page.get_by_label(re.compile("证明材料")).set_input_files(str(pdf_path))
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("提交异议")).click()
    shot("objection-receipt")
    objection = Objection.objects.get(notice=notice)
    assert page.locator(".receipt-no").inner_text() == objection.receipt_no

    # 11. The secretariat verifies and rules the objection unsubstantiated.
    login_as(page, live_server, secretariat)
    page.goto(f"{url}/objections/staff/objection/{objection.pk}/")
    page.check("[name=substantiated][value='0']")
    page.fill("[name=memo]", "经核查，检测报告真实有效，异议不成立。")
    shot("objection-ruling")
    submit_and_wait(page, "button:has-text('登记')")
    objection.refresh_from_db()
    application.refresh_from_db()
    assert (objection.status, application.state) == ("unsubstantiated", State.PUBLIC_NOTICE)

    # 12. Two days later the window is over: close the notice, record the government's approval.
    # The live server thread shares this process's clock, so travelling here moves it too.
    with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=True):
        login_as(page, live_server, secretariat)
        page.goto(f"{url}/objections/staff/notice/{notice.pk}/")
        submit_and_wait(page, "button:has-text('结束公示')")
        page.check("[name=approved][value='1']")
        page.fill("[name=document_no]", "青政字〔2026〕88号")
        page.fill("[name=approved_on]", timezone.localdate().isoformat())
        shot("notice-closed-approval")
        submit_and_wait(page, "button:has-text('登记')")
        shot("winner-named")
        title = Title.objects.select_related("certificate").get(organization=application.organization)
        serial_no = title.certificate.serial_no

        # 13. Anyone verifies the certificate on the public verification page.
        page.context.clear_cookies()
        page.goto(url + "/titles/verify/")
        page.fill("[name=serial]", serial_no)
        submit_and_wait(page, "main form button[type=submit]")
        result = page.locator(".verify-result")
        shot("certificate-valid")
        assert (result.get_attribute("data-status"), "青岛全流程装备有限公司" in result.inner_text()) == (
            "valid",
            True,
        )

    # 14. A year later the title is revoked by the secretariat...
    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=True):
        login_as(page, live_server, secretariat)
        page.goto(url + "/titles/staff/")
        page.locator("tr.title-row", has_text=serial_no).get_by_role("link", name="撤销").click()
        page.wait_for_load_state()
        page.select_option("[name=trigger]", index=1)
        page.fill("[name=reason]", "获奖后发生重大质量事故。")
        page.fill("[name=authority]", "青岛市人民政府")
        page.fill("[name=document_no]", "青政字〔2027〕12号")
        page.fill("[name=decided_on]", timezone.localdate().isoformat())
        shot("revoke-title")
        submit_and_wait(page, "main button.danger")

        # ... and the public verification page shows the certificate revoked.
        page.context.clear_cookies()
        page.goto(url + "/titles/verify/")
        page.fill("[name=serial]", serial_no)
        submit_and_wait(page, "main form button[type=submit]")
        result = page.locator(".verify-result")
        shot("certificate-revoked")
        assert (result.get_attribute("data-status"), "青政字〔2027〕12号" in result.inner_text()) == ("revoked", True)
