"""Chromium: the committee member's ranking says what the rules do (issue 18, problem 8): with one dossier
ranked no z-score is shown (it once showed 800.0), every ballot input has a label, and the recorded tier
reads as its label, not the raw value `award`. Problem 5's other half: the page links no admin desk."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from tests.browser_login import login_as
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from tests.journeys.conftest import shoot
from tests.review.factories import make_experts
from tests.review.helpers import declare_and_submit
from workflows.review import selectors as review_selectors
from workflows.review import services
from workflows.review.models import AggregationMethod, ReviewSettings

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_one_ranked_dossier_shows_no_z_score_labelled_ballot_and_tier_label(live_server, page, artifacts_dir):
    staff, committee = UserFactory(roles=[Role.SECRETARIAT]), UserFactory(roles=[Role.COMMITTEE])
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition, panel_size=3)
    # Arranged through the services: the panel scored and final, the dossier before the committee.
    dossier = AwardApplicationFactory(edition=edition, state="committee_deliberation")
    make_experts(3)
    panel = services.create_panel(
        edition, stage="material_review", name="第一组", dossiers=[dossier], size=3, deadline=edition.closes_at,
        actor=staff,
    )  # fmt: skip
    services.draw_panel(panel, actor=staff, seed="labels")
    for assignment in panel.assignments.all():
        declare_and_submit(assignment, 70)
    services.finalize_panel(panel, actor=staff)

    login_as(page, live_server, committee)
    page.goto(live_server.url + "/accounts/")
    with page.expect_navigation():
        page.click("text=评审委员会")  # the committee's tile on its dashboard
    with page.expect_navigation():
        page.locator("li", has_text=edition.title).get_by_role("link", name="排名/敏感性").click()
    note = page.inner_text("#zscore-note")
    z_column = 3 + review_selectors.COLUMNS.index(AggregationMethod.ZSCORE_MEAN)  # after code, name, experts
    z_header = page.locator("#ranking thead th").nth(z_column).inner_text()
    z_cell = page.locator("#ranking tbody tr").first.locator("td").nth(z_column).inner_text()
    labelled = {name: page.get_by_label(name).count() for name in ("表决等级", "出席人数", "同意", "反对", "弃权")}
    admin_links = page.locator("main a[href^='/admin']").count()
    shoot(page, artifacts_dir, "journey18-ranking-one-dossier")
    page.get_by_label("表决等级").select_option("award")
    page.get_by_label("出席人数").fill("9")
    page.get_by_label("同意").fill("7")
    page.get_by_label("反对").fill("1")
    page.get_by_label("弃权").fill("1")
    with page.expect_navigation():
        page.get_by_role("button", name="记录").click()
    row = page.locator("#ranking tbody tr").first.inner_text()
    shoot(page, artifacts_dir, "journey18-ranking-ballot-recorded")

    assert note == "只有一份材料参与排名，标准化平均分无意义，不予显示。"
    assert z_header.startswith("标准化平均分") and z_cell == "—"  # the column says nothing for one dossier
    assert "800" not in page.inner_text("#ranking")
    assert labelled == {"表决等级": 1, "出席人数": 1, "同意": 1, "反对": 1, "弃权": 1}
    assert admin_links == 0
    assert "award" not in row and "出席9 同意7 反对1 弃权1" in row
    dossier.refresh_from_db()
    assert (dossier.state, dossier.tier) == ("proposed", "award")
    assert dossier.get_tier_display() in row
