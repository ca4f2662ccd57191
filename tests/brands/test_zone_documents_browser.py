"""Chromium: the creating body uploads a document and opens it from its workspace; the secretariat
opens it from the zone's case page; a drawn expert declares and opens it from the dossier beside the
scoring form (issue 18). Each opening is a recorded download through the engine (presigned S3 URL)."""

import datetime as dt

import pytest
from django.utils import timezone

from brands import services
from brands.models import State, Zone
from tests.browser_login import login_as
from tests.factories import UserFactory, applicant_for
from tests.journeys.conftest import shoot
from workflows.documents.models import DocumentAccess
from workflows.review import services as review
from workflows.review.models import Assignment

from .factories import CreatingBodyFactory, ZoneFactory, ZoneRulesFactory
from .review_helpers import add_experts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = {
    "name": "创建方案.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
}


def test_the_zone_staff_and_an_expert_open_the_uploaded_document(live_server, page, artifacts_dir, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    edition = ZoneRulesFactory().edition
    zone = ZoneFactory(edition=edition, organization=CreatingBodyFactory(region_code="370281"), name="胶州湾示范区")
    officer = applicant_for(zone.organization)
    secretariat = UserFactory(roles=["secretariat"])
    url = live_server.url

    # 1. The creating body uploads the creation plan on the edit page and opens it from its workspace.
    login_as(page, live_server, officer)
    page.goto(f"{url}/zones/mine/{zone.pk}/edit/")
    page.set_input_files("#file_creation_plan", files=[PDF])
    with page.expect_navigation():
        page.click("#doc-creation_plan button[name=upload]")
    page.goto(f"{url}/zones/mine/{zone.pk}/")
    materials = page.locator("#zone-materials").inner_text()
    with page.expect_download() as own:
        page.click("#zone-materials li[data-slot=creation_plan] a")
    own_name = own.value.suggested_filename
    own_bytes = open(own.value.path(), "rb").read()
    page.locator("#zone-materials").scroll_into_view_if_needed()
    shoot(page, artifacts_dir, "zones-documents-workspace")

    # 2. (The province and the creation period are other tests' business.) The zone is in its expert
    # assessment; the secretariat opens the document from the case page.
    Zone.objects.filter(pk=zone.pk).update(state=State.EXPERT_ASSESSMENT)
    login_as(page, live_server, secretariat)
    page.goto(f"{url}/zones/staff/{zone.pk}/")
    staff_list = page.locator("#zone-materials").inner_text()
    with page.expect_download() as staff:
        page.click("#zone-materials li[data-slot=creation_plan] a")
    staff_name = staff.value.suggested_filename
    page.locator("#zone-materials").scroll_into_view_if_needed()
    shoot(page, artifacts_dir, "zones-documents-staff")

    # 3. A panel is drawn (the desk's own buttons are covered in test_staff_desk.py); the expert declares
    # on the page and opens the document from the dossier.
    add_experts(2)
    zone.refresh_from_db()
    panel = services.open_indicator_review(
        [zone], actor=secretariat, name="验收专家组", deadline=timezone.now() + dt.timedelta(days=7), size=2
    )
    review.draw_panel(panel, actor=secretariat, seed="documents-browser")
    assignment = Assignment.objects.filter(panel=panel).select_related("expert").order_by("pk").first()
    login_as(page, live_server, assignment.expert)
    page.goto(url + "/review/")
    with page.expect_navigation():
        page.click(f"a[href='/review/a/{assignment.pk}/']")
    with page.expect_navigation():
        page.click("main button:has-text('确认声明')")
    listing = page.locator("#dossier-documents").inner_text()
    with page.expect_download() as expert:
        page.click("#dossier-documents a[data-slot=creation_plan]")
    expert_bytes = open(expert.value.path(), "rb").read()
    page.locator("#dossier-documents").scroll_into_view_if_needed()
    shoot(page, artifacts_dir, "zones-documents-expert")
    page.set_viewport_size({"width": 390, "height": 844})
    phone_fits = page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    page.set_viewport_size({"width": 1366, "height": 900})

    assert "创建方案：创建方案.pdf" in materials and "示范区申报书：未上传" in materials
    assert own_name == "创建方案.pdf" and own_bytes == PDF["buffer"]
    assert "创建方案：创建方案.pdf" in staff_list and staff_name == "创建方案.pdf"
    assert "创建方案" in listing and "creation_plan" not in listing
    assert expert_bytes == PDF["buffer"] and phone_fits
    assert sorted(DocumentAccess.objects.values_list("user", "purpose")) == sorted(
        [(officer.pk, "zone:member"), (secretariat.pk, "zone:staff"), (assignment.expert.pk, f"review:{assignment.pk}")]
    )
