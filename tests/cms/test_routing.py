"""The page view's shortcut (cms/routing.py) finds the page Wagtail's tree walk finds, and refuses what it refuses."""

import pytest
from django.test import Client, RequestFactory
from wagtail.models import Page, PageViewRestriction

import cms.demo
from cms.models import CallPage
from cms.routing import _route, public_pages
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def _wagtail_route(path):
    request = RequestFactory().get(path)
    return Page.route_for_request(request, path)


def _our_route(path):
    return _route(RequestFactory().get(path), path)


def test_every_live_page_is_found_as_wagtail_finds_it():
    cms.demo.seed(editions={"call-a": EditionFactory(), "call-b": EditionFactory()})
    paths = [page.url for page in Page.objects.live().filter(depth__gte=2)]
    assert "/calls/call-a/" in paths and len(paths) >= 6

    for path in paths:
        ours, wagtails = _our_route(path), _wagtail_route(path)
        assert type(ours.page) is type(wagtails.page), path
        assert (ours.page.pk, ours.args, ours.kwargs) == (wagtails.page.pk, wagtails.args, wagtails.kwargs), path


def test_a_missing_or_unpublished_page_is_not_found():
    pages = cms.demo.seed()
    about = pages["home"].get_children().get(slug="about")
    about.unpublish()

    assert _our_route("/about/") is None
    assert _our_route("/calls/no-such-call/") in (None, NotImplemented)
    assert Client().get("/about/").status_code == 404
    assert Client().get("/calls/no-such-call/").status_code == 404


def test_a_page_under_a_login_restriction_is_refused_and_left_off_the_lists():
    pages = cms.demo.seed(editions={"call-a": EditionFactory()})
    call = CallPage.objects.live().first()
    PageViewRestriction.objects.create(page=pages["home"].get_children().get(slug="calls"), restriction_type="login")

    response = Client().get(call.url)
    home = Client().get("/")

    assert response.status_code == 302 and "/login" in response["Location"]
    assert call.url not in home.content.decode()
    request = RequestFactory().get("/")
    _route(request, "/")
    assert list(public_pages(CallPage.objects.live(), request)) == list(CallPage.objects.live().public())


def test_a_password_restriction_shows_wagtails_password_form():
    pages = cms.demo.seed()
    about = pages["home"].get_children().get(slug="about")
    PageViewRestriction.objects.create(page=about, restriction_type="password", password="s3cret")

    response = Client().get("/about/")

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
