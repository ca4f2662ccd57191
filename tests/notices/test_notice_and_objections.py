"""Notice window, objection filing and handling (services, with real S3 and the real calendar)."""

import datetime as dt

import boto3
import pytest
import time_machine
from django.conf import settings

from accounts.credit_code import make_credit_code
from awards.models import AwardApplication
from tests.conftest import S3_BUCKET
from tests.factories import UserFactory
from workflows.eligibility.selectors import active_ban
from workflows.exceptions import NotPermitted
from workflows.notices import services
from workflows.notices.exceptions import CandidateNotProposed, NoticeWindowNotOver, ObjectionStillOpen
from workflows.notices.models import Objection, ObjectionFile, PublicNotice
from workflows.workdays import SHANGHAI

from .factories import (
    individual_objection,
    notice_edition,
    open_notice,
    pdf_upload,
    proposed_candidate,
    secretariat_user,
)

pytestmark = pytest.mark.django_db

LAST_SECOND = dt.datetime(2025, 10, 11, 23, 59, 59, tzinfo=SHANGHAI)
NEXT_MIDNIGHT = dt.datetime(2025, 10, 12, 0, 0, 0, tzinfo=SHANGHAI)
DURING = dt.datetime(2025, 9, 29, 10, 0, tzinfo=SHANGHAI)


def _state(candidate) -> str:
    return AwardApplication.objects.get(pk=candidate.pk).state


@pytest.fixture
def notice_with_one():
    candidate = proposed_candidate(notice_edition(), name="青岛海岳精密制造有限公司")
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = open_notice([candidate])
    return notice, candidate


def test_seven_working_day_notice_from_2025_09_26_ends_at_24_00_on_10_11(notice_with_one):
    notice, _candidate = notice_with_one

    assert (notice.last_day, notice.opens_at, notice.closes_at) == (
        dt.date(2025, 10, 11),
        dt.datetime(2025, 9, 26, 0, 0, tzinfo=SHANGHAI),
        dt.datetime(2025, 10, 12, 0, 0, tzinfo=SHANGHAI),
    )


def test_opening_moves_candidates_to_public_notice_and_publishes_the_page(notice_with_one):
    notice, candidate = notice_with_one

    notice.refresh_from_db()
    assert _state(candidate) == "public_notice"
    assert (notice.page.kind, notice.page.live, notice.page.get_parent().slug) == ("candidates", True, "notices")
    assert notice.page.closes_at == notice.closes_at


def test_only_proposed_candidates_can_go_on_notice():
    candidate = proposed_candidate(notice_edition(), state="committee_deliberation")

    with pytest.raises(CandidateNotProposed):
        open_notice([candidate])
    assert PublicNotice.objects.count() == 0


def test_opening_a_notice_requires_the_secretariat():
    candidate = proposed_candidate(notice_edition())

    with pytest.raises(NotPermitted):
        open_notice([candidate], actor=UserFactory())
    assert (PublicNotice.objects.count(), _state(candidate)) == (0, "proposed")


def test_objection_in_the_last_second_is_accepted_and_starts_objection_review(notice_with_one):
    notice, candidate = notice_with_one
    line = notice.candidates.get()

    with time_machine.travel(LAST_SECOND, tick=False):
        objection = services.file_objection(individual_objection(line))

    assert (objection.status, objection.rejection_reason) == ("under_verification", "")
    assert _state(candidate) == "objection_review"


def test_objection_at_midnight_after_the_last_day_is_rejected_as_late(notice_with_one):
    notice, candidate = notice_with_one
    line = notice.candidates.get()

    with time_machine.travel(NEXT_MIDNIGHT, tick=False):
        objection = services.file_objection(individual_objection(line))

    assert objection.status == "rejected_late"
    assert "2025年10月11日24时" in objection.rejection_reason
    assert _state(candidate) == "public_notice"


@pytest.mark.parametrize(
    "missing", [{"objector_name": ""}, {"id_number": ""}, {"phone": ""}], ids=["name", "id", "phone"]
)
def test_anonymous_objection_is_recorded_as_rejected_and_never_reaches_the_candidate(notice_with_one, missing):
    notice, candidate = notice_with_one
    line = notice.candidates.get()

    with time_machine.travel(DURING, tick=False):
        objection = services.file_objection(individual_objection(line, **missing))

    assert objection.status == "rejected_anonymous"
    assert objection.rejection_reason.startswith("匿名异议不予受理")
    assert _state(candidate) == "public_notice"


def test_unit_objection_needs_credit_code_and_sealed_letter(notice_with_one):
    notice, _candidate = notice_with_one
    line = notice.candidates.get()
    unit = {
        "objector_type": "unit",
        "objector_name": "某某质量协会",
        "id_number": "",
        "credit_code": make_credit_code("91370200MA3C5E5Y1"),
    }

    with time_machine.travel(DURING, tick=False):
        without_seal = services.file_objection(individual_objection(line, **unit))
        with_seal = services.file_objection(individual_objection(line, **unit, sealed_letter=pdf_upload("seal.pdf")))

    assert (without_seal.status, with_seal.status) == ("rejected_anonymous", "under_verification")
    assert list(with_seal.files.values_list("kind", flat=True)) == ["sealed_letter"]


def test_verification_deadline_counts_the_editions_working_days_after_receipt(notice_with_one):
    notice, _candidate = notice_with_one
    line = notice.candidates.get()

    with time_machine.travel(dt.datetime(2025, 9, 30, 15, 0, tzinfo=SHANGHAI), tick=False):
        objection = services.file_objection(individual_objection(line))

    # 5 working days after 09-30 are 10-09, 10-10, 10-11 (调休 Saturday), 10-13 and 10-14; the
    # National Day holiday does not count. The deadline is 24:00 on 10-14.
    assert objection.verification_deadline == dt.datetime(2025, 10, 15, 0, 0, tzinfo=SHANGHAI)


def test_evidence_goes_to_private_s3_storage(notice_with_one):
    notice, _candidate = notice_with_one
    line = notice.candidates.get()

    with time_machine.travel(DURING, tick=False):
        objection = services.file_objection(individual_objection(line, evidence=[pdf_upload(), pdf_upload("b.pdf")]))

    files = list(ObjectionFile.objects.filter(objection=objection).select_related("document"))
    s3 = boto3.client("s3", **_s3_client_options())
    stored = {obj["Key"] for obj in s3.list_objects_v2(Bucket=S3_BUCKET).get("Contents", [])}
    assert [f.kind for f in files] == ["evidence", "evidence"]
    assert {f.document.storage_key for f in files} <= stored


def test_a_rejected_file_leaves_no_objection_and_no_stored_object(notice_with_one):
    notice, candidate = notice_with_one
    line = notice.candidates.get()
    s3 = boto3.client("s3", **_s3_client_options())
    before = s3.list_objects_v2(Bucket=S3_BUCKET).get("KeyCount", 0)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" + b"\x00" * 200)
    with time_machine.travel(DURING, tick=False), pytest.raises(Exception) as excinfo:
        services.file_objection(individual_objection(line, evidence=[pdf_upload(), bad]))

    assert type(excinfo.value).__name__ == "DocumentRejected"
    assert Objection.objects.count() == 0
    assert s3.list_objects_v2(Bucket=S3_BUCKET).get("KeyCount", 0) == before
    assert _state(candidate) == "public_notice"


def _s3_client_options() -> dict:
    options = settings.STORAGES["default"]["OPTIONS"]
    return {
        "endpoint_url": options["endpoint_url"],
        "region_name": "us-east-1",
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
    }


def test_notice_cannot_close_while_an_objection_is_open(notice_with_one):
    notice, _candidate = notice_with_one
    line = notice.candidates.get()
    with time_machine.travel(DURING, tick=False):
        services.file_objection(individual_objection(line))

    with time_machine.travel(NEXT_MIDNIGHT, tick=False), pytest.raises(ObjectionStillOpen):
        services.close_public_notice(notice, actor=secretariat_user())
    assert PublicNotice.objects.get(pk=notice.pk).status == "open"


def test_notice_cannot_close_before_its_window_ends(notice_with_one):
    notice, _candidate = notice_with_one

    with time_machine.travel(LAST_SECOND, tick=False), pytest.raises(NoticeWindowNotOver):
        services.close_public_notice(notice, actor=secretariat_user())


def test_unsubstantiated_objection_returns_the_candidate_and_the_notice_can_close(notice_with_one):
    notice, candidate = notice_with_one
    line = notice.candidates.get()
    staff = secretariat_user()
    with time_machine.travel(DURING, tick=False):
        objection = services.file_objection(individual_objection(line))
        services.decide_objection(objection, substantiated=False, memo="经核查，数据属实。", actor=staff)
    assert _state(candidate) == "public_notice"

    with time_machine.travel(NEXT_MIDNIGHT, tick=False):
        services.close_public_notice(notice, actor=staff)

    assert (PublicNotice.objects.get(pk=notice.pk).status, _state(candidate)) == ("closed", "pending_approval")


def test_candidate_stays_in_objection_review_while_another_objection_is_open(notice_with_one):
    notice, candidate = notice_with_one
    line = notice.candidates.get()
    with time_machine.travel(DURING, tick=False):
        first = services.file_objection(individual_objection(line))
        services.file_objection(individual_objection(line, objector_name="李四"))

        services.decide_objection(first, substantiated=False, memo="不成立", actor=secretariat_user())

    assert _state(candidate) == "objection_review"


def test_substantiated_objection_disqualifies_the_candidate(notice_with_one):
    notice, candidate = notice_with_one
    line = notice.candidates.get()
    with time_machine.travel(DURING, tick=False):
        objection = services.file_objection(individual_objection(line))

        services.decide_objection(objection, substantiated=True, memo="材料造假属实。", actor=secretariat_user())

    assert _state(candidate) == "disqualified"
    assert active_ban(candidate.organization, candidate.edition.program, dt.date(2025, 10, 1)) is None


def test_substantiated_fraud_bans_the_organization_per_the_edition_rule(notice_with_one):
    notice, candidate = notice_with_one
    line = notice.candidates.get()
    with time_machine.travel(DURING, tick=False):
        objection = services.file_objection(individual_objection(line))

        services.decide_objection(
            objection, substantiated=True, fraud=True, memo="伪造检测报告。", actor=secretariat_user()
        )

    ban = active_ban(candidate.organization, candidate.edition.program, dt.date(2026, 1, 1))
    assert ban.ends_on == dt.date(2029, 9, 28)  # edition default: 4 years from 2025-09-29


def test_deciding_an_objection_requires_the_secretariat(notice_with_one):
    notice, candidate = notice_with_one
    line = notice.candidates.get()
    with time_machine.travel(DURING, tick=False):
        objection = services.file_objection(individual_objection(line))

        with pytest.raises(NotPermitted):
            services.decide_objection(objection, substantiated=True, memo="x", actor=UserFactory())

    assert (Objection.objects.get(pk=objection.pk).status, _state(candidate)) == (
        "under_verification",
        "objection_review",
    )
