"""Notices and revocation notices are issued as sealed PDFs (PAdES, pyHanko) beside their pages.

A test CA stands in for the bureau's seal (tests/seal_ca.py). The PDF is downloaded through the
product's view and S3's presigned URL (the session's moto server, over HTTP), then checked
independently with poppler's pdfsig.
"""

import datetime as dt
import subprocess
import urllib.request

import pytest
import time_machine
from django.test import TestCase

from cms.models import NoticePage
from tests.notices.factories import notice_edition, open_notice, proposed_candidate, secretariat_user
from tests.titles.factories import awarded_title
from workflows.titles import services as title_services
from workflows.workdays import SHANGHAI

pytestmark = pytest.mark.django_db


def _download(client, page) -> bytes:
    response = client.get(f"/objections/pages/{page.pk}/sealed.pdf")
    assert response.status_code == 302
    with urllib.request.urlopen(response["Location"]) as body:
        return body.read()


def _pdfsig(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout


def _notice_page():
    candidate = proposed_candidate(notice_edition(), name="青岛澜港啤酒有限公司")
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = open_notice([candidate])
    notice.refresh_from_db()
    return notice.page


def test_a_notice_is_issued_as_a_pdf_signed_by_the_configured_seal(client, seal, tmp_path):
    page = _notice_page()

    pdf = _download(client, page)

    report = _pdfsig(pdf, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert f"Signer Certificate Common Name: {seal.common_name}" in report
    assert "Signature Type: ETSI.CAdES.detached" in report
    text = "".join(_text(pdf, tmp_path).split())  # table cells wrap names across lines
    assert "".join(page.title.split()) in text
    assert "青岛澜港啤酒有限公司" in text


def test_the_notice_page_links_its_pdf_and_reports_the_seal(client, seal):
    page = _notice_page()

    html = client.get(page.url).content.decode()

    assert f'href="/objections/pages/{page.pk}/sealed.pdf"' in html
    assert "电子印章有效，文件未被改动" in html


def test_a_revocation_notice_is_issued_as_a_sealed_pdf(client, seal, tmp_path):
    title = awarded_title("青岛海岳精密制造有限公司")
    with TestCase.captureOnCommitCallbacks(execute=True):
        revocation = title_services.revoke_title(
            title,
            trigger="fraud",
            reason="申报材料中的检测报告系伪造。",
            authority="青岛市人民政府",
            document_no="青政字〔2026〕1号",
            decided_on=dt.date(2026, 3, 2),
            actor=secretariat_user(),
        )
    revocation.refresh_from_db()
    page = NoticePage.objects.get(pk=revocation.notice_page_id)

    pdf = _download(client, page)

    report = _pdfsig(pdf, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert f"Signer Certificate Common Name: {seal.common_name}" in report
    assert "青政字〔2026〕1号" in _text(pdf, tmp_path)


def test_issuing_twice_keeps_one_pdf(seal):
    from workflows.documents.models import Document
    from workflows.notices.sealed import issue_notice_pdf

    page = _notice_page()

    first = issue_notice_pdf(page.pk)
    second = issue_notice_pdf(page.pk)

    assert first == second
    assert Document.objects.owned_by(page).filter(slot="sealed_pdf").count() == 1


def test_a_page_without_a_pdf_is_not_found(client):
    assert client.get("/objections/pages/999999/sealed.pdf").status_code == 404


def test_a_notice_page_written_by_hand_in_the_cms_is_sealed_when_published(client, seal, tmp_path):
    """Issue 17's leftover: a page staff write in the CMS (a general 通知公告) gets its sealed PDF too."""
    import cms.demo
    from workflows.notices.pages import notices_index

    cms.demo.seed()  # the site and its 公示公告 section

    with TestCase.captureOnCommitCallbacks(execute=True):
        page = notices_index().add_child(
            instance=NoticePage(
                title="关于开展质量月活动的通知",
                slug="quality-month-2026",
                kind=NoticePage.Kind.GENERAL,
                body="<p>各有关单位：现将质量月活动安排通知如下。</p>",
            )
        )
        page.save_revision().publish()

    pdf = _download(client, page)

    assert "Signature Validation: Signature is Valid." in _pdfsig(pdf, tmp_path)
    assert "关于开展质量月活动的通知" in _text(pdf, tmp_path).replace(" ", "")
    assert "sealed.pdf" in client.get(page.url).content.decode()
