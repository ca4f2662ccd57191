"""Browser: the applicant sees nothing of the committee's decision until the secretariat releases it, then all of it."""

import pytest
from django.core import mail

from accounts.models import Membership
from accounts.roles import Role
from tests.browser_login import login_as
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from workflows.review import services as review
from workflows.review.models import ReviewSettings

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "applicant@haiyue.example"


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def _shoot(page, folder, name) -> None:
    page.screenshot(path=str(folder / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.screenshot(path=str(folder / f"{name}-390.png"), full_page=True)
        assert _no_sideways_scroll(page), name
    finally:
        page.set_viewport_size({"width": 1366, "height": 900})


def test_applicant_sees_nothing_before_release_and_everything_after(live_server, page, artifacts_dir):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition)
    application = AwardApplicationFactory(edition=edition, state="committee_deliberation")
    applicant = UserFactory(email=EMAIL, roles=[Role.APPLICANT])
    Membership.objects.create(user=applicant, organization=application.organization)
    review.record_ballot(
        application, tier="award", members_present=9, votes_for=7, votes_against=2, abstentions=0,
        actor=UserFactory(roles=[Role.COMMITTEE]),
    )  # fmt: skip

    login_as(page, live_server, applicant)
    page.goto(f"{live_server.url}/portal/applications/{application.pk}/")
    assert page.inner_text("#status") == "评审中"
    assert "拟授奖" not in page.inner_text("#timeline")
    _shoot(page, artifacts_dir, "held-results-applicant-before")
    page.goto(f"{live_server.url}/portal/")
    assert ">拟授奖<" not in page.content()
    assert [m for m in mail.outbox if m.to == [EMAIL]] == []

    login_as(page, live_server, staff)
    page.goto(f"{live_server.url}/review/staff/")
    with page.expect_navigation():
        page.click(f"a[href='/review/staff/edition/{edition.pk}/results/']")
    row = page.locator("#held-results tr[data-stage='committee_deliberation']")
    assert "评审委员会审议结果" in row.inner_text() and "1" in row.inner_text()
    _shoot(page, artifacts_dir, "held-results-staff")
    with page.expect_navigation():
        row.locator("form.release-stage button[type=submit]").click()
    assert "已发布" in page.locator("#held-results").inner_text()
    assert "通知已发送申报单位" in page.locator(".messages").inner_text()
    _shoot(page, artifacts_dir, "held-results-staff-released")

    assert [m.subject for m in mail.outbox if m.to == [EMAIL]] == ["申报状态更新：拟授奖"]
    login_as(page, live_server, applicant)
    page.goto(f"{live_server.url}/portal/applications/{application.pk}/")
    assert page.inner_text("#status") == "拟授奖"
    _shoot(page, artifacts_dir, "held-results-applicant-after")
