"""Chromium: register → draft → upload PDF → submit → recommend → accept → qualify → timeline."""

import re

import pytest
from django.core import mail

from accounts.credit_code import make_credit_code
from accounts.roles import Role
from awards.models import AwardApplication, State
from tests.awards.browser_steps import fill_award_application
from tests.awards.factories import PDF_BYTES
from tests.browser_login import login_as
from tests.factories import EditionFactory, UserFactory
from workflows.eligibility.models import EligibilityRule, RuleType

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_application_from_registration_to_qualification(live_server, page, artifacts_dir, tmp_path, settings):
    settings.RATE_LIMIT_ENABLED = False
    settings.OTP_REQUIRED_FOR_STAFF = False
    edition = EditionFactory(has_defence=False, has_site_review=False, title="2026年度青岛市市长质量奖")
    EligibilityRule.objects.create(edition=edition, rule_type=RuleType.JURISDICTION, params={"region_prefix": "37"})
    recommender = UserFactory(roles=[(Role.RECOMMENDER, "370200")])
    secretariat = UserFactory(roles=[Role.SECRETARIAT])
    pdf_path = tmp_path / "材料.pdf"
    pdf_path.write_bytes(PDF_BYTES)
    url = live_server.url

    # 1. The enterprise registers and verifies its email.
    page.goto(url + "/accounts/register/")
    page.fill("[name=organization_name]", "青岛浏览器测试有限公司")
    page.fill("[name=credit_code]", make_credit_code("9137021200000077"))
    page.select_option("[name=region_code]", "370212")
    page.fill("[name=founded_on]", "2010-05-01")
    page.fill("[name=full_name]", "李四")
    page.fill("[name=phone]", "13800000000")
    page.fill("[name=email]", "lisi@example.test")
    page.fill("[name=username]", "lisi")
    page.fill("[name=password1]", "Qx7!long-pass-2026")
    page.fill("[name=password2]", "Qx7!long-pass-2026")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    link = re.search(r"http://\S+/accounts/verify/\S+/", mail.outbox[-1].body).group(0)
    page.goto(url + "/accounts/" + link.split("/accounts/", 1)[1])
    page.fill("[name=username]", "lisi")
    page.fill("[name=password]", "Qx7!long-pass-2026")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    # 2. Draft: every section, then the documents, then submit.
    fill_award_application(
        page, base_url=url, edition_id=edition.pk, contact_name="李四", email="lisi@example.test", pdf_path=pdf_path
    )
    page.click("#submit-application")
    page.wait_for_load_state()
    application = AwardApplication.objects.get(organization__name="青岛浏览器测试有限公司")
    assert application.state == State.SUBMITTED

    # 3. The recommender records the preliminary review with the sealed letter, then recommends.
    login_as(page, live_server, recommender)
    page.goto(f"{url}/portal/applications/{application.pk}/")
    page.check("[name=complete]")
    page.check("[name=authentic]")
    page.check("[name=well_formed]")
    page.fill("[name=opinion]", "材料齐全，同意推荐。")
    page.set_input_files("[name=letter]", str(pdf_path))
    page.click("#save-preliminary-review")
    page.wait_for_load_state()
    page.select_option("[name=action]", "recommend")
    page.click("#decide")
    page.wait_for_load_state()

    # 4. The secretariat accepts, records the qualification finding and qualifies.
    login_as(page, live_server, secretariat)
    page.goto(f"{url}/portal/applications/{application.pk}/")
    page.click("button[value=accept]")
    page.wait_for_load_state()
    page.click("text=资格审查")
    page.check("[name=passed][value='1']")
    page.fill("[name=detail]", "营业执照注册地核验")
    page.click("text=记录结论")
    page.wait_for_load_state()
    page.goto(f"{url}/portal/applications/{application.pk}/")
    page.click("button[value=qualify]")
    page.wait_for_load_state()

    # 5. The applicant's timeline shows each step.
    login_as(page, live_server, application.organization.memberships.get().user)
    page.goto(f"{url}/portal/applications/{application.pk}/")
    steps = page.locator("#timeline li strong").all_inner_texts()
    page.screenshot(path=str(artifacts_dir / "award-application-timeline.png"), full_page=True)
    assert steps == [
        "草稿",
        "已提交，待推荐",
        "已推荐，待受理",
        "已受理",
        "资格审查通过",
    ]
