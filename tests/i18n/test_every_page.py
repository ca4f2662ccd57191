"""One language per page on the demo site: the public pages and each role's main desks.

In Chinese no label carries its English beside it; in English no Chinese is left except data (names,
titles and other text people typed, read from the database) and the other language's name.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import translation

from accounts.models import User

from .test_one_language import visible_text

pytestmark = pytest.mark.django_db

# Chinese followed by an English word ("公示期 Notice period", "暂无。None."); names that are written in
# Latin letters inside Chinese text (GB/T, ISO, PDF, API, file types, products) are not translations.
ALLOWED_WORDS = {
    "Cookie",
    "Excel",
    "Word",
    "Office",
    "Authenticator",
    "Microsoft",
    "Google",
    "FreeOTP",
    "Wagtail",
    "Django",
    "OpenSearch",
    "Chromium",
    "Android",
    "WeChat",
    "axe",
}
BILINGUAL = re.compile(r"[\u4e00-\u9fff][）。：，；]?\s?([A-Z]?[a-z]{2,}[A-Za-z]*|[A-Z][a-z]+)\b")
CJK_RUN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]*")

PUBLIC = [
    "/",
    "/calls/",
    "/notices/",
    "/zones/",
    "/cities/",
    "/titles/winners/",
    "/titles/verify/",
    "/search/?q=质量",
    "/accessibility/",
    "/sitemap/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/register/",
]
DESKS = {
    "staff": [
        "/portal/staff/",
        "/zones/staff/",
        "/cities/staff/",
        "/objections/staff/",
        "/titles/staff/",
        "/titles/staff/reviews/",
        "/titles/staff/revocations/",
        "/review/staff/",
        "/review/staff/pool/",
    ],
    "rec_qd": ["/portal/recommender/"],
    "rec_sd": ["/zones/recommender/"],
    "committee": ["/review/staff/"],
    "expert1": ["/review/", "/review/profile/"],
    "ent_haiyue": ["/portal/", "/accounts/", "/objections/mine/"],
    "zone_xihaian": ["/zones/mine/"],
}


def bilingual_labels(text_chunks: list[str]) -> list[str]:
    found = []
    for chunk in text_chunks:
        for m in BILINGUAL.finditer(chunk):
            if m.group(1) not in ALLOWED_WORDS and not re.match(r"https?|www", m.group(1)):
                found.append(chunk)
                break
    return found


def data_texts() -> list[str]:
    """Every Chinese text stored in the database: names, titles, bodies typed by people or seeded."""
    values = set()
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if value and re.search(r"[\u4e00-\u9fff]", value):
                    value = re.sub(r"<[^>]+>", " ", value)  # rich text is stored as HTML
                    values.add(value)
                    values.update(v for v in re.split(r"[\s·,，、（）()]+", value) if v)
    return sorted(values, key=len, reverse=True)


def chinese_left(text_chunks: list[str], data: list[str]) -> list[str]:
    left = []
    for chunk in text_chunks:
        if not CJK_RUN.search(chunk):
            continue
        for value in data:
            if value in chunk:
                chunk = chunk.replace(value, "")
        chunk = chunk.replace("简体中文", "")
        left.extend(CJK_RUN.findall(chunk))
    return left


@pytest.fixture
def demo(settings):
    settings.RATE_LIMIT_ENABLED = False
    settings.OTP_REQUIRED_FOR_STAFF = False
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)


def pages(client):
    """(who, path, html) for the public pages, the live CMS pages and each role's desks, in both languages."""
    from wagtail.models import Page

    public = list(PUBLIC)
    for page in Page.objects.live().filter(depth__gt=2).specific()[:40]:
        url = page.get_url()
        if url and url not in public:
            public.append(url)
    for path in public:
        yield "anonymous", path
    for username, paths in DESKS.items():
        client.force_login(User.objects.get(username=username))
        for path in paths:
            yield username, path
        client.logout()


def render_all(client, language):
    client.cookies["django_language"] = language
    out = []
    for who, path in pages(client):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (who, path, response.status_code)
        out.append((who, path, response.content.decode()))
    return out


def test_chinese_pages_show_no_bilingual_label_and_english_pages_no_chinese(client, demo):
    bilingual = {}
    for who, path, html in render_all(client, "zh-hans"):
        assert '<html lang="zh-hans">' in html
        found = bilingual_labels(visible_text(html))
        if found:
            bilingual[f"{who} {path}"] = found
    assert bilingual == {}

    data = data_texts()
    chinese = {}
    with translation.override("en"):
        rendered = render_all(client, "en")
    for who, path, html in rendered:
        assert '<html lang="en">' in html
        if path.startswith("/search/"):
            continue  # hits quote the documents' own text, cut by the highlighting
        left = chinese_left(visible_text(html), data)
        if left:
            chinese[f"{who} {path}"] = sorted(set(left))
    assert chinese == {}


def test_the_checks_see_a_bilingual_label_and_chinese_left_in_english():
    chunks = visible_text(
        "<dl><dt>公示期 Notice period</dt><dd>暂无。None.</dd><dd>本站只使用必需的 Cookie。</dd>"
        "<dd>GB/T 19580 卓越绩效评价准则</dd><dd>青岛海岳电器股份有限公司</dd><dd>截止</dd></dl>"
    )
    assert bilingual_labels(chunks) == ["公示期 Notice period", "暂无。None."]
    assert chinese_left(chunks, ["青岛海岳电器股份有限公司"]) == [
        "公示期",
        "暂无。",
        "本站只使用必需的",
        "卓越绩效评价准则",
        "截止",
    ]
