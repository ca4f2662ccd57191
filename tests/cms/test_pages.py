import datetime as dt

import pytest
from django.utils import timezone

import cms.demo
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def _site_with_calls(count):
    editions = {f"call-{i}": EditionFactory() for i in range(count)}
    closed = EditionFactory(
        closes_at=timezone.now() - dt.timedelta(days=1), opens_at=timezone.now() - dt.timedelta(days=9)
    )
    return cms.demo.seed(editions={**editions, "closed-call": closed})


def test_home_page_lists_open_calls_in_chinese(client):
    _site_with_calls(2)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "正在征集" in html
    assert html.count('class="card call-card"') == 2
    assert "closed-call" not in html


@pytest.mark.parametrize("rows", [1, 5])
def test_home_page_query_count_does_not_grow_with_calls(client, django_assert_max_num_queries, rows):
    _site_with_calls(rows)
    client.get("/")  # warm the site/settings caches
    with django_assert_max_num_queries(5):  # the home page, restrictions, calls, notices (cms/routing.py)
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 5])
def test_calls_index_query_count_is_flat(client, django_assert_num_queries, rows):
    _site_with_calls(rows)
    client.get("/calls/")
    with django_assert_num_queries(QUERIES_FOR_CALLS_INDEX):
        response = client.get("/calls/")
    assert response.content.decode().count('class="card call-card"') == rows + 1  # open ones plus the closed one


# The page and its ancestors, the specific page, the site's view restrictions (cms/routing.py) and the
# list of calls; the site and its settings are remembered between requests (cms/memo.py).
QUERIES_FOR_CALLS_INDEX = 4


def test_call_page_shows_deadline_and_apply_button(client):
    _site_with_calls(1)
    html = client.get("/calls/call-0/").content.decode()
    assert "在线申报" in html and "申报时间" in html
