"""Authorization matrix: every URL pattern of the project × every kind of user.

`test_every_url_pattern_has_a_row` walks the URL resolver; a new URL without a row in MATRIX
fails it, so nobody adds a page without deciding who may see it. `test_matrix` then requests a
sample path of each row as each user kind and compares the outcome with the table.

Third-party URLconfs (Wagtail admin, Django admin) are covered by prefix rows with a few sample
paths each: they enforce their own access rules, which we check from outside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

import cms.demo
from accounts.roles import Role
from cms.models import CallPage
from tests.factories import AwardApplicationFactory, EditionFactory, OrganizationFactory, UserFactory, applicant_for

USER_KINDS = [
    "anonymous",
    "applicant_a",
    "applicant_b",
    "recommender_x",
    "recommender_y",
    "expert_assigned",
    "expert_unassigned",
    "expert_conflict",
    "secretariat",
]
SIGNED_IN = USER_KINDS[1:]
STAFF = {"secretariat"}

# Outcomes: what a user gets for a GET of the sample path.
OK = "ok"  # 200
LOGIN = "login"  # redirected to a login page / 401 from the API
DENIED = "denied"  # 403 or 404 (404 where existence itself must not leak)
REDIRECT = "redirect"  # redirected somewhere other than a login page
NOT_ALLOWED = "method"  # 405: the URL only accepts POST


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(USER_KINDS, outcome)


def signed_in(outcome: str, anonymous: str = LOGIN) -> dict[str, str]:
    return {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, outcome)}


def staff_only(outcome: str = OK, others: str = REDIRECT, anonymous: str = LOGIN) -> dict[str, str]:
    return {kind: outcome if kind in STAFF else others for kind in SIGNED_IN} | {"anonymous": anonymous}


@dataclass
class Row:
    """Expected outcomes per user kind for one URL pattern (or a prefix of third-party patterns)."""

    expected: dict[str, str]
    samples: list[Callable[[dict], str]] = field(default_factory=list)


def path(text: str) -> Callable[[dict], str]:
    return lambda world: text


MATRIX: dict[str, Row] = {
    # --- accounts -----------------------------------------------------------------------
    "accounts/login/": Row(everyone(OK), [path("/accounts/login/")]),
    "accounts/logout/": Row(everyone(NOT_ALLOWED), [path("/accounts/logout/")]),
    "accounts/two-factor/": Row(signed_in(OK), [path("/accounts/two-factor/")]),
    "accounts/register/": Row(everyone(OK), [path("/accounts/register/")]),
    "accounts/verify/<str:token>/": Row(everyone(REDIRECT), [path("/accounts/verify/not-a-token/")]),
    "accounts/": Row(signed_in(OK), [path("/accounts/")]),
    # --- open-data API ------------------------------------------------------------------
    "api/v1/": Row(everyone(DENIED), [path("/api/v1/")]),
    "api/v1/openapi.json": Row(everyone(OK), [path("/api/v1/openapi.json")]),
    "api/v1/docs": Row(everyone(OK), [path("/api/v1/docs")]),
    "api/v1/calls": Row(everyone(OK), [path("/api/v1/calls")]),
    "api/v1/calls/<call_id>": Row(everyone(OK), [lambda w: f"/api/v1/calls/{w['call'].pk}"]),
    "api/v1/notices": Row(everyone(OK), [path("/api/v1/notices")]),
    "api/v1/notices/<notice_id>": Row(everyone(DENIED), [path("/api/v1/notices/999999")]),
    "api/v1/me/applications": Row(signed_in(OK), [path("/api/v1/me/applications")]),
    "api/v1/winners": Row(everyone(OK), [path("/api/v1/winners")]),
    "api/v1/certificates/<serial_no>": Row(everyone(OK), [path("/api/v1/certificates/UNKNOWN-1")]),
    # --- public site (Wagtail pages and helpers) ------------------------------------------
    r"^((?:[\w\-]+/)*)$": Row(everyone(OK), [path("/"), path("/calls/"), lambda w: w["call"].url, path("/notices/")]),
    "_util/login/": Row(everyone(OK), [path("/_util/login/")]),
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": Row(
        everyone(DENIED), [path("/_util/authenticate_with_password/999999/999999/")]
    ),
    r"documents/^(\d+)/(.*)$": Row(everyone(DENIED), [path("/documents/999999/missing.pdf")]),
    "documents/authenticate_with_password/<int:restriction_id>/": Row(
        everyone(DENIED), [path("/documents/authenticate_with_password/999999/")]
    ),
    "i18n/setlang/": Row(everyone(REDIRECT), [path("/i18n/setlang/")]),
}

# Mounted only with DEBUG (make run): the CMS's public images.
DEBUG_ONLY: dict[str, Row] = {
    r"^media/images/(?P<path>.*)$": Row(everyone(DENIED), [path("/media/images/missing.png")]),
    r"^media/original_images/(?P<path>.*)$": Row(everyone(DENIED), [path("/media/original_images/missing.png")]),
}

# Third-party URLconfs, by prefix: Wagtail's admin and Django's admin.
PREFIX_ROWS: dict[str, Row] = {
    "admin/": Row(
        staff_only(OK, others=LOGIN),  # Wagtail sends non-editors back to its login page
        [path("/admin/"), path("/admin/pages/"), path("/admin/snippets/accounts/organization/")],
    ),
    "django-admin/": Row(staff_only(OK, others=LOGIN), [path("/django-admin/")]),
}

# Features still landing in parallel; item 2 of issue 8 fills their rows and empties this tuple.
PENDING_PREFIXES: tuple[str, ...] = ("portal/", "review/", "objections/", "titles/", "zones/", "search/")


def url_patterns(patterns=None, prefix: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def row_for(route: str) -> Row | None:
    if route in MATRIX or route in DEBUG_ONLY:
        return MATRIX.get(route) or DEBUG_ONLY[route]
    return next((row for prefix, row in PREFIX_ROWS.items() if route.startswith(prefix)), None)


def test_every_url_pattern_has_a_row():
    routes = list(url_patterns())

    missing = [r for r in routes if row_for(r) is None and not r.startswith(PENDING_PREFIXES)]

    assert len(routes) > len(MATRIX)
    assert missing == []


def test_matrix_has_no_rows_for_urls_that_no_longer_exist():
    routes = set(url_patterns())

    assert sorted(set(MATRIX) - routes) == []


def outcome_of(response) -> str:
    status = response.status_code
    if status == 200:
        return OK
    if status == 401:
        return LOGIN
    if status in (403, 404):
        return DENIED
    if status == 405:
        return NOT_ALLOWED
    if status in (301, 302):
        location = response["Location"]
        return LOGIN if "/login/" in location else REDIRECT
    return f"unexpected {status}"


@pytest.fixture
def world(db):
    """Two organisations with applications, two regions, experts, staff, and the public site."""
    org_a = OrganizationFactory(region_code="370212")  # Qingdao
    org_b = OrganizationFactory(region_code="370102")  # Jinan
    edition = EditionFactory()
    pages = cms.demo.seed(editions={"matrix-call": edition})
    users = {
        "applicant_a": applicant_for(org_a),
        "applicant_b": applicant_for(org_b),
        "recommender_x": UserFactory(roles=[(Role.RECOMMENDER, "370200")]),
        "recommender_y": UserFactory(roles=[(Role.RECOMMENDER, "370100")]),
        # Assignments and conflicts come with the review app; today experts differ only by name.
        "expert_assigned": UserFactory(roles=[Role.EXPERT]),
        "expert_unassigned": UserFactory(roles=[Role.EXPERT]),
        "expert_conflict": UserFactory(roles=[Role.EXPERT]),
        "secretariat": UserFactory(roles=[Role.SECRETARIAT]),
    }
    AwardApplicationFactory(organization=org_a, edition=edition, created_by=users["applicant_a"])
    AwardApplicationFactory(organization=org_b, edition=edition, created_by=users["applicant_b"])
    return {"users": users, "call": CallPage.objects.get(slug="matrix-call"), **pages}


@pytest.mark.parametrize("kind", USER_KINDS)
def test_matrix(world, kind):
    client = Client()
    if kind != "anonymous":
        client.force_login(world["users"][kind])
    routes = set(url_patterns())
    rows = {**MATRIX, **PREFIX_ROWS, **{key: row for key, row in DEBUG_ONLY.items() if key in routes}}

    actual, expected = {}, {}
    for row in rows.values():
        for sample in row.samples:
            url = sample(world)
            actual[url] = outcome_of(client.get(url))
            expected[url] = row.expected[kind]

    assert actual == expected
