"""One staff navigation on every staff page (issue 18, problem 9: desks reachable only from the home tiles).

Every URL pattern whose route has a `staff/` part belongs to a desk (workflows.staff_desks.desk_of_page),
and every such page the secretariat (and the committee) can open shows the navigation with its desk
marked as the current one. The sample paths are the authorization matrix's, with real ids.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from search.services import rebuild_index
from tests.quality.authorization_world import build_world
from tests.quality.test_authorization_matrix import MATRIX
from workflows.staff_desks import desk_of_page


def _view_names(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _view_names(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), namespace + pattern.name


def test_every_staff_route_belongs_to_a_desk():
    staff_routes = {
        route: name
        for route, name in _view_names()
        if "/staff/" in f"/{route}" and not route.startswith(("admin", "django-admin"))
    }

    assert staff_routes  # the walk found the desks' pages
    assert {route: name for route, name in staff_routes.items() if desk_of_page(name) is None} == {}


def test_a_page_outside_the_desks_has_no_desk():
    assert [desk_of_page(name) for name in ("review:queue", "awards:dashboard", "notices:file_objection")] == [
        None,
        None,
        None,
    ]


@pytest.fixture
def world(db):
    built = build_world()
    rebuild_index()
    return built


def _staff_samples(world, kind):
    rows = [row for entry in MATRIX.values() for row in (entry if isinstance(entry, list) else [entry])]
    for row in rows:
        if row.method != "get" or row.expected.get(kind) not in ("ok", "shown"):
            continue
        for sample in row.samples:
            target = sample(world)
            name = resolve(target.split("?")[0].split("#")[0]).view_name
            desk = desk_of_page(name)
            if desk is not None:
                yield target, desk


@pytest.mark.parametrize("kind", ["secretariat", "committee"])
def test_every_staff_page_shows_the_navigation_with_its_desk_current(world, kind):
    client = Client()
    client.force_login(world["users"][kind])

    shown, missing = {}, {}
    for target, _desk in _staff_samples(world, kind):
        response = client.get(target)
        if response.status_code != 200 or response.get("Content-Type", "").split(";")[0] != "text/html":
            continue  # exports and PDFs are files, not pages
        html = response.content.decode()
        current = re.search(r'data-desk="([a-z]+)" aria-current="page"', html)
        if 'id="staff-nav"' not in html:
            missing[target] = "no navigation"
        else:
            shown[target] = current.group(1) if current else ""

    assert missing == {}
    assert len(shown) >= (20 if kind == "secretariat" else 2)
    # The committee sees only the review desk; its pages mark it current. Staff pages mark their own desk.
    expected = {
        target: desk
        for target, desk in _staff_samples(world, kind)
        if target in shown and not (kind == "committee" and desk != "review")
    }
    assert {target: desk for target, desk in shown.items() if target in expected} == expected
