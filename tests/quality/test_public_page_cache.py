"""Anonymous page cache: fast for the crowd, never shares a CSRF token or a logged-in page."""

import re
import threading
import time

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction

import cms.demo
from config.page_cache import forget_local_copies
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 30
    # These tests change the shared cache's entries; each process's own copies have their own test.
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 0
    cache.clear()
    forget_local_copies()
    yield
    cache.clear()
    forget_local_copies()


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


def test_unpublished_page_leaves_the_cache_at_once(client):
    pages = cms.demo.seed()
    assert Client().get("/about/")["X-Page-Cache"] == "miss"
    about = pages["home"].get_children().get(slug="about").specific

    about.unpublish()

    assert Client().get("/about/").status_code == 404


def test_a_copy_rendered_before_a_publish_is_not_served_after_it(client):
    """A slow render that began before a publish stores its copy after it: that copy is never served."""
    from config.page_cache import invalidate_public_pages

    cms.demo.seed()
    Client().get("/")
    key = _stale_entry()
    copy_from_before = cache.get(key)
    invalidate_public_pages()  # something was published while the copy was being rendered
    cache.set(key, (*copy_from_before[:2], time.time() + 30, copy_from_before[3]), 300)

    assert Client().get("/")["X-Page-Cache"] == "miss"


def test_a_new_view_restriction_leaves_the_cache_at_once(client):
    pages = cms.demo.seed()
    Client().get("/about/")
    about = pages["home"].get_children().get(slug="about")

    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = Client().get("/about/")

    assert response.status_code == 302
    assert "X-Page-Cache" not in response


@pytest.mark.parametrize(
    "shared_link", ["/?from=groupmessage&isappinstalled=0", "/?utm_source=weibo&utm_medium=share", "/?spm=a1.b2"]
)
def test_tracking_parameters_share_the_plain_pages_entry(client, shared_link):
    cms.demo.seed()
    first = Client().get("/")

    response = Client().get(shared_link)

    assert (first["X-Page-Cache"], response["X-Page-Cache"]) == ("miss", "hit")


def test_a_tracking_parameter_beside_a_real_one_bypasses_the_cache(client):
    cms.demo.seed()
    Client().get("/")

    response = Client().get("/?from=timeline&page=2")

    assert "X-Page-Cache" not in response


def _stale_entry(path: str = "/") -> str:
    """Make the cached copy of `path` stale (its fresh-until moment in the past); returns its key."""
    key = next(k for k in cache._cache if f":{path}" in k and not k.endswith(":lock")).split(":", 2)[2]
    content, content_type, _fresh_until, generation = cache.get(key)
    cache.set(key, (content, content_type, time.time() - 1, generation), 300)
    return key


def test_a_stale_entry_is_served_while_another_request_refreshes_it(client):
    cms.demo.seed()
    Client().get("/")
    key = _stale_entry()
    cache.add(f"{key}:lock", 1, 10)  # another request is rendering the page right now

    response = Client().get("/")

    assert response["X-Page-Cache"] == "stale"


def test_the_first_request_after_expiry_refreshes_the_entry(client):
    cms.demo.seed()
    Client().get("/")
    key = _stale_entry()

    refreshing, after = Client().get("/"), Client().get("/")

    assert (refreshing["X-Page-Cache"], after["X-Page-Cache"]) == ("miss", "hit")
    assert cache.get(f"{key}:lock") is None


def test_on_a_cold_key_others_wait_for_the_first_render_instead_of_rendering(client):
    cms.demo.seed()
    Client().get("/")
    key = next(k for k in cache._cache if k.endswith(":/")).split(":", 2)[2]
    entry = cache.get(key)
    cache.delete(key)
    cache.add(f"{key}:lock", 1, 10)  # the first visitor is rendering
    finisher = threading.Timer(0.2, lambda: (cache.set(key, entry, 300), cache.delete(f"{key}:lock")))
    finisher.start()

    response = Client().get("/")
    finisher.join()

    assert response["X-Page-Cache"] == "hit"


def test_a_cold_waiter_renders_itself_when_the_first_render_stores_nothing(client):
    cms.demo.seed()
    Client().get("/")
    key = next(k for k in cache._cache if k.endswith(":/")).split(":", 2)[2]
    cache.delete(key)
    cache.add(f"{key}:lock", 1, 10)
    threading.Timer(0.1, lambda: cache.delete(f"{key}:lock")).start()  # the first render ended in an error

    response = Client().get("/")

    assert (response.status_code, response["X-Page-Cache"]) == (200, "miss")


def _visitor_with_session(**data) -> Client:
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session.update(data)
    session.save()
    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return visitor


def test_an_anonymous_visitor_with_a_session_cookie_is_served_from_the_cache(client):
    from django.conf import settings

    cms.demo.seed()
    Client().get("/")  # fills the cache
    expired = Client()
    expired.cookies[settings.SESSION_COOKIE_NAME] = "a-session-that-has-expired"
    half_way = _visitor_with_session(**{"cities-survey": {"city": 1}})  # a page the public pages never read

    assert expired.get("/")["X-Page-Cache"] == "hit"
    assert half_way.get("/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "session", [{"_messages": '[["__json_message",0,20,"已保存"]]'}, {"passed_page_view_restrictions": [1]}]
)
def test_what_a_page_reads_from_the_session_bypasses_the_cache(client, session):
    cms.demo.seed()
    Client().get("/")

    response = _visitor_with_session(**session).get("/")

    assert "X-Page-Cache" not in response


def test_a_logged_in_visitor_is_not_served_the_anonymous_copy(client):
    cms.demo.seed()
    Client().get("/")  # an anonymous copy is cached
    client.force_login(UserFactory(username="lisi"))

    response = client.get("/")

    assert "X-Page-Cache" not in response
    assert "lisi" in response.content.decode() or "退出" in response.content.decode()


@pytest.mark.parametrize("shared_link", ["/?nsukey=Qm9vaw%3D%3D&from=singlemessage", "/?wxshare_count=2&scene=1"])
def test_wechat_link_parameters_share_the_plain_pages_entry(client, shared_link):
    cms.demo.seed()
    Client().get("/")

    assert Client().get(shared_link)["X-Page-Cache"] == "hit"


def test_two_concurrent_misses_render_the_page_once(monkeypatch):
    """The second request on a cold key waits for the first one's render instead of rendering too."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.test import RequestFactory

    from config import page_cache

    renders, rendering, second_waits = [], threading.Event(), threading.Event()
    release = threading.Event()

    def render(request):
        renders.append(request)
        rendering.set()
        release.wait(5)
        return HttpResponse("<p>首页</p>", content_type="text/html; charset=utf-8")

    real_sleep = time.sleep

    def sleep(seconds):  # the waiting request polls: tell the test it is waiting, then let it poll
        second_waits.set()
        real_sleep(seconds)

    monkeypatch.setattr(page_cache.time, "sleep", sleep)
    monkeypatch.setattr(page_cache.settings, "PUBLIC_PAGE_CACHE_SECONDS", 30)
    middleware = page_cache.PublicPageCacheMiddleware(render)
    responses = {}

    def visit(name):
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        short_circuit = middleware.process_view(request, page_cache.page_serve, (), {"path": ""})
        responses[name] = short_circuit if short_circuit is not None else middleware.store(request, render(request))

    first = threading.Thread(target=visit, args=("first",))
    first.start()
    assert rendering.wait(5)
    second = threading.Thread(target=visit, args=("second",))
    second.start()
    assert second_waits.wait(5)
    release.set()
    first.join(10)
    second.join(10)

    assert len(renders) == 1
    assert (responses["first"]["X-Page-Cache"], responses["second"]["X-Page-Cache"]) == ("miss", "hit")


def test_a_process_serves_its_fresh_copy_for_a_second_without_asking_the_shared_cache(settings):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 1
    from config.page_cache import invalidate_public_pages

    cms.demo.seed()
    Client().get("/")
    shared_key = next(k for k in cache._cache if k.endswith(":/")).split(":", 2)[2]
    cache.delete(shared_key)  # the shared copy is gone (evicted, or Redis restarted)
    served_locally = Client().get("/")
    invalidate_public_pages()  # a publish: this process drops its copies at once
    after_publish = Client().get("/")

    assert served_locally["X-Page-Cache"] == "hit"
    assert TOKEN.search(served_locally.content.decode())  # the visitor's own token, as from the shared cache
    assert after_publish["X-Page-Cache"] == "miss"


def test_a_render_that_began_before_this_process_published_keeps_no_local_copy(settings, monkeypatch):
    """The process that publishes drops its copies at once, including one a slow render stores afterwards."""
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 1
    from cms.models import HomePage
    from config import page_cache

    cms.demo.seed()
    real_serve = HomePage.serve

    def serve_while_a_page_is_published(self, request, *args, **kwargs):
        response = real_serve(self, request, *args, **kwargs)
        page_cache.invalidate_public_pages()  # a publish lands while this render is under way
        return response

    monkeypatch.setattr(HomePage, "serve", serve_while_a_page_is_published)
    first = Client().get("/")
    monkeypatch.setattr(HomePage, "serve", real_serve)
    after = Client().get("/")

    assert (first["X-Page-Cache"], after["X-Page-Cache"]) == ("miss", "miss")
