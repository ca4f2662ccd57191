"""Printing a notice (issue 13): A4, the document alone (no navigation, language switch, buttons or live
countdown), its 落款 kept, page numbers from @page. The PDF is rendered to PNG for a person to look at."""

import re
import subprocess

import pytest

import cms.demo
from tests.notices.factories import notice_edition, proposed_candidate, secretariat_user
from workflows.notices import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

A4_POINTS = (595, 842)


def test_a_notice_prints_as_the_document_alone_on_a4_with_page_numbers(live_server, page, artifacts_dir):
    cms.demo.seed()
    edition = notice_edition()
    notice = services.open_public_notice(
        [proposed_candidate(edition, name="青岛海岳精密制造有限公司")], actor=secretariat_user()
    )
    notice.refresh_from_db()
    page.goto(live_server.url + notice.page.url)
    assert page.locator(".countdown").is_visible()  # on screen, the live countdown and the button show

    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.site-header', '.site-footer', '.lang-switch', '.countdown', 'main .button']
          .filter(s => [...document.querySelectorAll(s)].some(e => e.offsetParent !== null))"""
    )
    pdf = artifacts_dir / "notice-print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(artifacts_dir / "notice-print")], check=True)

    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    assert hidden == []
    assert [round(float(n)) for n in size.split()[2:5:2]] == list(A4_POINTS)
    assert re.findall(r"—\s*(\d+)\s*—", text)[:2] == ["1", "2"]  # "— n —" at the foot of each page
    assert edition.program.authority in text.split("异议受理")[-1]  # 落款 after the text
    assert "企业注册" not in text and "English" not in text and "剩余" not in text
