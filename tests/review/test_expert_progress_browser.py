"""Browser: an overdue expert is escalated to the secretariat, who sees the flag and replaces the expert."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from tests.browser_login import login_as
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from workflows.review import services
from workflows.review.models import Assignment, PanelMember, ReviewSettings
from workflows.review.services.progress import escalate_overdue

from .factories import ExpertProfileFactory
from .helpers import declare_and_submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def _widest(page) -> list:
    """What sticks out beyond the screen (a positioned element inside a scroll box counts too)."""
    return page.evaluate(
        """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth
        && !(e.closest('.table-scroll') && getComputedStyle(e).position === 'static'))
        .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )


def test_overdue_expert_is_escalated_and_replaced_by_staff(live_server, page, artifacts_dir):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition, panel_size=3)
    dossier = AwardApplicationFactory(edition=edition, state="material_review")
    for _ in range(3):
        ExpertProfileFactory()
    panel = services.create_panel(
        edition, stage="material_review", name="第一组", dossiers=[dossier], size=3,
        deadline=timezone.now() + dt.timedelta(days=3), actor=staff,
    )  # fmt: skip
    services.draw_panel(panel, actor=staff, seed="e2e-overdue")
    late = panel.members.exclude(expert=panel.leader).first().expert
    for assignment in panel.assignments.exclude(expert=late):
        declare_and_submit(assignment, 60)
    spare = ExpertProfileFactory().user
    panel.deadline = timezone.now() - dt.timedelta(hours=2)
    panel.save(update_fields=["deadline"])

    assert escalate_overdue() == 1  # the hourly beat task's work
    assert [m.to for m in mail.outbox] == [[staff.email]]

    login_as(page, live_server, staff)
    page.goto(live_server.url + "/review/staff/")
    flag = page.locator("#panel-list .overdue-flag")
    assert flag.inner_text() == "1 位专家逾期"
    page.screenshot(path=str(artifacts_dir / "review-progress-desk-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts_dir / "review-progress-desk-390.png"), full_page=True)
    assert _no_sideways_scroll(page), _widest(page)
    page.set_viewport_size({"width": 1366, "height": 900})

    flag.click()
    row = page.locator(f"#expert-progress tr[data-expert='{late.pk}']")
    assert "逾期" in row.inner_text() and "已上报评审办" in row.inner_text()
    page.screenshot(path=str(artifacts_dir / "review-progress-panel-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts_dir / "review-progress-panel-390.png"), full_page=True)
    assert _no_sideways_scroll(page), _widest(page)
    page.set_viewport_size({"width": 1366, "height": 900})

    with page.expect_navigation():
        row.locator("form.replace-expert button[type=submit]").click()

    assert "已替换专家" in page.locator(".messages").inner_text()
    assert "已替换" in page.locator(f"#expert-progress tr[data-expert='{late.pk}']").inner_text()
    assert page.locator(f"#expert-progress tr[data-expert='{spare.pk}']").count() == 1
    assert PanelMember.objects.get(panel=panel, expert=late).status == PanelMember.Status.REPLACED
    assert Assignment.objects.get(panel=panel, expert=spare).status == Assignment.Status.ACTIVE
    page.screenshot(path=str(artifacts_dir / "review-progress-replaced-1366.png"), full_page=True)

    # The replaced expert's queue no longer lists the dossier.
    login_as(page, live_server, late)
    page.goto(live_server.url + "/review/")
    assert Assignment.objects.get(panel=panel, expert=late).code not in page.locator("main").inner_text()
