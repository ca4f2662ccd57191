"""purge_expired erases personal data past its retention period; the audit chain still verifies.

Documents live on the session's moto S3 server (tests/conftest.py): the test asks the bucket over
HTTP whether the object is gone. Time travel (time_machine) makes one application six years old.
"""

import datetime as dt
from io import StringIO

import boto3
import pytest
import time_machine
from botocore.exceptions import ClientError
from django.core.management import call_command
from django.utils import timezone

from awards.models import AwardApplication
from tests.awards.factories import complete_application
from tests.conftest import S3_BUCKET
from tests.factories import AwardApplicationFactory, UserFactory
from workflows.documents.models import Document
from workflows.models import TransitionLog
from workflows.retention.models import Erasure, RetentionPeriod
from workflows.selectors import verify_audit_chain
from workflows.services import append_transition_log

pytestmark = pytest.mark.django_db

SIX_YEARS_AGO = timezone.now() - dt.timedelta(days=6 * 366)


def _stored(s3_server, key: str) -> bool:
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    try:
        client.head_object(Bucket=S3_BUCKET, Key=key)
    except ClientError as error:
        if error.response["Error"]["Code"] in ("404", "NoSuchKey"):
            return False
        raise
    return True


def _application_with_history(reason: str) -> AwardApplication:
    application = complete_application(AwardApplicationFactory())
    append_transition_log(
        application, transition="submit", from_state="draft", to_state="submitted", actor=UserFactory(), reason=reason
    )
    return application


@pytest.fixture
def old_and_new():
    with time_machine.travel(SIX_YEARS_AGO, tick=True):
        old = _application_with_history("联系人张三（13800000000）申请撤回")
    new = _application_with_history("联系人李四补正材料")
    return old, new


def _purge(*args) -> str:
    out = StringIO()
    call_command("purge_expired", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_purge_erases_an_expired_applications_personal_data_and_documents_and_the_chain_verifies(
    old_and_new, s3_server
):
    old, new = old_and_new
    old_keys = list(Document.objects.owned_by(old).values_list("storage_key", flat=True))
    old_log = TransitionLog.objects.get(object_id=str(old.pk))

    _purge("--apply")

    old.refresh_from_db()
    tombstone = TransitionLog.objects.get(pk=old_log.pk)
    assert (old.contact_name, old.contact_phone, old.contact_email, old.integrity_signed_by) == ("", "", "", "")
    assert [_stored(s3_server, key) for key in old_keys] == [False] * len(old_keys)
    assert set(Document.objects.owned_by(old).values_list("original_name", flat=True)) == {""}
    assert (tombstone.reason, tombstone.row_hash, tombstone.redacted_at is not None) == ("", old_log.row_hash, True)
    assert verify_audit_chain() == []


def test_purge_leaves_records_inside_their_period_alone(old_and_new, s3_server):
    _old, new = old_and_new
    new_keys = list(Document.objects.owned_by(new).values_list("storage_key", flat=True))

    _purge("--apply")

    new.refresh_from_db()
    assert (new.contact_name, TransitionLog.objects.get(object_id=str(new.pk)).reason) == ("张三", "联系人李四补正材料")
    assert [_stored(s3_server, key) for key in new_keys] == [True] * len(new_keys)


def test_an_application_holding_a_live_title_is_kept(old_and_new):
    old, _new = old_and_new
    AwardApplication.objects.filter(pk=old.pk).update(state="awarded")

    _purge("--apply")

    old.refresh_from_db()
    assert old.contact_name == "张三"


def test_dry_run_reports_counts_per_class_and_changes_nothing(old_and_new, s3_server):
    old, _new = old_and_new
    documents = Document.objects.owned_by(old).count()

    output = _purge()

    old.refresh_from_db()
    assert "applications (申报信息, 5 years): 1 expired" in output
    assert f"documents (申报材料文件, 5 years): {documents} expired" in output
    assert (old.contact_name, Erasure.objects.count(), "dry run: nothing changed" in output) == ("张三", 0, True)


def test_a_second_run_finds_nothing_left_to_erase(old_and_new):
    _purge("--apply")

    output = _purge()

    assert "applications (申报信息, 5 years): 0 expired" in output
    assert "documents (申报材料文件, 5 years): 0 expired" in output


def test_the_period_is_read_from_the_data(old_and_new):
    old, _new = old_and_new
    RetentionPeriod.objects.filter(record_class="applications").update(years=10)

    _purge("--apply")

    old.refresh_from_db()
    assert old.contact_name == "张三"


def test_a_tombstone_edited_afterwards_is_reported(old_and_new):
    old, _new = old_and_new
    _purge("--apply")
    tombstone = TransitionLog.objects.get(object_id=str(old.pk))

    TransitionLog.objects.filter(pk=tombstone.pk).update(to_state="awarded")

    assert [p.log_id for p in verify_audit_chain()] == [tombstone.pk]


def test_a_reason_blanked_without_the_key_is_still_an_edit(old_and_new):
    old, _new = old_and_new
    log = TransitionLog.objects.get(object_id=str(old.pk))

    TransitionLog.objects.filter(pk=log.pk).update(reason="", redacted_at=timezone.now(), tombstone_signature="0" * 64)

    assert [p.log_id for p in verify_audit_chain()] == [log.pk]
