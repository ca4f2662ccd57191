"""Chromium: on a panel's page the secretariat ticks one of the two experts with open work in the progress
table (the one who submitted everything has no box), sends a reminder and reads who got it; a second try the
same day says why it was not sent (issue 18, reminders per expert)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from tests.browser_login import login_as
from tests.browser_shots import shoot
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from workflows.review import services
from workflows.review.models import ReviewSettings

from .factories import ExpertProfileFactory
from .helpers import declare_and_submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_reminds_a_ticked_expert_of_a_panel(live_server, page, artifacts_dir):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition, panel_size=3)
    for _ in range(3):
        ExpertProfileFactory()
    dossier = AwardApplicationFactory(edition=edition, state="material_review")
    panel = services.create_panel(
        edition,
        stage="material_review",
        name="第一组",
        dossiers=[dossier],
        size=3,
        deadline=timezone.now() + dt.timedelta(days=2),
        actor=staff,
    )
    services.draw_panel(panel, actor=staff, seed="per-expert")
    done, picked, left_alone = [m.expert for m in panel.members.select_related("expert").order_by("expert_id")]
    for assignment in panel.assignments.filter(expert=done):
        declare_and_submit(assignment, 60)

    login_as(page, live_server, staff)
    page.goto(f"{live_server.url}/review/staff/panel/{panel.pk}/")
    boxes = sorted(page.locator("#expert-progress input[name=experts]").evaluate_all("els => els.map(e => e.value)"))
    page.check(f"#expert-progress input[name=experts][value='{picked.pk}']")
    shoot(page, artifacts_dir, "review-remind-experts-ticked")
    page.click("#remind-experts-submit")
    page.wait_for_load_state()
    summary = page.locator(".messages li").all_inner_texts()
    widths = shoot(page, artifacts_dir, "review-remind-experts-summary")
    page.check(f"#expert-progress input[name=experts][value='{picked.pk}']")
    page.click("#remind-experts-submit")
    page.wait_for_load_state()
    again = page.locator(".messages li").all_inner_texts()

    assert boxes == sorted([str(picked.pk), str(left_alone.pk)])  # nothing to remind the one who submitted
    assert len(summary) == 1 and summary[0].startswith("已向 1 位专家发送评审提醒：") and str(picked) in summary[0]
    assert str(left_alone) not in summary[0]
    assert [m.to for m in mail.outbox] == [[picked.email]]
    assert again == ["1 项未发送提醒：", f"第一组 · {picked}：今天已提醒过该专家，每天最多提醒一次。"]
    assert widths[390] <= 390
