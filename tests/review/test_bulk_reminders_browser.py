"""Chromium: the secretariat reminds the experts of two panels at once from the review desk (issue 18,
bulk "send reminders"), reads who was reminded, and a second click the same day says why nobody was."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from tests.browser_login import login_as
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from tests.journeys.conftest import shoot
from workflows.models import TransitionLog
from workflows.review import services
from workflows.review.models import ReviewSettings

from .factories import ExpertProfileFactory
from .helpers import declare_and_submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _panel(edition, staff, name, deadline, seed):
    dossier = AwardApplicationFactory(edition=edition, state="material_review")
    panel = services.create_panel(
        edition, stage="material_review", name=name, dossiers=[dossier], size=3, deadline=deadline, actor=staff
    )
    services.draw_panel(panel, actor=staff, seed=seed)
    return panel


def _phone_width(page) -> int:
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.scrollingElement.scrollWidth")
    page.set_viewport_size({"width": 1366, "height": 900})
    return width


def test_the_secretariat_reminds_two_panels_at_once_and_reads_the_summary(live_server, page, artifacts_dir):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition, panel_size=3)
    for _ in range(3):
        ExpertProfileFactory()
    soon = _panel(edition, staff, "第一组", timezone.now() + dt.timedelta(days=2), "bulk-1")
    late = _panel(edition, staff, "第二组", timezone.now() + dt.timedelta(days=2), "bulk-2")
    done = _panel(edition, staff, "第三组", timezone.now() + dt.timedelta(days=2), "bulk-3")
    first_expert = soon.members.order_by("id").first().expert
    for assignment in soon.assignments.filter(expert=first_expert):
        declare_and_submit(assignment, 60)
    late_expert = late.members.order_by("id").first().expert
    for assignment in late.assignments.exclude(expert=late_expert):
        declare_and_submit(assignment, 60)
    for assignment in done.assignments.all():
        declare_and_submit(assignment, 60)
    late.deadline = timezone.now() - dt.timedelta(hours=3)  # the clock: the second panel's deadline passed
    late.save(update_fields=["deadline"])

    login_as(page, live_server, staff)
    page.goto(live_server.url + "/titles/staff/reviews/")  # any staff page: the navigation leads to the desk
    page.click("#staff-nav a[data-desk=review]")
    page.wait_for_load_state()
    checkable = sorted(page.locator("#panel-list input[name=ids]").evaluate_all("els => els.map(e => e.value)"))
    page.check(f"#panel-list input[name=ids][value='{soon.pk}']")
    page.check(f"#panel-list input[name=ids][value='{late.pk}']")
    shoot(page, artifacts_dir, "review-bulk-remind-selected")
    page.click("#remind-submit")
    page.wait_for_load_state()
    summary = page.locator(".messages li").all_inner_texts()
    shoot(page, artifacts_dir, "review-bulk-remind-summary")
    phone_width = _phone_width(page)
    page.check(f"#panel-list input[name=ids][value='{late.pk}']")
    page.click("#remind-submit")
    page.wait_for_load_state()
    again = page.locator(".messages li").all_inner_texts()

    assert checkable == sorted([str(soon.pk), str(late.pk)])  # the complete panel has nothing to remind
    assert len(summary) == 1 and summary[0].startswith("已向 3 位专家发送评审提醒：")
    assert f"{late_expert}（第二组，1份）" in summary[0]
    assert f"{first_expert}（第一组" not in summary[0]  # it had submitted everything in the first panel
    assert again == ["1 项未发送提醒：", f"第二组 · {late_expert}：今天已提醒过该专家，每天最多提醒一次。"]
    assert len(mail.outbox) == 3
    assert [m.body for m in mail.outbox if m.to == [late_expert.email]][0].count("已超过截止时间") == 1
    assert TransitionLog.objects.filter(transition="review.remind").count() == 3
    assert phone_width <= 390
