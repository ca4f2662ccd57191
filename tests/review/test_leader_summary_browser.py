"""Browser: the panel leader writes the summary beside the members' comments, saves a draft a member reads, then seals it."""

import pytest

from tests.browser_login import login_as
from workflows.models import TransitionLog
from workflows.review.models import PanelSummary

from .summary_setup import scored_panel, shots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_writes_and_seals_a_summary(live_server, page, artifacts_dir):
    staff, edition, panel, (application,), assignments, leader = scored_panel()
    mine = assignments[0]
    login_as(page, live_server, leader)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/review/a/{mine.pk}/")
    page.click("#summary-link")
    assert "评审组长意见" in page.locator("h1").inner_text()
    first = page.locator(".summary-category").first
    assert "专家2" in first.inner_text() and "乙专家" not in page.content()

    page.fill("#opinion", "企业质量管理体系较为成熟，结果指标优于行业平均。")
    for section in page.locator(".summary-category").all():
        section.locator("textarea[name^=strengths_]").fill("方法系统并已全面展开")
        section.locator("textarea[name^=opportunities_]").fill("建议加强对标和数据分析")
    page.locator("#summary-form button[value=save]").click()
    assert "草稿已保存" in page.locator(".messages").inner_text()
    shots(page, artifacts_dir, "summary-leader")

    # A member reads the draft before it is sealed, without a form.
    member = assignments[1]
    login_as(page, live_server, member.expert)
    page.goto(f"{live_server.url}/review/a/{member.pk}/summary/")
    assert "企业质量管理体系较为成熟" in page.locator("#opinion").inner_text()
    assert page.locator("#summary-form textarea").count() == 0
    assert "草稿" in page.locator("#summary-status").inner_text()
    shots(page, artifacts_dir, "summary-member-draft")

    # The leader seals it: read-only from then on, logged.
    login_as(page, live_server, leader)
    page.goto(f"{live_server.url}/review/a/{mine.pk}/summary/")
    page.locator("#summary-form button[value=seal]").click()
    assert "已封存" in page.locator(".messages").inner_text()
    assert "已封存" in page.locator("#summary-status").inner_text()
    assert page.locator("#summary-form textarea").count() == 0
    assert PanelSummary.objects.get().status == "sealed"
    assert TransitionLog.objects.filter(transition="review.summary.seal", actor=leader).count() == 1
    shots(page, artifacts_dir, "summary-sealed")

    # It is part of the dossier on the staff case page.
    login_as(page, live_server, staff)
    page.goto(f"{live_server.url}/portal/applications/{application.pk}/")
    assert "企业质量管理体系较为成熟" in page.locator("#panel-summaries").inner_text()
    shots(page, artifacts_dir, "summary-case-page")
