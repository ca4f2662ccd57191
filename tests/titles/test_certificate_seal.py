"""Certificates carry the bureau's electronic seal (PAdES, pyHanko) from a configured certificate;
a test CA stands in for the bureau's. Checked independently with poppler's pdfsig."""

import datetime as dt
import io
import subprocess

import pytest
import time_machine
from django.core.files.storage import default_storage

from accounts.models import Membership
from tests.factories import PASSWORD, UserFactory
from tests.seal_ca import configure_seal, make_seal
from tests.titles.factories import awarded_title
from workflows.documents.seal import seal_pdf, validate_seal
from workflows.workdays import SHANGHAI

pytestmark = pytest.mark.django_db


def downloaded_certificate(client, title) -> bytes:
    """The PDF as its holder downloads it: through the product's download view and S3's presigned URL."""
    import urllib.request

    member = UserFactory()
    Membership.objects.create(user=member, organization=title.organization)
    client.login(username=member.username, password=PASSWORD)
    response = client.get(f"/titles/certificates/{title.certificate.serial_no}/pdf/")
    assert response.status_code == 302
    with urllib.request.urlopen(response["Location"]) as body:
        return body.read()


def test_a_downloaded_certificate_verifies_with_pdfsig_as_signed_by_the_configured_seal(client, seal, tmp_path):
    title = awarded_title("青岛海岳精密制造有限公司", render_pdf=True)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(downloaded_certificate(client, title))

    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout

    assert "Signature Validation: Signature is Valid." in report
    assert f"Signer Certificate Common Name: {seal.common_name}" in report
    assert "Signature Type: ETSI.CAdES.detached" in report  # PAdES baseline, not the legacy PKCS#7 type
    assert "Total document signed" in report


def test_the_verification_page_and_api_report_the_seal_besides_the_register_status(client, seal):
    title = awarded_title("青岛海岳精密制造有限公司", render_pdf=True)
    serial = title.certificate.serial_no

    with time_machine.travel(dt.datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI), tick=False):
        page = client.get(f"/titles/verify/{serial}/").content.decode()
        data = client.get(f"/titles/api/verify/{serial}/").json()

    assert (data["status"], data["seal"]["status"], data["seal"]["signer"]) == (
        "valid",
        "valid",
        seal.common_name,
    )
    assert 'data-seal="valid"' in page and "电子印章有效" in page


def test_a_pdf_changed_after_sealing_is_reported_broken(seal):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    sealed = seal_pdf(_plain_pdf(), reason="测试")
    assert b"WeasyPrint" in sealed
    edited_in_place = sealed.replace(b"WeasyPrint", b"WeasyPrinT", 1)  # same length: the file still parses
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    writer.root["/Lang"] = generic.pdf_string("en")
    writer.update_root()
    appended = io.BytesIO()
    writer.write(appended)  # a later revision on top of the sealed one

    statuses = [validate_seal(pdf).status for pdf in (sealed, edited_in_place, appended.getvalue())]

    assert statuses == ["valid", "broken", "broken"]


def test_a_seal_from_a_ca_the_bureau_does_not_trust_is_reported_untrusted(settings, tmp_path):
    stranger = make_seal(tmp_path / "stranger", common_name="他人印章", ca_name="他人根证书")
    ours = make_seal(tmp_path / "ours")
    configure_seal(settings, stranger, trust_roots=ours.root)

    assert validate_seal(seal_pdf(_plain_pdf(), reason="测试")).status == "untrusted"


def test_without_a_seal_certificate_the_pdf_is_issued_unsealed_and_the_page_says_so(client, settings):
    settings.SEAL_CERTIFICATE_FILE = ""
    title = awarded_title("青岛海岳精密制造有限公司", render_pdf=True)
    title.certificate.refresh_from_db()
    with default_storage.open(title.certificate.pdf.storage_key, "rb") as stored:
        pdf = stored.read()

    data = client.get(f"/titles/api/verify/{title.certificate.serial_no}/").json()

    assert (validate_seal(pdf).status, data["seal"]["status"]) == ("unsigned", "unsigned")


def _plain_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>测试文件</p>").write_pdf()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_visitor_checks_a_certificate_and_sees_its_seal(live_server, page, seal, artifacts_dir):
    title = awarded_title("青岛海岳精密制造有限公司", render_pdf=True)

    page.goto(live_server.url + "/titles/verify/")
    page.fill("[name=serial]", title.certificate.serial_no.lower())
    with page.expect_navigation():
        page.click("main button[type=submit]")

    seal_text = page.locator("#seal-status").inner_text()
    assert "电子印章有效" in seal_text and seal.common_name in seal_text
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts_dir / f"verify-certificate-seal-{width}.png"), full_page=True)
