"""HTTP: the public notice page and objection form, and who may see an objector's identity."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from accounts.models import Membership
from tests.factories import PASSWORD, UserFactory
from workflows.notices import services
from workflows.notices.models import Objection
from workflows.workdays import SHANGHAI

from .factories import VALID_ID, individual_objection, notice_edition, open_notice, pdf_upload, proposed_candidate

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2025, 9, 29, 10, 0, tzinfo=SHANGHAI)
AFTER = dt.datetime(2025, 10, 12, 0, 0, tzinfo=SHANGHAI)
OBJECTOR_NAME = "王秘密"
OBJECTOR_PHONE = "13912345678"


@pytest.fixture
def notice_and_candidate():
    candidate = proposed_candidate(notice_edition(), name="青岛海岳精密制造有限公司")
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = open_notice([candidate])
    notice.refresh_from_db()
    return notice, candidate


def _form(line, **overrides):
    data = {
        "notice_candidate": str(line.pk),
        "objector_type": "individual",
        "objector_name": OBJECTOR_NAME,
        "id_number": VALID_ID,
        "phone": OBJECTOR_PHONE,
        "grounds": "authenticity",
        "text": "申报的检测报告系伪造。",
        "evidence": [pdf_upload()],
    }
    data.update(overrides)
    return data


def test_public_notice_page_lists_candidates_window_and_objection_link(client, notice_and_candidate):
    notice, _candidate = notice_and_candidate

    with time_machine.travel(DURING, tick=False):
        html = client.get(notice.page.url).content.decode()

    assert "青岛海岳精密制造有限公司" in html
    assert "公示中" in html
    assert f"/objections/notice/{notice.pk}/" in html


def test_public_notice_page_says_when_the_window_has_closed_and_keeps_the_record(client, notice_and_candidate):
    notice, _candidate = notice_and_candidate

    with time_machine.travel(AFTER, tick=False):
        html = client.get(notice.page.url).content.decode()

    assert "公示期已结束" in html and "青岛海岳精密制造有限公司" in html
    assert f"/objections/notice/{notice.pk}/" not in html


def test_filing_an_objection_over_http_redirects_to_a_receipt(client, notice_and_candidate):
    notice, _candidate = notice_and_candidate
    line = notice.candidates.get()

    with time_machine.travel(DURING, tick=False):
        response = client.post(f"/objections/notice/{notice.pk}/", _form(line))
        objection = Objection.objects.get()
        receipt = client.get(response["Location"]).content.decode()

    assert response["Location"] == f"/objections/receipt/{objection.receipt_no}/"
    assert objection.receipt_no in receipt and "核查中" in receipt
    assert "2025年10月13日 24:00 前" in receipt  # 5 working days after 09-29, across National Day
    assert OBJECTOR_NAME not in receipt
    assert objection.files.count() == 1


def test_a_wrong_id_check_digit_is_a_form_error_and_nothing_is_stored(client, notice_and_candidate):
    notice, _candidate = notice_and_candidate
    line = notice.candidates.get()

    with time_machine.travel(DURING, tick=False):
        response = client.post(f"/objections/notice/{notice.pk}/", _form(line, id_number="110105194912310021"))

    assert response.status_code == 400
    assert "身份证号码校验位错误" in response.content.decode() and "check character" not in response.content.decode()
    assert Objection.objects.count() == 0


def test_honeypot_submissions_are_refused_without_a_row(client, notice_and_candidate):
    notice, _candidate = notice_and_candidate
    line = notice.candidates.get()

    with time_machine.travel(DURING, tick=False):
        response = client.post(f"/objections/notice/{notice.pk}/", _form(line, website="http://spam.example"))

    assert response.status_code == 400
    assert Objection.objects.count() == 0
    # The form comes back with what was typed (a person's autofill may have filled the trap), trap emptied.
    form = response.context["form"]
    assert (form["objector_name"].value(), form["website"].value()) == (_form(line)["objector_name"], "")
    assert "请核对以下信息后再次提交" in response.content.decode()


def test_objections_are_rate_limited_per_address(client, notice_and_candidate, settings):
    settings.RATE_LIMIT_ENABLED = True
    cache.clear()
    notice, _candidate = notice_and_candidate
    line = notice.candidates.get()

    with time_machine.travel(DURING, tick=False):
        statuses = [
            client.post(f"/objections/notice/{notice.pk}/", _form(line, evidence=[])).status_code for _ in range(6)
        ]

    assert statuses == [302, 302, 302, 302, 302, 429]
    assert Objection.objects.count() == 5
    cache.clear()


def test_a_late_http_objection_gets_a_receipt_that_says_rejected_late(client, notice_and_candidate):
    notice, _candidate = notice_and_candidate
    line = notice.candidates.get()

    with time_machine.travel(AFTER, tick=False):
        response = client.post(f"/objections/notice/{notice.pk}/", _form(line))
        receipt = client.get(response["Location"]).content.decode()

    assert "逾期不予受理" in receipt


def _filed_objection(notice):
    line = notice.candidates.get()
    with time_machine.travel(DURING, tick=False):
        return services.file_objection(individual_objection(line, objector_name=OBJECTOR_NAME, phone=OBJECTOR_PHONE))


def test_the_candidate_sees_the_objection_but_never_who_filed_it(client, notice_and_candidate):
    notice, candidate = notice_and_candidate
    objection = _filed_objection(notice)
    member = UserFactory()
    Membership.objects.create(user=member, organization=candidate.organization)
    client.login(username=member.username, password=PASSWORD)

    mine = client.get("/objections/mine/").content.decode()
    staff_page = client.get(f"/objections/staff/objection/{objection.pk}/")
    page = client.get(notice.page.url).content.decode()

    assert "材料真实性" in mine
    for secret in (OBJECTOR_NAME, VALID_ID, OBJECTOR_PHONE, objection.receipt_no):
        assert secret not in mine and secret not in page
    assert staff_page.status_code == 403


def test_the_public_and_experts_cannot_open_the_objection_desk(client, notice_and_candidate):
    notice, _candidate = notice_and_candidate
    objection = _filed_objection(notice)
    expert = UserFactory(roles=["expert"])

    anonymous = client.get(f"/objections/staff/objection/{objection.pk}/")
    client.login(username=expert.username, password=PASSWORD)
    as_expert = client.get(f"/objections/staff/objection/{objection.pk}/")
    desk = client.get("/objections/staff/")

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert (as_expert.status_code, desk.status_code) == (403, 403)


def test_the_secretariat_sees_the_objectors_identity(client, notice_and_candidate):
    notice, _candidate = notice_and_candidate
    objection = _filed_objection(notice)
    staff = UserFactory(roles=["secretariat"])
    client.login(username=staff.username, password=PASSWORD)

    html = client.get(f"/objections/staff/objection/{objection.pk}/").content.decode()

    assert OBJECTOR_NAME in html and VALID_ID in html and OBJECTOR_PHONE in html


def test_the_secretariat_records_a_finding_over_http(client, notice_and_candidate):
    notice, candidate = notice_and_candidate
    objection = _filed_objection(notice)
    staff = UserFactory(roles=["secretariat"])
    client.login(username=staff.username, password=PASSWORD)

    with time_machine.travel(DURING + dt.timedelta(hours=2), tick=False):
        client.post(
            f"/objections/staff/objection/{objection.pk}/", {"substantiated": "0", "memo": "经核查，检测报告真实。"}
        )

    objection.refresh_from_db()
    candidate.refresh_from_db()
    assert (objection.status, objection.verifier, candidate.state) == ("unsubstantiated", staff, "public_notice")


@pytest.mark.parametrize("rows", [1, 4])
def test_notice_page_query_count_does_not_grow_with_candidates(client, django_assert_num_queries, rows, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    edition = notice_edition()
    candidates = [proposed_candidate(edition) for _ in range(rows)]
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = open_notice(candidates)
    notice.refresh_from_db()
    url = notice.page.url
    client.get(url)

    with django_assert_num_queries(QUERIES_FOR_NOTICE_PAGE):
        response = client.get(url)

    assert response.content.decode().count("<tr><td>") == rows


# Routing (cms/routing.py): the page and its ancestors, the specific page with its edition and program,
# the site's view restrictions; the site and its settings are remembered (cms/memo.py). Then the sealed
# PDF (workflows.notices.sealed.sealed_pdf_of), the public notice, its lines and one query per dossier type.
QUERIES_FOR_NOTICE_PAGE = 7
