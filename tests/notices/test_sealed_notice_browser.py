"""Chromium: a visitor opens a notice, sees its seal reported and downloads the sealed PDF; an applicant
whose document was erased at the end of its retention period is told so in the page's language.

The seal is a test CA's (tests/seal_ca.py), checked independently with pdfsig.
"""

import datetime as dt
import subprocess

import pytest
import time_machine
from django.utils import timezone

from tests.awards.factories import complete_application
from tests.browser_login import login_as
from tests.factories import AwardApplicationFactory, applicant_for
from tests.notices.factories import notice_edition, proposed_candidate, secretariat_user
from workflows.documents.models import Document
from workflows.notices import services
from workflows.retention.services import purge_expired

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_a_visitor_downloads_a_notices_sealed_pdf(live_server, page, artifacts_dir, seal, tmp_path, width):
    import cms.demo

    cms.demo.seed()
    candidate = proposed_candidate(notice_edition(), name="青岛海岳精密制造有限公司")
    notice = services.open_public_notice([candidate], actor=secretariat_user())  # after commit: page and PDF
    notice.refresh_from_db()
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(live_server.url + notice.page.url)
    sealed = page.locator("#sealed-pdf")
    assert "电子印章有效，文件未被改动" in sealed.inner_text()
    page.screenshot(path=str(artifacts_dir / f"notice-sealed-pdf-{width}.png"), full_page=True)
    with page.expect_download() as download:
        sealed.get_by_role("link").click()
    path = tmp_path / "notice.pdf"
    download.value.save_as(path)

    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature Validation: Signature is Valid." in report
    assert f"Signer Certificate Common Name: {seal.common_name}" in report


@pytest.mark.parametrize("width", [1366, 390])
def test_an_applicant_opens_an_erased_document(live_server, page, artifacts_dir, width):
    with time_machine.travel(timezone.now() - dt.timedelta(days=6 * 366), tick=True):
        application = AwardApplicationFactory()
        applicant = applicant_for(application.organization)
        complete_application(application, user=applicant)
    document = Document.objects.owned_by(application).first()
    purge_expired(apply=True)
    page.set_viewport_size({"width": width, "height": 900})
    login_as(page, live_server, applicant)

    response = page.goto(f"{live_server.url}/portal/applications/{application.pk}/documents/{document.pk}/")

    assert response.status == 410
    assert "该文件的保存期限已满" in page.locator("#document-removed").inner_text()
    page.screenshot(path=str(artifacts_dir / f"document-erased-{width}.png"), full_page=True)
    page.locator("#document-removed").get_by_role("link", name="个人信息保护说明").click()
    assert page.url.endswith("/privacy/")
