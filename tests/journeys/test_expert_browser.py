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
        page.click("text=抽取专家 Draw experts")
    # Which experts the random draw chose is read back, not arranged.
    assignment = Assignment.objects.filter(status=Assignment.Status.ACTIVE).select_related("expert").first()

    # The expert: queue, declaration, then the dossier beside the scoring form.
    _log_in(page, url, assignment.expert.username, DEMO_PASSWORD)
    page.goto(url + "/review/")
    with page.expect_navigation():
        page.click(f"a[href='/review/a/{assignment.pk}/']")
    with page.expect_navigation():
        page.click("text=确认声明 Confirm declaration")
    page.goto(url + page.get_attribute("#read-dossier", "href"))
    main = page.inner_text("main")
    assert "建立了完善的卓越绩效管理体系" in main  # the organisation profile the applicant wrote
    assert "（演示自评说明）" in main  # the self-assessment against the criteria being scored
    shoot(page, artifacts_dir, "journey18-expert-dossier")
    with page.expect_download() as download:
        page.locator("#dossier-documents a[data-slot=business_licence]").click()
    assert download.value.suggested_filename == "business_licence.pdf"
    assert DocumentAccess.objects.filter(user=assignment.expert, document__slot="business_licence").count() == 1

    with page.expect_navigation():
        page.click("#go-score")
    for select in page.locator("#score-form select").all():
        select.select_option("60")
    with page.expect_navigation():
        page.click("#score-form button[value=submit]")
    assert Scorecard.objects.get(assignment=assignment, is_current=True).status == Scorecard.Status.SUBMITTED
