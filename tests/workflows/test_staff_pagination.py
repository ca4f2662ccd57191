"""Staff lists for real volumes (issue 18, problem 9: no pagination): the notice, objection and title
desks, the title desk's reviews, and the review desk's panels and expert pool come in pages with
共 N 条, and a page link keeps the page of the other list on the same desk. (Query-count pins at 1
and several rows sit beside each desk's other tests.) The page size is made 2 here so a few rows
fill several pages."""

import datetime as dt
import re

import pytest
import time_machine

from tests.factories import PASSWORD
from tests.notices.factories import (
    individual_objection,
    notice_edition,
    open_notice,
    proposed_candidate,
    secretariat_user,
)
from tests.titles.factories import awarded_title
from workflows.notices import services as notice_services
from workflows.workdays import SHANGHAI

pytestmark = pytest.mark.django_db

OPENING_DAY = dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr("workflows.staff_desks.STAFF_PAGE_SIZE", 2)


def _staff(client):
    staff = secretariat_user()
    client.login(username=staff.username, password=PASSWORD)
    return staff


def _text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">([^<]*)<', html)
    return match.group(1) if match else ""


def test_the_notice_and_objection_lists_page_on_their_own(client):
    edition = notice_edition()
    with time_machine.travel(OPENING_DAY, tick=False):
        notices = [open_notice([proposed_candidate(edition)]) for _ in range(3)]
    with time_machine.travel(OPENING_DAY + dt.timedelta(days=1), tick=False):
        for notice in notices:
            for line in notice.candidates.all():
                notice_services.file_objection(individual_objection(line))
                notice_services.file_objection(individual_objection(line))
    _staff(client)

    first = client.get("/objections/staff/").content.decode()
    second_objections = client.get("/objections/staff/?page=2&objections_page=3").content.decode()

    assert (_text(first, "notice-total"), _text(first, "objection-total")) == ("共 3 条", "共 6 条")
    assert first.count("/objections/staff/notice/") == 2 and first.count("/objections/staff/objection/") == 2
    assert 'href="?objections_page=2#objections"' in first and 'href="?page=2#notices"' in first
    assert second_objections.count("/objections/staff/notice/") == 1  # the notices' page 2 kept
    assert second_objections.count("/objections/staff/objection/") == 2
    assert 'href="?page=2&amp;objections_page=2#objections"' in second_objections


def test_the_title_desk_and_its_reviews_come_in_pages(client):
    staff = secretariat_user()
    for i in range(3):
        awarded_title(f"分页单位{i}有限公司", staff=staff)
    client.login(username=staff.username, password=PASSWORD)

    titles = client.get("/titles/staff/").content.decode()
    last = client.get("/titles/staff/?page=2").content.decode()
    reviews = client.get("/titles/staff/reviews/").content.decode()

    assert _text(titles, "list-total") == "共 3 条"
    assert (titles.count('<tr class="title-row">'), last.count('<tr class="title-row">')) == (2, 1)
    assert _text(reviews, "list-total") == "共 12 条" and reviews.count('<tr class="review">') == 2
    assert 'aria-current="page">复评计划</a>' in reviews  # the title desk's own sub-navigation


def test_a_page_number_past_the_end_shows_the_last_page(client):
    staff = secretariat_user()
    for i in range(3):
        awarded_title(f"越界单位{i}有限公司", staff=staff)
    client.login(username=staff.username, password=PASSWORD)

    response = client.get("/titles/staff/?page=99")

    assert response.status_code == 200
    assert response.content.decode().count('<tr class="title-row">') == 1
