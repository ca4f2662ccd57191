"""Issue 13: every public page and each role's main desks are usable on a 390 px phone without sideways scrolling.

The demo data `make run` serves, each page opened in Chromium at 390 × 844 as the role that uses it. A page
fails when the document is wider than the screen (a wide table must scroll inside its own box instead).
Screenshots land in test-artifacts/phone/ for a person to look at.
"""

from __future__ import annotations

import pytest
from wagtail.models import Page

from accounts.models import User
from awards.models import AwardApplication
from tests.browser_login import login_as
from workflows.notices.models import PublicNotice

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
PUBLIC = [
    "/", "/calls/", "/notices/", "/zones/", "/cities/", "/titles/winners/", "/titles/verify/", "/search/?q=质量",
    "/accessibility/", "/sitemap/", "/privacy/", "/accounts/login/", "/accounts/register/",
]  # fmt: skip
DESKS = {
    "staff": [
        "/portal/staff/", "/zones/staff/", "/cities/staff/", "/objections/staff/", "/titles/staff/",
        "/titles/staff/reviews/", "/titles/staff/revocations/", "/review/staff/", "/review/staff/pool/", "/accounts/",
    ],
    "rec_qd": ["/portal/recommender/"],
    "rec_sd": ["/zones/recommender/", "/cities/province/"],
    "committee": ["/review/staff/"],
    "expert1": ["/review/", "/review/profile/"],
    "ent_haiyue": ["/portal/", "/accounts/", "/accounts/organisation/", "/objections/mine/"],
    "zone_xihaian": ["/zones/mine/"],
}  # fmt: skip

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def live_pages() -> list[str]:
    """The published CMS pages (calls, notices, winners' pages) and a case page of each kind."""
    found = []
    for page in Page.objects.live().filter(depth__gt=2).specific()[:30]:
        url = page.get_url()
        if url and url not in PUBLIC and url not in found:
            found.append(url)
    notice = PublicNotice.objects.order_by("pk").first()
    if notice:
        found.append(f"/objections/notice/{notice.pk}/")
    return found


def desk_paths() -> dict[str, list[str]]:
    """DESKS plus the staff case page of the first submitted application (its id comes from the demo)."""
    application = AwardApplication.objects.exclude(state="draft").order_by("pk").first()
    return {**DESKS, "staff": [*DESKS["staff"], f"/portal/applications/{application.pk}/"]}


def test_public_pages_and_desks_fit_a_phone(demo, live_server, page, artifacts_dir):
    folder = artifacts_dir / "phone"
    folder.mkdir(exist_ok=True)
    page.set_viewport_size(PHONE)
    wide: dict[str, int] = {}

    def visit(who: str, path: str) -> None:
        response = page.goto(live_server.url + path)
        assert response.status == 200, (who, path, response.status)
        extra = page.evaluate(OVERFLOW)
        if extra > 0:
            wide[f"{who} {path}"] = extra
        name = f"{who}{path}".strip("/").replace("/", "_").replace("?", "_").replace("=", "_") or who
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    for path in PUBLIC + live_pages():
        visit("anonymous", path)
    for username, paths in desk_paths().items():
        login_as(page, live_server, User.objects.get(username=username))
        for path in paths:
            visit(username, path)

    assert wide == {}  # page -> how many pixels wider than the screen
