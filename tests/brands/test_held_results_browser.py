"""Browser: a zone's creating body sees nothing of its acceptance result until the secretariat releases it, then all."""

from decimal import Decimal

import pytest
from django.core import mail

from accounts.roles import Role
from tests.browser_login import login_as
from tests.factories import UserFactory, applicant_for
from workflows.services import perform_transition

from .factories import zone_in_state

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "body@haiyue.example"


def _shoot(page, folder, name) -> None:
    page.screenshot(path=str(folder / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.screenshot(path=str(folder / f"{name}-390.png"), full_page=True)
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), name
    finally:
        page.set_viewport_size({"width": 1366, "height": 900})


def test_creating_body_sees_nothing_before_release_and_everything_after(live_server, page, artifacts_dir):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    zone = zone_in_state("expert_assessment", name="海岳示范区")
    member = applicant_for(zone.organization, email=EMAIL)

    def record(locked):
        locked.computed_score, locked.expert_score, locked.final_score = (
            Decimal("40"),
            Decimal("48.50"),
            Decimal("88.50"),
        )

    perform_transition(zone, "propose", actor=staff, expected_state="expert_assessment", before=record)

    login_as(page, live_server, member)
    page.goto(f"{live_server.url}/zones/mine/{zone.pk}/")
    assert page.inner_text("#zone-state") == "专家评估"
    assert "88.50" not in page.content() and "拟命名" not in page.inner_text("main")
    _shoot(page, artifacts_dir, "zone-held-results-before")
    page.goto(f"{live_server.url}/zones/{zone.pk}/")
    assert "验收中" in page.inner_text("main") and "验收通过" not in page.inner_text("main")
    assert [m for m in mail.outbox if m.to == [EMAIL]] == []

    login_as(page, live_server, staff)
    page.goto(f"{live_server.url}/review/staff/")
    with page.expect_navigation():
        page.click(f"a[href='/review/staff/edition/{zone.edition.pk}/results/']")
    row = page.locator("#held-results tr[data-stage='expert_assessment']")
    assert "1" in row.inner_text()
    _shoot(page, artifacts_dir, "zone-held-results-staff")
    with page.expect_navigation():
        row.locator("form.release-stage button[type=submit]").click()
    assert "已发布" in page.locator("#held-results").inner_text()

    assert [m.subject for m in mail.outbox if m.to == [EMAIL]] == ["[海岳示范区] 示范区验收通过，待公示"]
    login_as(page, live_server, member)
    page.goto(f"{live_server.url}/zones/mine/{zone.pk}/")
    assert page.inner_text("#zone-state") == "拟命名"
    assert "88.50" in page.inner_text("main")
    _shoot(page, artifacts_dir, "zone-held-results-after")
    page.goto(f"{live_server.url}/zones/{zone.pk}/")
    assert "验收通过，待公示" in page.inner_text("main")
