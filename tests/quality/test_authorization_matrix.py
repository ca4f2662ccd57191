"""Authorization matrix: every URL pattern of the project × every kind of user.

`test_every_url_pattern_has_a_row` walks the URL resolver; a new URL without a row in MATRIX
fails it, so nobody adds a page without deciding who may see it. `test_matrix` then requests a
sample path of each row as each user kind and compares the outcome with the table.

The sample paths carry real ids from tests/quality/authorization_world.py (organisation A's
dossiers, panel, notice, objection, title and zone), so object-level permission is exercised:
B's applicant asking for A's dossier, the conflicted expert asking for their own assignment.
A pattern may have several rows (e.g. A's dossier under review and A's draft). POST-only URLs
are probed with a POST, after all GETs, in a world built afresh for each user kind. Rows with a
`secret` also check the page body, so lists and search prove they hold only what the user may see.

Third-party URLconfs (Wagtail admin, Django admin) are covered by prefix rows with a few sample
paths each: they enforce their own access rules, which we check from outside.

The vocabulary (user kinds, outcomes, Row) is in matrix_support.py; the expert-review, search and zone
rows are in matrix_review.py, matrix_search.py, matrix_zones.py and matrix_cities.py and are merged into MATRIX here.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from search.services import rebuild_index
from tests.quality import matrix_cities, matrix_review, matrix_search, matrix_zones
from tests.quality.authorization_world import build_world
from tests.quality.matrix_support import (
    APPLICANT_A_ONLY,
    DENIED,
    INVALID,
    LOGIN,
    NOT_ALLOWED,
    OK,
    REDIRECT,
    SHOWN,
    USER_KINDS,
    Row,
    access,
    everyone,
    name_of,
    path,
    signed_in,
    staff_only,
    url,
)

MATRIX: dict[str, Row | list[Row]] = {
    # --- accounts -----------------------------------------------------------------------
    "accounts/login/": Row(everyone(OK), [path("/accounts/login/")]),
    "accounts/logout/": Row(everyone(NOT_ALLOWED), [path("/accounts/logout/")]),
    "accounts/two-factor/": Row(signed_in(OK), [path("/accounts/two-factor/")]),
    "accounts/register/": Row(everyone(OK), [path("/accounts/register/")]),
    "accounts/verify/<str:token>/": Row(everyone(REDIRECT), [path("/accounts/verify/not-a-token/")]),
    "accounts/": Row(signed_in(OK), [path("/accounts/")]),
    # Single sign-on is off without OIDC_ISSUER (its flow is tested in tests/accounts/test_single_sign_on.py).
    "accounts/sso/login/": Row(everyone(DENIED), [path("/accounts/sso/login/")]),
    "accounts/sso/callback/": Row(everyone(DENIED), [path("/accounts/sso/callback/")]),
    # An organisation's profile: its members only; nobody else learns that the organisation exists.
    "accounts/organisation/": Row(access(applicant_a=OK, applicant_b=OK), [path("/accounts/organisation/")]),
    "accounts/organisation/<int:pk>/": Row(
        access(applicant_a=SHOWN), [url("/accounts/organisation/{}/", "org_a")], secret=name_of("org_a")
    ),
    # --- open-data API ------------------------------------------------------------------
    "api/v1/": Row(everyone(DENIED), [path("/api/v1/")]),
    "api/v1/openapi.json": Row(everyone(OK), [path("/api/v1/openapi.json")]),
    "api/v1/docs": Row(everyone(OK), [path("/api/v1/docs")]),
    "api/v1/calls": Row(everyone(OK), [path("/api/v1/calls")]),
    "api/v1/calls/<call_id>": Row(everyone(OK), [lambda w: f"/api/v1/calls/{w['call'].pk}"]),
    "api/v1/notices": Row(everyone(OK), [path("/api/v1/notices")]),
    "api/v1/notices/<notice_id>": Row(everyone(DENIED), [path("/api/v1/notices/999999")]),
    "api/v1/me/applications": Row(signed_in(OK), [path("/api/v1/me/applications")]),
    # A's draft zone case is in A's own list only; the public list and profile never show it.
    # (The API escapes Chinese in JSON, so the secrets are the zones' links.)
    "api/v1/me/zones": Row(
        signed_in(OK) | {"applicant_a": SHOWN},
        [path("/api/v1/me/zones")],
        secret=lambda w: f"/zones/mine/{w['draft_zone'].pk}/",
    ),
    "api/v1/zones": [
        Row(everyone(SHOWN), [path("/api/v1/zones")], secret=lambda w: f"/zones/{w['public_zone'].pk}/"),
        Row(everyone(OK), [path("/api/v1/zones")], secret=lambda w: f"/zones/{w['draft_zone'].pk}/"),
    ],
    "api/v1/zones/<zone_id>": [
        Row(everyone(OK), [url("/api/v1/zones/{}", "public_zone")]),
        Row(everyone(DENIED), [url("/api/v1/zones/{}", "draft_zone")]),
    ],
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
    "accessibility/": Row(everyone(OK), [path("/accessibility/")]),
    "sitemap/": Row(everyone(OK), [path("/sitemap/")]),
    "privacy/": Row(everyone(OK), [path("/privacy/")]),
    "favicon.ico": Row(everyone(REDIRECT), [path("/favicon.ico")]),
    # --- applicant portal, recommender queue, award staff screens --------------------------------
    "portal/": Row(access(OK, applicant_a=SHOWN), [path("/portal/")], secret=name_of("org_a")),
    "portal/apply/<int:edition_pk>/": Row(
        access(applicant_a=OK, applicant_b=OK), [url("/portal/apply/{}/", "edition")]
    ),
    "portal/applications/<int:pk>/": [
        Row(
            access(applicant_a=OK, recommender_x=OK, secretariat=OK),
            [url("/portal/applications/{}/", "application_a")],
        ),
        # A draft is the applicant's alone: neither the recommender nor the secretariat sees it yet.
        Row(APPLICANT_A_ONLY, [url("/portal/applications/{}/", "draft_a")]),
        Row(
            access(applicant_b=OK, recommender_y=OK, secretariat=OK), [url("/portal/applications/{}/", "application_b")]
        ),
    ],
    "portal/applications/<int:pk>/edit/": [
        Row(APPLICANT_A_ONLY, [url("/portal/applications/{}/edit/", "draft_a")]),
        # Under review nothing is editable: the applicant is sent to the read-only page.
        Row(access(applicant_a=REDIRECT), [url("/portal/applications/{}/edit/", "application_a")]),
    ],
    "portal/applications/<int:pk>/upload/": Row(
        access(applicant_a=REDIRECT), [url("/portal/applications/{}/upload/", "draft_a")], method="post"
    ),
    "portal/applications/<int:pk>/submit/": Row(
        access(applicant_a=REDIRECT), [url("/portal/applications/{}/submit/", "draft_a")], method="post"
    ),
    "portal/applications/<int:pk>/withdraw/": Row(
        access(applicant_a=REDIRECT),
        [url("/portal/applications/{}/withdraw/", "application_a")],
        method="post",
        data={"expected_state": "not-the-state"},  # the stale-state guard stops a real withdrawal
    ),
    "portal/applications/<int:pk>/documents/<int:doc_pk>/": Row(
        access(applicant_a=REDIRECT, recommender_x=REDIRECT, secretariat=REDIRECT),  # to a presigned S3 URL
        [url("/portal/applications/{}/documents/{}/", "application_a", "document_a")],
    ),
    "portal/applications/<int:pk>/preliminary-review/": Row(
        access(recommender_x=REDIRECT),
        [url("/portal/applications/{}/preliminary-review/", "application_a")],
        method="post",
    ),
    "portal/applications/<int:pk>/decision/": Row(
        access(recommender_x=REDIRECT), [url("/portal/applications/{}/decision/", "application_a")], method="post"
    ),
    "portal/applications/<int:pk>/action/": Row(
        access(secretariat=REDIRECT),
        [url("/portal/applications/{}/action/", "application_a")],
        method="post",
        data={"action": "eliminate", "expected_state": "not-the-state"},
    ),
    "portal/applications/<int:pk>/qualification/": Row(
        access(secretariat=OK), [url("/portal/applications/{}/qualification/", "application_a")]
    ),
    # B (Jinan, submitted) is in Y's queue and never in X's.
    "portal/recommender/": Row(
        access(recommender_x=OK, recommender_y=SHOWN), [path("/portal/recommender/")], secret=name_of("org_b")
    ),
    "portal/staff/": Row(access(secretariat=SHOWN), [path("/portal/staff/")], secret=name_of("org_b")),
    # Bulk actions: staff only; with nothing chosen the desk says so and nothing changes.
    "portal/staff/bulk/": Row(access(secretariat=REDIRECT), [path("/portal/staff/bulk/")], method="post"),
    # Credit screening is the secretariat's, on every program's desk (workflows/eligibility/views.py): a
    # check against the mocked registry (refused outside the program's screening states), then back to the case.
    "eligibility/<slug:program_key>/<int:pk>/credit-screening/": Row(
        access(secretariat=REDIRECT),
        [
            url("/eligibility/awards/{}/credit-screening/", "application_a"),
            url("/eligibility/zones/{}/credit-screening/", "applied_zone"),
            url("/eligibility/cities/{}/credit-screening/", "applied_city"),
        ],
        method="post",
    ),
    # An empty decision: the screening again with the form's errors.
    "eligibility/<slug:program_key>/<int:pk>/credit-screening/<int:check_id>/decision/": Row(
        access(secretariat=INVALID),
        [
            lambda w: f"/eligibility/awards/{w['application_a'].pk}/credit-screening/999999/decision/",
            lambda w: f"/eligibility/zones/{w['applied_zone'].pk}/credit-screening/999999/decision/",
        ],
        method="post",
    ),
    # --- public notices and objections -----------------------------------------------------------
    "objections/notice/<int:notice_id>/": Row(everyone(OK), [url("/objections/notice/{}/", "notice")]),
    # A published notice page's sealed PDF is public like the page; a page without one is not found
    # (its download is tested in tests/notices/test_sealed_notice_pdf.py).
    "objections/pages/<int:page_id>/sealed.pdf": Row(everyone(DENIED), [path("/objections/pages/999999/sealed.pdf")]),
    # The receipt number is the objector's key; the receipt never shows who objected.
    "objections/receipt/<str:receipt_no>/": Row(
        everyone(OK),
        [lambda w: f"/objections/receipt/{w['objection'].receipt_no}/"],
        secret=lambda w: w["objection"].objector_name,
    ),
    "objections/mine/": Row(access(OK, applicant_a=SHOWN), [path("/objections/mine/")], secret=name_of("org_a")),
    "objections/staff/": Row(access(secretariat=OK), [path("/objections/staff/")]),
    "objections/staff/open/<int:edition_id>/": Row(
        access(secretariat=OK), [url("/objections/staff/open/{}/", "edition")]
    ),
    "objections/staff/notice/<int:notice_id>/": Row(
        access(secretariat=SHOWN),
        [url("/objections/staff/notice/{}/", "notice")],
        secret=lambda w: w["objection"].receipt_no,
    ),
    "objections/staff/notice/<int:notice_id>/close/": Row(
        access(secretariat=REDIRECT), [url("/objections/staff/notice/{}/close/", "notice")], method="post"
    ),
    "objections/staff/candidate/<int:line_id>/approval/": Row(
        access(secretariat=REDIRECT), [url("/objections/staff/candidate/{}/approval/", "notice_line")], method="post"
    ),
    "objections/staff/objection/<int:objection_id>/": Row(
        access(secretariat=SHOWN),
        [url("/objections/staff/objection/{}/", "objection")],
        secret=lambda w: w["objection"].objector_name,
    ),
    "objections/staff/file/<int:file_id>/": Row(
        access(secretariat=REDIRECT), [url("/objections/staff/file/{}/", "objection_file")]
    ),
    # --- titles and certificates -----------------------------------------------------------------
    "titles/winners/": Row(everyone(SHOWN), [path("/titles/winners/")], secret=name_of("org_a")),
    "titles/verify/": Row(everyone(OK), [path("/titles/verify/")]),
    "audit/checkpoints/": Row(everyone(OK), [path("/audit/checkpoints/")]),
    # Saved desk filters: only who may open the desk saves one; only its owner deletes it.
    "desks/filters/": Row(
        staff_only(REDIRECT, others=DENIED),
        [path("/desks/filters/")],
        method="post",
        data={"desk": "awards", "name": "矩阵", "query": "state=submitted"},
    ),
    "desks/filters/<int:pk>/delete/": Row(
        staff_only(REDIRECT, others=DENIED), [url("/desks/filters/{}/delete/", "saved_filter")], method="post"
    ),
    "titles/verify/<str:serial_no>/": Row(
        everyone(SHOWN), [lambda w: f"/titles/verify/{w['certificate'].serial_no}/"], secret=name_of("org_a")
    ),
    "titles/api/verify/<str:serial_no>/": Row(
        everyone(SHOWN), [lambda w: f"/titles/api/verify/{w['certificate'].serial_no}/"], secret=name_of("org_a")
    ),
    "titles/certificates/<str:serial_no>/pdf/": Row(
        access(applicant_a=REDIRECT, secretariat=REDIRECT),
        [lambda w: f"/titles/certificates/{w['certificate'].serial_no}/pdf/"],
    ),
    "titles/staff/": Row(access(secretariat=SHOWN), [path("/titles/staff/")], secret=name_of("org_a")),
    "titles/staff/reviews/": Row(access(secretariat=OK), [path("/titles/staff/reviews/")]),
    "titles/staff/reviews/<int:review_id>/": Row(
        access(secretariat=REDIRECT),
        [lambda w: f"/titles/staff/reviews/{w['title'].periodic_reviews.first().pk}/"],
        method="post",
        data={"outcome": ""},
    ),
    "titles/staff/<int:title_id>/restore/": Row(
        access(secretariat=REDIRECT), [url("/titles/staff/{}/restore/", "title")], method="post"
    ),
    "titles/staff/revocations/": Row(access(secretariat=OK), [path("/titles/staff/revocations/")]),
    "titles/staff/<int:title_id>/revoke/": Row(access(secretariat=OK), [url("/titles/staff/{}/revoke/", "title")]),
    "titles/staff/recovery/<int:task_id>/complete/": Row(
        access(secretariat=DENIED),  # no revocation in the world, so no task: staff get the 404 too
        [path("/titles/staff/recovery/999999/complete/")],
        method="post",
    ),
}
for _area in (matrix_review, matrix_search, matrix_zones, matrix_cities):
    assert not set(_area.ROWS) & set(MATRIX), "a URL has rows in two places"
    MATRIX.update(_area.ROWS)

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


def url_patterns(patterns=None, prefix: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def rows_for(route: str) -> list[Row]:
    if route in MATRIX or route in DEBUG_ONLY:
        found = MATRIX.get(route) or DEBUG_ONLY[route]
        return found if isinstance(found, list) else [found]
    return [row for prefix, row in PREFIX_ROWS.items() if route.startswith(prefix)][:1]


def test_every_url_pattern_has_a_row():
    routes = list(url_patterns())

    missing = [r for r in routes if not rows_for(r)]

    assert len(routes) > len(MATRIX)
    assert missing == []


def test_matrix_has_no_rows_for_urls_that_no_longer_exist():
    routes = set(url_patterns())

    assert sorted(set(MATRIX) - routes) == []


@pytest.fixture
def world(db):
    """Organisations A and B, two regions, three experts, staff, and the public site (authorization_world)."""
    built = build_world()
    rebuild_index()  # each test has its own empty search clone; dossier metadata goes in as staff-only
    return built


def outcome_of(response, secret: str | None) -> str:
    status = response.status_code
    if status == 200:
        body = b"".join(response) if response.streaming else response.content
        return SHOWN if secret and secret.encode() in body else OK
    if status in (400, 422):
        return INVALID
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


@pytest.mark.parametrize("kind", USER_KINDS)
def test_matrix(world, kind):
    client = Client()
    if kind != "anonymous":
        client.force_login(world["users"][kind])
    routes = set(url_patterns())
    table = {**MATRIX, **PREFIX_ROWS, **{key: row for key, row in DEBUG_ONLY.items() if key in routes}}
    rows = [row for entry in table.values() for row in (entry if isinstance(entry, list) else [entry])]
    # POSTs may change the world, so they run after every GET.
    rows.sort(key=lambda row: row.method == "post")

    actual, expected = {}, {}
    for row in rows:
        secret = row.secret(world) if row.secret else None
        for sample in row.samples:
            target = sample(world)
            response = client.post(target, row.data) if row.method == "post" else client.get(target)
            key = f"{row.method.upper()} {target}" + (f" [{secret}]" if secret else "")
            actual[key] = outcome_of(response, secret)
            expected[key] = row.expected[kind]

    assert actual == expected
