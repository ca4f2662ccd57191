"""Search page, staff dossier search, autocomplete and JSON endpoints."""

import json
import re
import socket

import pytest
from django.db import connection
from django.urls import reverse

from brands.models import State as ZoneState
from cms.models import NoticePage
from search.models import SearchEntry
from search.services import index_later
from tests.brands.factories import zone_in_state
from tests.factories import UserFactory

from .factories import applicant_of, build_site, secretariat

pytestmark = pytest.mark.django_db

SEARCH_PAGE_QUERIES = 4  # anonymous: site + settings, one statement for the facets and the page ids, the page rows


def search_page_queries() -> int:
    """PostgreSQL adds its planner's estimates for 质量奖: matches, titles (search/backends.py, `_estimates`)."""
    return SEARCH_PAGE_QUERIES + (2 if connection.vendor == "postgresql" else 0)


@pytest.fixture
def site(backend, indexed):
    with indexed():
        return build_site()


def test_search_page_shows_highlighted_hits_and_facet_checkboxes(client, site):
    response = client.get(reverse("search:search"), {"q": "质量奖"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="search-hit"') == 3
    assert "<em>质量奖</em>" in html
    assert 'type="checkbox" name="year" value="2025"' in html
    assert "共 <strong>3</strong> 条结果" in html


def test_search_page_filters_by_checked_facet(client, site):
    response = client.get(reverse("search:search"), {"q": "质量奖", "type": "notice"})

    html = response.content.decode()
    assert html.count('class="search-hit"') == 1
    assert 'name="type" value="notice" checked' in html


def test_facet_labels_follow_the_page_language_while_filter_values_stay_indexed_names(client, site):
    chinese = client.get(reverse("search:search"), {"q": "质量奖"}).content.decode()
    english = client.get(reverse("search:search"), {"q": "质量奖", "lang": "en"}).content.decode()
    filtered = client.get(
        reverse("search:search"), {"q": "质量奖", "province": "山东省", "lang": "en"}
    ).content.decode()

    assert re.search(r'name="province" value="山东省"\s*>\s*山东省\s*<', chinese)
    assert re.search(r'name="province" value="山东省"\s*>\s*Shandong\s*<', english)
    assert "山东省" not in english.replace('value="山东省"', "")
    assert 'name="province" value="山东省" checked' in filtered


def test_search_page_paginates_keeping_the_query_and_filters(client, site, indexed):
    with indexed():
        for n in range(11):
            site["notices_index"].add_child(instance=NoticePage(title=f"第{n}号质量奖通知", slug=f"n{n}"))

    first = client.get(reverse("search:search"), {"q": "质量奖", "type": "notice"}).content.decode()
    second = client.get(reverse("search:search"), {"q": "质量奖", "type": "notice", "page": "2"}).content.decode()

    assert first.count('class="search-hit"') == 10
    assert second.count('class="search-hit"') == 2
    assert "?q=%E8%B4%A8%E9%87%8F%E5%A5%96&amp;type=notice&amp;page=2" in first


def test_search_page_never_shows_dossiers_to_an_applicant(client, site):
    client.force_login(applicant_of(site["organizations"]["secret"]))

    html = client.get(reverse("search:search"), {"q": "青岛"}).content.decode()

    assert "朗港" not in html
    assert '<span class="badge">申报材料</span>' not in html and 'value="application"' not in html


def test_json_endpoint_returns_hits_facets_and_total_for_the_public(client, site):
    response = client.get(reverse("search:api"), {"q": "海岳"})

    data = response.json()
    assert response.status_code == 200
    assert data["total"] == 1
    assert [hit["type"] for hit in data["hits"]] == ["notice"]
    assert "<em>海岳</em>" in data["hits"][0]["snippet_html"]
    assert data["facets"]["type"] == [{"value": "notice", "label": "公示公告", "count": 1, "selected": False}]


def test_json_endpoint_gives_staff_their_dossiers(client, site):
    client.force_login(secretariat())

    data = client.get(reverse("search:api"), {"q": "海岳", "type": "application"}).json()

    assert [hit["title"] for hit in data["hits"]] == ["青岛海岳电子科技有限公司"]


def test_autocomplete_endpoint_returns_titles(client, site):
    data = client.get(reverse("search:autocomplete"), {"q": "命名公告"}).json()

    assert data == {
        "suggestions": [{"title": "全国质量品牌提升示范区命名公告", "url": "/notices/zones-2026/", "type": "notice"}]
    }


def test_autocomplete_with_empty_prefix_returns_nothing(client, site):
    assert client.get(reverse("search:autocomplete"), {"q": "  "}).json() == {"suggestions": []}


def test_dossier_search_sends_anonymous_visitors_to_login(client, site):
    response = client.get(reverse("search:dossiers"), {"q": "北洋"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "make_user", [lambda site: UserFactory(), lambda site: applicant_of(site["organizations"]["beiyang"])]
)
def test_dossier_search_is_forbidden_to_non_staff(client, site, make_user):
    client.force_login(make_user(site))

    response = client.get(reverse("search:dossiers"), {"q": "北洋"})

    assert response.status_code == 403
    assert "北洋软件" not in response.content.decode()


def test_dossier_search_lists_only_dossiers_for_secretariat(client, site):
    client.force_login(secretariat())

    html = client.get(reverse("search:dossiers"), {"q": "海岳"}).content.decode()

    assert html.count('class="search-hit"') == 1
    assert "青岛<em>海岳</em>电子科技有限公司" in html
    assert "拟授奖名单公示" not in html  # the public notice naming 海岳 is not a dossier
    assert 'name="state"' in html


def test_dossier_hits_link_to_the_staff_case_page_which_opens_for_staff(client, site):
    client.force_login(secretariat())
    application = site["applications"][1]  # 北洋软件, in material review

    html = client.get(reverse("search:dossiers"), {"q": "北洋软件"}).content.decode()
    detail_url = reverse("awards:detail", args=[application.pk])
    page = client.get(detail_url)

    assert f'<a href="{detail_url}">' in html
    assert page.status_code == 200
    assert "济南北洋软件有限公司" in page.content.decode()


def test_dossier_search_finds_zone_applications_linked_to_the_zone_staff_page(client, backend, indexed):
    with indexed():
        applied = zone_in_state(ZoneState.APPLIED, name="烟台芝罘质量品牌提升示范区")
        draft = zone_in_state(ZoneState.DRAFT, name="烟台草稿质量品牌提升示范区")
        index_later(applied)  # arranged with queryset.update(), which sends no signal
        index_later(draft)
    client.force_login(secretariat())

    html = client.get(reverse("search:dossiers"), {"q": "烟台"}).content.decode()
    staff_url = reverse("brands:staff_zone", args=[applied.pk])
    page = client.get(staff_url)
    client.logout()
    public = client.get(reverse("search:search"), {"q": "烟台"}).content.decode()

    assert html.count('class="search-hit"') == 1
    assert f'<a href="{staff_url}">' in html and "已申请" in html
    assert page.status_code == 200 and "烟台芝罘质量品牌提升示范区" in page.content.decode()
    assert "芝罘" not in public  # anonymous: neither the dossier nor (not yet approved) a public zone


def test_dossier_links_are_not_shown_to_the_public_even_for_approved_zones(client, backend, indexed):
    with indexed():
        zone = zone_in_state(ZoneState.UNDER_CREATION, name="青岛西海岸质量品牌提升示范区")
        index_later(zone)

    data = client.get(reverse("search:api"), {"q": "西海岸"}).json()

    assert [(hit["type"], hit["url"]) for hit in data["hits"]] == [("zone", f"/zones/{zone.pk}/")]


@pytest.fixture
def search_down(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        settings.SEARCH_URL = f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_search_page_explains_an_outage_instead_of_failing(client, search_down):
    response = client.get(reverse("search:search"), {"q": "质量奖"})

    assert response.status_code == 503
    assert "搜索服务暂时不可用" in response.content.decode()


def test_json_endpoint_reports_an_outage_as_503(client, search_down):
    response = client.get(reverse("search:api"), {"q": "质量奖"})

    assert response.status_code == 503
    assert json.loads(response.content)["error"].startswith("搜索服务暂时不可用")


def _entries(count):
    SearchEntry.objects.bulk_create(
        SearchEntry(
            doc_id=f"notice-{n}",
            doc_type="notice",
            visibility="public",
            title=f"第{n}批质量奖公示",
            body="拟授奖名单",
            year=2020 + n,
            province="山东省",
            program="青岛市市长质量奖",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("rows", [1, 6])
def test_search_page_query_count_is_flat_on_database_backend(client, settings, django_assert_num_queries, rows):
    settings.SEARCH_URL = ""
    _entries(rows)
    client.get(reverse("search:search"), {"q": "质量奖"})  # warm the site and settings caches

    with django_assert_num_queries(search_page_queries()):
        response = client.get(reverse("search:search"), {"q": "质量奖"})

    assert response.content.decode().count('class="search-hit"') == rows


def test_a_total_beyond_the_cap_is_shown_as_at_least_the_cap_with_the_facets_so_labelled(client, settings):
    settings.SEARCH_URL = ""
    settings.SEARCH_TRACK_TOTAL_HITS = 11  # a cap is never below the page's end (10 a page here)
    _entries(12)

    page = client.get(reverse("search:search"), {"q": "质量奖"}).content.decode()
    data = client.get(reverse("search:api"), {"q": "质量奖"}).json()

    total = re.search(r'<p class="muted result-total"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "<strong>11+</strong>" in total and "前 11 条" in total
    assert "筛选项的数字按前 11 条结果统计" in page
    assert (data["total"], data["total_relation"]) == (11, "gte")
    years = {bucket["value"]: bucket["count"] for bucket in data["facets"]["year"]}
    assert years == {str(year): 1 for year in range(2021, 2032)}  # the first eleven results, newest entry first
    assert [hit["year"] for hit in data["hits"]] == list(range(2031, 2021, -1))


def test_a_total_within_the_cap_is_exact_and_not_labelled(client, settings):
    settings.SEARCH_URL = ""
    settings.SEARCH_TRACK_TOTAL_HITS = 6
    _entries(6)

    page = client.get(reverse("search:search"), {"q": "质量奖"}).content.decode()
    data = client.get(reverse("search:api"), {"q": "质量奖"}).json()

    assert "共 <strong>6</strong> 条结果" in page and "筛选项的数字" not in page and "+</strong>" not in page
    assert (data["total"], data["total_relation"]) == (6, "eq")
