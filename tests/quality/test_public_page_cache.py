"""Anonymous page cache: fast for the crowd, never shares a CSRF token or a logged-in page."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

import cms.demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_visit_is_served_from_the_cache(client):
    cms.demo.seed()

    first, second = Client().get("/"), Client().get("/")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())


def test_each_cached_visitor_gets_a_working_csrf_token_of_their_own(client):
    cms.demo.seed()
    Client().get("/")  # fills the cache
    visitor = Client(enforce_csrf_checks=True)

    page = visitor.get("/")
    token = TOKEN.search(page.content.decode()).group(1)
    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})

    assert page["X-Page-Cache"] == "hit"
    assert "csrftoken" in page.cookies
    assert switched.status_code == 302


def test_cached_token_of_one_visitor_is_not_served_to_the_next(client):
    cms.demo.seed()
    first = Client().get("/")

    second = Client().get("/")

    assert TOKEN.search(first.content.decode()).group(1) != TOKEN.search(second.content.decode()).group(1)


def test_logged_in_pages_are_never_cached(client):
    cms.demo.seed()
    user = UserFactory(username="zhangsan")
    client.force_login(user)

    client.get("/")
    response = client.get("/")

    assert "X-Page-Cache" not in response
    assert Client().get("/")["X-Page-Cache"] == "miss"  # the logged-in render did not fill the cache


def test_pages_with_a_query_string_are_not_cached(client):
    cms.demo.seed()

    client.get("/calls/?page=2")
    response = client.get("/calls/?page=2")

    assert "X-Page-Cache" not in response


def test_unpublished_page_stops_being_served_once_the_entry_expires(client, settings):
    pages = cms.demo.seed()
    Client().get("/about/")
    about = pages["home"].get_children().get(slug="about").specific
    about.unpublish()
    cache.clear()  # what the 30-second TTL does in production

    assert Client().get("/about/").status_code == 404
