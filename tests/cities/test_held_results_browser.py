"""Browser: a city government sees nothing of its hearing's outcome until the secretariat releases it, then
all of it with its next step (the "what happens next" card); a named city finds its certificate."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

import cms.demo
from tests.browser_login import login_as
from tests.factories import applicant_for
from workflows.services import perform_transition

from .factories import city_in_state
from .test_naming import named_city

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "gov@haiyue.example"
LETTER = "国市监质发〔2026〕77号"


def _shoot(page, folder, name) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(folder / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.screenshot(path=str(folder / f"{name}-390.png"), full_page=True)
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), name
    finally:
        page.set_viewport_size({"width": 1366, "height": 900})


def test_city_sees_its_hearing_result_only_after_the_release(live_server, page, artifacts_dir, secretariat):
    city = city_in_state("hearing", name="海岳市")
    member = applicant_for(city.organization, email=EMAIL)

    def record(locked):
        locked.hearing_score = Decimal("77.25")
        locked.approval_doc_no, locked.approved_on = LETTER, dt.date(2026, 6, 1)
        locked.plan_due_on = dt.date(2026, 9, 1)

    perform_transition(city, "approve_creation", actor=secretariat, expected_state="hearing", before=record)

    login_as(page, live_server, member)
    page.goto(f"{live_server.url}/cities/mine/{city.pk}/")
    assert page.inner_text("#city-state") == "申述答辩"
    assert page.inner_text("#next-step-what") == "申述答辩与专家组合议"
    main = page.inner_text("main")
    assert LETTER not in main and "77.25" not in main and "批准创建" not in main
    _shoot(page, artifacts_dir, "city-held-results-before")
    assert page.goto(f"{live_server.url}/cities/{city.pk}/").status == 404
    assert [m for m in mail.outbox if m.to == [EMAIL]] == []

    login_as(page, live_server, secretariat)
    page.goto(f"{live_server.url}/review/staff/")
    with page.expect_navigation():
        page.click(f"a[href='/review/staff/edition/{city.edition.pk}/results/']")
    row = page.locator("#held-results tr[data-stage='hearing']")
    assert "1" in row.inner_text()
    _shoot(page, artifacts_dir, "city-held-results-staff")
    with page.expect_navigation():
        row.locator("form.release-stage button[type=submit]").click()
    assert "已发布" in page.locator("#held-results").inner_text()
    assert [m.subject for m in mail.outbox if m.to == [EMAIL]] == ["[海岳市] 批准创建（编制创建方案）"]

    login_as(page, live_server, member)
    page.goto(f"{live_server.url}/cities/mine/{city.pk}/")
    assert page.inner_text("#city-state") == "批准创建（编制创建方案）"
    assert LETTER in page.inner_text("main")
    assert page.inner_text("#next-step-what") == "编制并提交创建方案"
    assert "2026年9月1日" in page.inner_text("#next-step-deadline")
    _shoot(page, artifacts_dir, "city-held-results-after")
    with page.expect_navigation():
        page.click("#next-step-action")
    assert page.url.endswith("#creation-plan")
    page.goto(f"{live_server.url}/cities/{city.pk}/")
    assert "批准创建（编制创建方案）" in page.inner_text("#city-state")


def test_a_named_city_finds_its_certificate_from_its_pages(live_server, page, artifacts_dir, secretariat):
    cms.demo.seed()  # the site's notices section, where the naming notice is published
    city = named_city(secretariat, name="泉城市")
    member = applicant_for(city.organization)

    login_as(page, live_server, member)
    page.goto(f"{live_server.url}/cities/mine/")
    assert "下载证书（PDF）" in page.inner_text("#my-titles") or "查验" in page.inner_text("#my-titles")
    _shoot(page, artifacts_dir, "city-my-cities-certificate")
    page.click("#my-cities a")
    assert page.inner_text("#next-step-what") == "示范期管理，期满复核"
    _shoot(page, artifacts_dir, "city-workspace-next-step-named")
    page.click("#next-step-action")
    assert page.url.endswith("#my-titles")
    with page.expect_navigation():
        page.locator("#my-titles a", has_text="查验").click()
    assert "/titles/" in page.url or "verify" in page.url
