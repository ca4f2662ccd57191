"""One language per page: zh-hans pages carry no English labels, the English switch shows English."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import cms.demo
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db

# A Chinese label followed by its English ("公示期 Notice period", "公示中 Open", "暂无。None."); a
# loanword inside a Chinese sentence ("所必需的 Cookie。") is not one.
BILINGUAL = re.compile(r"[\u4e00-\u9fff][）。：]?\s?(?:[A-Z][a-z]+(?: [A-Za-z]+)+|[A-Z][a-z]+[.!]?$)")
CJK = re.compile(r"[\u4e00-\u9fff]")

PUBLIC_PAGES = ["/", "/calls/", "/calls/call-0/", "/notices/", "/accessibility/", "/sitemap/", "/privacy/"]


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """Text a person reads: element text plus labels carried in attributes, without scripts."""

    ATTRS = ("placeholder", "aria-label", "title", "alt", "value")

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style") or (self._skip and tag not in VOID) or ("aria-hidden", "true") in attrs:
            self._skip += 1  # an aria-hidden picture (the zone map) is read from the list beside it
        for name, value in attrs:
            if (
                not self._skip
                and name in self.ATTRS
                and value
                and not (tag == "input" and dict(attrs).get("type") == "hidden")
            ):
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if self._skip and tag not in VOID:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.chunks


def chrome(html: str) -> str:
    """The header and footer around every page's content."""
    start = html.index('<header class="site-header"')
    head = html[start : html.index("</header>", start)]
    start = html.index('<footer class="site-footer"')
    foot = html[start : html.index("</footer>", start)]
    return head + foot


@pytest.fixture
def site():
    return cms.demo.seed(editions={"call-0": EditionFactory()})


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_chinese_pages_show_no_bilingual_labels(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    bilingual = [chunk for chunk in visible_text(response.content.decode()) if BILINGUAL.search(chunk)]
    assert bilingual == []


def test_the_bilingual_check_sees_a_bilingual_label():
    html = (
        "<dl><dt>公示期 Notice period</dt><dd>暂无。None.</dd><dd><b>公示中 Open</b></dd><dd>2026年12月2日</dd>"
        "<dd>本站只使用必需的 Cookie。</dd></dl>"
    )
    assert [c for c in visible_text(html) if BILINGUAL.search(c)] == [
        "公示期 Notice period",
        "暂无。None.",
        "公示中 Open",
    ]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_english_switch_shows_english_header_and_footer(client, site, path):
    response = client.post("/i18n/setlang/", {"language": "en", "next": path})
    assert response.status_code == 302
    html = client.get(path).content.decode()
    assert '<html lang="en">' in html
    text = " ".join(visible_text(chrome(html)))
    assert "Calls for applications" in text and "Notices" in text
    # The only Chinese left in the header/footer is the other language's name and the site
    # operator's own records (its name, address and filing numbers are data, not labels).
    for record in _operator_records():
        text = text.replace(record, "")
    assert set(re.findall(r"[\u4e00-\u9fff]+", text)) == {"简体中文"}


def _operator_records() -> list[str]:
    from wagtail.models import Site

    from cms.models import AuthoritySettings

    s = AuthoritySettings.for_site(Site.objects.get(is_default_site=True))
    return [v for v in (s.authority_name, s.office_name, s.address, s.icp_record, s.public_security_record) if v]


def test_a_shared_link_can_name_its_language_and_the_choice_sticks(client, site):
    first = client.get("/notices/?lang=en&from=groupmessage")
    assert '<html lang="en">' in first.content.decode()
    assert '<html lang="en">' in client.get("/calls/").content.decode()
    client.get("/?lang=zh-hans")
    assert '<html lang="zh-hans">' in client.get("/calls/").content.decode()


def test_an_unknown_language_in_the_link_is_ignored(client, site):
    assert '<html lang="zh-hans">' in client.get("/?lang=xx").content.decode()
