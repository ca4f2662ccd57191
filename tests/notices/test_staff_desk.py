"""The secretariat's notice desk over HTTP: open, close, approve; list views pinned."""

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

import cms.demo
from accounts.models import Membership
from awards.models import AwardApplication
from tests.factories import PASSWORD, UserFactory
from workflows import programs
from workflows.notices import services
from workflows.notices.models import PublicNotice
from workflows.titles.models import Title
from workflows.workdays import SHANGHAI

from .factories import individual_objection, notice_edition, open_notice, proposed_candidate, secretariat_user

pytestmark = pytest.mark.django_db

OPENING_DAY = dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI)


def _login_staff(client):
    staff = secretariat_user()
    client.login(username=staff.username, password=PASSWORD)
    return staff


def test_staff_open_a_notice_for_the_proposed_candidates_of_an_edition(client, django_capture_on_commit_callbacks):
    cms.demo.seed()
    edition = notice_edition()
    chosen, left_out = proposed_candidate(edition), proposed_candidate(edition)
    _login_staff(client)
    key = f"{ContentType.objects.get_for_model(AwardApplication).pk}:{chosen.pk}"
    form_html = client.get(f"/objections/staff/open/{edition.pk}/").content.decode()
    assert f'value="{key}"' in form_html

    with time_machine.travel(OPENING_DAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/objections/staff/open/{edition.pk}/", {"candidates": [f"{key}"], "start": "2025-09-26"}
        )

    notice = PublicNotice.objects.get()
    assert response["Location"] == f"/objections/staff/notice/{notice.pk}/"
    assert [
        AwardApplication.objects.get(pk=chosen.pk).state,
        AwardApplication.objects.get(pk=left_out.pk).state,
    ] == ["public_notice", "proposed"]
    assert notice.page is not None and notice.last_day == dt.date(2025, 10, 11)


def test_closing_early_over_http_shows_the_reason(client):
    candidate = proposed_candidate(notice_edition())
    with time_machine.travel(OPENING_DAY, tick=False):
        notice = open_notice([candidate])
    _login_staff(client)

    with time_machine.travel(OPENING_DAY + dt.timedelta(days=2), tick=False):
        response = client.post(f"/objections/staff/notice/{notice.pk}/close/", follow=True)

    assert "公示期尚未结束" in response.content.decode() and "has not ended" not in response.content.decode()
    assert PublicNotice.objects.get(pk=notice.pk).status == "open"


def test_close_and_record_approval_over_http_names_the_winner(client):
    candidate = proposed_candidate(notice_edition(), name="青岛海岳精密制造有限公司")
    with time_machine.travel(OPENING_DAY, tick=False):
        notice = open_notice([candidate])
    _login_staff(client)

    with time_machine.travel(dt.datetime(2025, 10, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        client.post(f"/objections/staff/notice/{notice.pk}/close/")
        client.post(
            f"/objections/staff/candidate/{notice.candidates.get().pk}/approval/",
            {"approved": "1", "document_no": "青政字〔2025〕88号", "approved_on": "2025-10-20"},
        )

    title = Title.objects.get()
    assert (title.holder_name, title.approval_document_no, AwardApplication.objects.get(pk=candidate.pk).state) == (
        "青岛海岳精密制造有限公司",
        "青政字〔2025〕88号",
        "awarded",
    )


def _notice_with_objections(count):
    edition = notice_edition()
    candidates = [proposed_candidate(edition) for _ in range(count)]
    with time_machine.travel(OPENING_DAY, tick=False):
        notice = open_notice(candidates)
    with time_machine.travel(OPENING_DAY + dt.timedelta(days=1), tick=False):
        for line in notice.candidates.all():
            services.file_objection(individual_objection(line))
    return notice, candidates


@pytest.mark.parametrize("rows", [1, 4])
def test_staff_desk_query_count_is_flat(client, django_assert_num_queries, rows):
    _notice_with_objections(rows)
    _login_staff(client)
    client.get("/objections/staff/")

    with django_assert_num_queries(QUERIES_FOR_STAFF_DESK + len(programs.with_notice())):
        response = client.get("/objections/staff/")

    assert response.content.decode().count("/objections/staff/objection/") == rows


# Fixed queries of the desk; the "open a notice" picker then asks each program with a notice once
# (one query per registered program, never per row).
QUERIES_FOR_STAFF_DESK = 10  # + the staff navigation (one count query for every desk) + 共 N 条 of each list (notices, objections)


@pytest.mark.parametrize("rows", [1, 4])
def test_candidates_objection_list_query_count_is_flat(client, django_assert_num_queries, rows):
    notice, candidates = _notice_with_objections(rows)
    member = UserFactory()
    for candidate in candidates:
        Membership.objects.create(user=member, organization=candidate.organization)
    client.login(username=member.username, password=PASSWORD)
    client.get("/objections/mine/")

    with django_assert_num_queries(QUERIES_FOR_MY_OBJECTIONS):
        response = client.get("/objections/mine/")

    assert response.content.decode().count("材料真实性") == rows


QUERIES_FOR_MY_OBJECTIONS = 7
