"""Naming: title, winners directory, certificate PDF; public certificate verification."""

import datetime as dt
import subprocess

import pytest
import time_machine
from django.core.files.storage import default_storage

from awards.models import AwardApplication
from tests.factories import PASSWORD, UserFactory
from tests.notices.factories import notice_edition, open_notice, proposed_candidate, secretariat_user
from workflows.notices import services
from workflows.notices.exceptions import CandidateNotPendingApproval
from workflows.titles.models import Title
from workflows.titles.services import revoke_title
from workflows.workdays import SHANGHAI

from .factories import APPROVED_ON, awarded_title

pytestmark = pytest.mark.django_db


def test_naming_creates_a_title_valid_for_the_editions_years():
    title = awarded_title()

    assert (title.state, title.valid_from, title.valid_until) == ("active", APPROVED_ON, dt.date(2030, 10, 19))
    assert AwardApplication.objects.get(pk=title.object_id).state == "awarded"
    assert title.certificate.serial_no == f"ZLJ{title.edition.year}-{title.pk:05d}"


def test_naming_schedules_periodic_reviews_over_the_validity():
    title = awarded_title()

    assert list(title.periodic_reviews.values_list("due_on", flat=True)) == [
        dt.date(2026, 10, 20),
        dt.date(2027, 10, 20),
        dt.date(2028, 10, 20),
        dt.date(2029, 10, 20),
    ]


def test_declining_the_award_creates_no_title():
    staff = secretariat_user()
    candidate = proposed_candidate(notice_edition())
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = open_notice([candidate], actor=staff)
    with time_machine.travel(dt.datetime(2025, 10, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        services.close_public_notice(notice, actor=staff)
        services.record_government_approval(
            notice.candidates.get(),
            approved=False,
            document_no="青政字〔2025〕89号",
            approved_on=APPROVED_ON,
            actor=staff,
        )

    assert (AwardApplication.objects.get(pk=candidate.pk).state, Title.objects.count()) == ("not_awarded", 0)


def test_approval_before_the_notice_is_over_is_refused():
    candidate = proposed_candidate(notice_edition())
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = open_notice([candidate])

    with pytest.raises(CandidateNotPendingApproval):
        services.record_government_approval(
            notice.candidates.get(), approved=True, document_no="x", approved_on=APPROVED_ON, actor=secretariat_user()
        )
    assert Title.objects.count() == 0


def test_certificate_pdf_contains_the_chinese_holder_name_and_serial(tmp_path):
    title = awarded_title("青岛海岳精密制造有限公司", render_pdf=True)
    certificate = title.certificate
    certificate.refresh_from_db()
    path = tmp_path / "certificate.pdf"
    with default_storage.open(certificate.pdf.storage_key, "rb") as stored:
        path.write_bytes(stored.read())

    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout

    assert "青岛海岳精密制造有限公司" in text
    assert certificate.serial_no in text
    assert certificate.pdf.mime_type == "application/pdf"


def test_the_holder_downloads_the_certificate_and_others_get_404(client):
    title = awarded_title(render_pdf=True)
    from accounts.models import Membership

    member, stranger = UserFactory(), UserFactory()
    Membership.objects.create(user=member, organization=title.organization)
    url = f"/titles/certificates/{title.certificate.serial_no}/pdf/"

    client.login(username=stranger.username, password=PASSWORD)
    as_stranger = client.get(url)
    client.login(username=member.username, password=PASSWORD)
    as_member = client.get(url)

    assert as_stranger.status_code == 404
    assert as_member.status_code == 302 and "X-Amz-Signature=" in as_member["Location"]


def test_winners_directory_lists_the_new_winner(client):
    awarded_title("青岛海岳精密制造有限公司")

    html = client.get("/titles/winners/").content.decode()

    assert "青岛海岳精密制造有限公司" in html


def test_winners_directory_leaves_out_revoked_titles(client):
    kept = awarded_title("保留有限公司")
    revoked = awarded_title("撤销有限公司")
    revoke_title(
        revoked,
        trigger="fraud",
        reason="伪造检测报告",
        authority="青岛市人民政府",
        document_no="青政字〔2026〕1号",
        decided_on=dt.date(2026, 3, 2),
        actor=secretariat_user(),
    )

    html = client.get("/titles/winners/").content.decode()

    assert kept.holder_name in html and revoked.holder_name not in html


@pytest.mark.parametrize("rows", [1, 4])
def test_winners_directory_query_count_is_flat(client, django_assert_num_queries, rows):
    edition = notice_edition()
    for i in range(rows):
        awarded_title(f"获奖单位{i}有限公司", edition=edition)
    client.get("/titles/winners/")

    with django_assert_num_queries(QUERIES_FOR_WINNERS):
        response = client.get("/titles/winners/")

    assert response.content.decode().count('<tr class="winner">') == rows


QUERIES_FOR_WINNERS = 3


# --- verification ---------------------------------------------------------------------------------


def test_verification_of_a_valid_certificate(client):
    title = awarded_title("青岛海岳精密制造有限公司")
    serial = title.certificate.serial_no

    with time_machine.travel(dt.datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI), tick=False):
        page = client.get(f"/titles/verify/{serial}/")
        data = client.get(f"/titles/api/verify/{serial}/").json()

    assert page.status_code == 200 and 'data-status="valid"' in page.content.decode()
    assert (data["status"], data["holder"], data["valid_until"]) == ("valid", "青岛海岳精密制造有限公司", "2030-10-19")


def test_verification_of_a_revoked_certificate_gives_date_reason_and_notice(client, django_capture_on_commit_callbacks):
    title = awarded_title()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_title(
            title,
            trigger="fraud",
            reason="伪造检测报告",
            authority="青岛市人民政府",
            document_no="青政字〔2026〕1号",
            decided_on=dt.date(2026, 3, 2),
            actor=secretariat_user(),
        )

    data = client.get(f"/titles/api/verify/{title.certificate.serial_no}/").json()
    page = client.get(f"/titles/verify/{title.certificate.serial_no}/").content.decode()

    assert (data["status"], data["revoked_on"], data["document_no"]) == (
        "revoked",
        "2026-03-02",
        "青岛市人民政府 青政字〔2026〕1号",
    )
    assert "伪造检测报告" in data["reason"]
    assert data["notice_url"] == title.revocation.notice_page.url
    assert 'data-status="revoked"' in page and data["notice_url"] in page


def test_verification_of_an_expired_certificate(client):
    title = awarded_title()

    with time_machine.travel(dt.datetime(2030, 10, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        data = client.get(f"/titles/api/verify/{title.certificate.serial_no}/").json()

    assert data["status"] == "expired"


def test_verification_of_an_unknown_serial(client):
    page = client.get("/titles/verify/ZLJ2099-99999/")
    data = client.get("/titles/api/verify/ZLJ2099-99999/")

    assert page.status_code == 404 and 'data-status="unknown"' in page.content.decode()
    assert (data.status_code, data.json()) == (
        404,
        {"serial_no": "ZLJ2099-99999", "status": "unknown", "label": "未查到该证书"},
    )


def test_verify_form_redirects_to_the_result(client):
    response = client.get("/titles/verify/", {"serial": " zlj2026-00001 "})

    assert response["Location"] == "/titles/verify/ZLJ2026-00001/"
