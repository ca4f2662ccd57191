"""Printing calls, notices and certificate checks (issue 13; docs/official-documents.md, Print).

GB/T 9704 wants the 落款 on a page that also carries text, never alone on the last page. Where a page break
falls depends on the text's length, so the test lengthens the printed text one line at a time (paragraphs
added in the browser before printing, the page itself untouched) and prints each length to PDF."""

import subprocess

import pytest
from django.utils import timezone

import cms.demo
from tests.notices.factories import notice_edition, proposed_candidate, secretariat_user
from tests.titles.factories import awarded_title
from workflows.notices import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADD_LINES_BEFORE_SIGNATURE = """n => {
  document.querySelectorAll('.filler').forEach(e => e.remove());
  const signature = document.querySelector('.official-doc .doc-signature');
  for (let i = 0; i < n; i++) {
    const p = document.createElement('p'); p.className = 'filler'; p.textContent = '正文第' + i + '行';
    signature.parentNode.insertBefore(p, signature);
  }
}"""


def _pdf_pages(pdf_path) -> list[list[str]]:
    """The printed text of each page, as non-empty lines, page numbers left out."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True)
    return [
        [line.strip() for line in page.splitlines() if line.strip() and not line.strip().startswith("—")]
        for page in text.stdout.split("\f")
        if page.strip()
    ]


def _signature_pages_alone(page, pdf_path, authority: str, lengths: range) -> list[int]:
    """The added lengths at which the last printed page holds nothing but the 落款 (authority and date)."""
    alone = []
    for n in lengths:
        page.evaluate(ADD_LINES_BEFORE_SIGNATURE, n)
        page.pdf(path=str(pdf_path), prefer_css_page_size=True)
        last = _pdf_pages(pdf_path)[-1]
        assert authority in last, (n, last)
        if last.index(authority) == 0:
            alone.append(n)
    return alone


@pytest.fixture
def zh_page(browser):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    yield context.new_page()
    context.close()


def test_a_notice_never_prints_its_signature_alone_on_the_last_page(live_server, zh_page, tmp_path):
    cms.demo.seed()
    edition = notice_edition()
    notice = services.open_public_notice([proposed_candidate(edition)], actor=secretariat_user())
    notice.refresh_from_db()
    zh_page.goto(live_server.url + notice.page.url)
    zh_page.emulate_media(media="print")

    # A printed A4 page holds about twenty lines of 16 pt text: 30 lengths cross at least one page break.
    assert _signature_pages_alone(zh_page, tmp_path / "n.pdf", edition.program.authority, range(30)) == []


def test_a_call_prints_with_its_signature_and_date(live_server, zh_page, artifacts_dir):
    edition = notice_edition()
    call = cms.demo.seed(editions={"print-call": edition})["calls_index"].get_children().get(slug="print-call")
    zh_page.goto(live_server.url + call.url)
    zh_page.emulate_media(media="print")
    pdf = artifacts_dir / "call-print.pdf"
    zh_page.pdf(path=str(pdf), prefer_css_page_size=True)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(artifacts_dir / "call-print")], check=True)
    last = _pdf_pages(pdf)[-1]
    issued = timezone.localtime(edition.opens_at)  # printed in Beijing time (Asia/Shanghai)

    assert last[-2:] == [edition.program.authority, f"{issued.year}年{issued.month}月{issued.day}日"]
    assert not any("English" in line or "登录" in line for page in _pdf_pages(pdf) for line in page)


def test_a_printed_certificate_check_says_who_checked_it_when_and_where(live_server, zh_page, artifacts_dir):
    title = awarded_title()
    serial = title.certificate.serial_no
    zh_page.goto(live_server.url + "/titles/verify/")
    zh_page.get_by_label("证书编号").fill(serial.lower())
    with zh_page.expect_navigation():
        zh_page.get_by_role("button", name="查验").click()
    on_screen = zh_page.locator(".verify-record").is_visible()

    zh_page.emulate_media(media="print")
    pdf = artifacts_dir / "verify-print.pdf"
    zh_page.pdf(path=str(pdf), prefer_css_page_size=True)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(artifacts_dir / "verify-print")], check=True)
    printed = " ".join(line for page in _pdf_pages(pdf) for line in page)

    assert on_screen is False
    assert serial in printed and "青岛海岳精密制造有限公司" in printed
    assert "查验机构：质量奖与品牌示范区评审平台" in printed
    assert "查验时间：" in printed
    assert f"/titles/verify/{serial}/" in printed.replace(" ", "")
    assert zh_page.locator("main form").is_visible() is False  # the search box is not printed
