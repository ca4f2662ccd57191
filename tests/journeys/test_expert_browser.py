"""Chromium, from the demo: staff send the qualified dossier to material review and draw a panel; a
drawn expert declares, reads the application and opens a document, then scores (issue 18, problem 2).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from awards.models import AwardApplication
from tests.journeys.conftest import shoot
from tests.journeys.test_applicant_browser import _log_in
from workflows.documents.models import DocumentAccess
from workflows.review.models import Assignment, Scorecard

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-pass-2026"


def test_an_expert_reads_the_dossier_and_a_document_then_scores(demo, live_server, page, artifacts_dir):
    url = live_server.url
    application = AwardApplication.objects.get(organization__short_name="北洋轨道")

    # Staff: start the material review, create a panel of three and draw it.
    _log_in(page, url, "staff", DEMO_PASSWORD)
    page.goto(f"{url}/portal/applications/{application.pk}/")
    with page.expect_navigation():
        page.click("button[value=start_material_review]")
    page.goto(url + "/review/staff/panel/new/")
    page.fill("[name=name]", "材料评审第一组")
    page.locator("[name=dossiers]").first.check()
    deadline = timezone.localtime() + dt.timedelta(days=10)
    page.fill("[name=deadline]", deadline.strftime("%Y-%m-%dT17:00"))
    page.fill("[name=size]", "3")
    with page.expect_navigation():
        page.click("#create-panel button[type=submit]")
    with page.expect_navigation():
        page.click("main button:has-text('抽取专家')")
    # Which experts the random draw chose is read back, not arranged.
    assignment = Assignment.objects.filter(status=Assignment.Status.ACTIVE).select_related("expert").first()

    # The expert: queue, declaration, then the dossier beside the scoring form on the same page.
    _log_in(page, url, assignment.expert.username, DEMO_PASSWORD)
    page.goto(url + "/review/")
    with page.expect_navigation():
        page.click(f"a[href='/review/a/{assignment.pk}/']")
    with page.expect_navigation():
        page.click("main button:has-text('确认声明')")
    assert page.url.endswith(f"/review/a/{assignment.pk}/")
    dossier = page.locator("#split-dossier")
    assert "建立了完善的卓越绩效管理体系" in dossier.inner_text()  # the organisation profile the applicant wrote
    assert "（演示自评说明）" in dossier.inner_text()  # the self-assessment against the criteria being scored

    # Desktop: side by side, each pane scrolling on its own; the tabs stay out of the way.
    scoring = page.locator("#split-scoring")
    d_box, s_box = dossier.bounding_box(), scoring.bounding_box()
    assert d_box["x"] + d_box["width"] <= s_box["x"] and abs(d_box["y"] - s_box["y"]) < 2
    assert not page.locator(".split-tabs").is_visible()
    for pane in ("#split-dossier", "#split-scoring"):
        assert page.eval_on_selector(pane, "e => getComputedStyle(e).overflowY") == "auto"
    page.locator("#dossier-self-assessment").scroll_into_view_if_needed()
    shoot(page, artifacts_dir, "journey18-expert-scoring-split")

    # Phone: one pane at a time behind two tabs, nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator(".split-tabs").is_visible()
    assert dossier.is_visible() and not scoring.is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    page.screenshot(path=str(artifacts_dir / "journey18-expert-phone-dossier-390.png"), full_page=True)
    page.click("#tab-scoring")
    assert scoring.is_visible() and not dossier.is_visible()
    page.screenshot(path=str(artifacts_dir / "journey18-expert-phone-scoring-390.png"), full_page=True)
    page.click("#tab-dossier")
    page.set_viewport_size({"width": 1366, "height": 900})

    with page.expect_download() as download:
        page.locator("#dossier-documents a[data-slot=business_licence]").click()
    assert download.value.suggested_filename == "business_licence.pdf"
    assert DocumentAccess.objects.filter(user=assignment.expert, document__slot="business_licence").count() == 1

    for select in page.locator("#score-form select").all():
        select.select_option("60")
    with page.expect_navigation():
        page.click("#score-form button[value=submit]")
    assert Scorecard.objects.get(assignment=assignment, is_current=True).status == Scorecard.Status.SUBMITTED
    assert "评分已提交" in page.inner_text(".messages")
