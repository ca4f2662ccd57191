"""Chromium, from the demo: the applicant's status page says what happens next, who acts, by when and
what the applicant must do, and follows the application as the recommender returns it for correction
(issue 18, "What happens next")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from awards.models import AwardApplication
from tests.journeys.conftest import shoot
from tests.journeys.test_applicant_browser import _log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-2026"


def _long(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _open_own_application(page, url: str) -> None:
    page.goto(url + "/portal/")
    with page.expect_navigation():
        page.locator("#my-applications a[href^='/portal/applications/']").first.click()


def test_the_status_page_says_what_happens_next_through_a_return_for_correction(demo, live_server, page, artifacts_dir):
    url = live_server.url
    draft = AwardApplication.objects.get(organization__short_name="海岳电器")

    # A draft: the applicant submits, by the end of the call.
    _log_in(page, url, "ent_haiyue", PASSWORD)
    page.goto(f"{url}/portal/applications/{draft.pk}/")
    assert page.inner_text("#next-step-what") == "提交申报"
    assert page.inner_text("#next-step-who") == "本单位"
    assert page.inner_text("#next-step-deadline") == _long(draft.edition.closes_at)
    assert page.get_attribute("#next-step-action", "href") == f"/portal/applications/{draft.pk}/edit/"

    # Submitted: the recommending body acts; nothing for the applicant to do.
    _log_in(page, url, "ent_langgang", PASSWORD)
    _open_own_application(page, url)
    assert page.inner_text("#next-step-what") == "推荐单位初审并推荐"
    assert page.inner_text("#next-step-who") == "推荐单位"
    assert page.locator("#next-step-action").count() == 0

    # The recommender returns it for correction from its queue.
    _log_in(page, url, "rec_qd", PASSWORD)
    page.goto(url + "/portal/recommender/")
    with page.expect_navigation():
        page.locator("#application-list tr", has_text="澜港啤酒").locator("a").first.click()
    page.select_option("[name=action]", "return_for_correction")
    page.fill("[name=reason]", "请补充近三年审计报告的盖章页。")
    page.check("[name=sections][value=documents]")
    with page.expect_navigation():
        page.click("#decide")

    # The applicant now has a task with the correction window's end, counted in working days.
    _log_in(page, url, "ent_langgang", PASSWORD)
    _open_own_application(page, url)
    returned = AwardApplication.objects.get(organization__short_name="澜港啤酒")
    assert page.inner_text("#next-step-what") == "补正材料并重新提交"
    assert page.inner_text("#next-step-who") == "本单位"
    assert page.inner_text("#next-step-deadline") == _long_day_end(returned.correction_deadline)
    assert "请补充近三年审计报告的盖章页。" in page.inner_text("#next-step-todo")
    shoot(page, artifacts_dir, "journey18-next-step")
    _readable_on_a_phone(page, artifacts_dir)
    with page.expect_navigation():
        page.click("#next-step-action")
    assert page.url.endswith(f"/portal/applications/{returned.pk}/edit/")


def _long_day_end(moment) -> str:
    """A deadline that ends a day reads as that day at 24:00 (workflows/templatetags/deadlines.py)."""
    local = timezone.localtime(moment)
    if local.hour == 0 and local.minute == 0:
        day = local - dt.timedelta(days=1)
        return f"{day.year}年{day.month}月{day.day}日 24:00"
    return _long(moment)


def _readable_on_a_phone(page, folder) -> None:
    """At 390 px the next-step card fits the screen: no sideways scrolling, text at a readable size,
    each line of the card inside its box (issue 18, "What happens next")."""
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
        card = page.locator("#next-step")
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        for part in (
            "#next-step-what",
            "#next-step-who",
            "#next-step-deadline",
            "#next-step-todo",
            "#next-step-action",
        ):
            inner = page.locator(part).bounding_box()
            assert box["x"] <= inner["x"] and inner["x"] + inner["width"] <= box["x"] + box["width"], part
            assert page.eval_on_selector(part, "e => parseFloat(getComputedStyle(e).fontSize)") >= 14, part
        assert page.eval_on_selector("#next-step", "e => e.scrollWidth <= e.clientWidth")
        card.screenshot(path=str(folder / "journey18-next-step-card-390.png"))
    finally:
        page.set_viewport_size({"width": 1366, "height": 900})
