"""Audit checkpoints on S3 carry an Object Lock retention where the bucket supports it (docs/audit-chain.md).

Against moto's S3 server over HTTP (the session's server, tests/conftest.py): one bucket created
with Object Lock enabled, as a bureau's would be, and one without, as most buckets are. (moto does
not refuse shortening a compliance-mode retention, which S3 does; that is left to S3 itself.)
"""

import datetime as dt
import json
import logging
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError
from django.utils import timezone

from config.settings import s3_storage_options
from tests.factories import OrganizationFactory, UserFactory
from workflows.models import AuditCheckpoint
from workflows.selectors import verify_audit_chain
from workflows.services import append_transition_log, write_audit_checkpoint

pytestmark = pytest.mark.django_db

RETENTION_DAYS = 30


def _client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _use_bucket(settings, s3_server, *, object_lock: bool) -> str:
    bucket = f"qap-audit-{'locked' if object_lock else 'plain'}-{uuid.uuid4().hex[:12]}"
    _client(s3_server).create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=object_lock)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_storage_options(bucket, s3_server)},
    }
    settings.AUDIT_CHECKPOINT_FOLDER = "audit-checkpoints"
    settings.AUDIT_CHECKPOINT_RETENTION_DAYS = RETENTION_DAYS
    return bucket


def _log_a_step():
    append_transition_log(OrganizationFactory(), transition="step", from_state="a", to_state="b", actor=UserFactory())


def _key(checkpoint: AuditCheckpoint) -> str:
    return checkpoint.document_name


def test_a_checkpoint_in_a_bucket_with_object_lock_is_retained_in_compliance_mode(settings, s3_server):
    bucket = _use_bucket(settings, s3_server, object_lock=True)
    _log_a_step()

    checkpoint = write_audit_checkpoint()

    head = _client(s3_server).head_object(Bucket=bucket, Key=_key(checkpoint))
    expected_until = (timezone.now() + dt.timedelta(days=RETENTION_DAYS)).date()
    assert (checkpoint.retention_locked, head["ObjectLockMode"], head["ObjectLockRetainUntilDate"].date()) == (
        True,
        "COMPLIANCE",
        expected_until,
    )


def _locked_checkpoint(settings, s3_server):
    """A checkpoint written to a bucket with Object Lock: (client, bucket, checkpoint, its version id)."""
    bucket = _use_bucket(settings, s3_server, object_lock=True)
    _log_a_step()
    checkpoint = write_audit_checkpoint()
    s3 = _client(s3_server)
    return s3, bucket, checkpoint, s3.head_object(Bucket=bucket, Key=_key(checkpoint))["VersionId"]


def test_the_locked_checkpoint_version_cannot_be_deleted(settings, s3_server):
    s3, bucket, checkpoint, version = _locked_checkpoint(settings, s3_server)

    with pytest.raises(ClientError) as deleting:
        s3.delete_object(Bucket=bucket, Key=_key(checkpoint), VersionId=version)

    assert deleting.value.response["Error"]["Code"] == "AccessDenied"
    body = json.loads(s3.get_object(Bucket=bucket, Key=_key(checkpoint), VersionId=version)["Body"].read())
    assert (body["count"], body["hash"], body["signature"]) == (
        checkpoint.row_count,
        checkpoint.head_hash,
        checkpoint.signature,
    )


def test_overwriting_a_locked_checkpoint_keeps_the_original_and_the_forgery_is_detected(settings, s3_server):
    s3, bucket, checkpoint, original = _locked_checkpoint(settings, s3_server)
    forged = {**checkpoint.signed_payload(), "count": 0, "signature": checkpoint.signature}

    s3.put_object(Bucket=bucket, Key=_key(checkpoint), Body=json.dumps(forged).encode())

    kept = json.loads(s3.get_object(Bucket=bucket, Key=_key(checkpoint), VersionId=original)["Body"].read())
    assert kept["count"] == checkpoint.row_count
    assert [p.problem for p in verify_audit_chain()] == [
        "checkpoint signature does not match (checkpoint forged or edited)"
    ]


def test_without_object_lock_the_checkpoint_is_stored_anyway_and_a_warning_logged(settings, s3_server, caplog):
    bucket = _use_bucket(settings, s3_server, object_lock=False)
    _log_a_step()

    with caplog.at_level(logging.WARNING, logger="workflows.services"):
        checkpoint = write_audit_checkpoint()

    stored = json.loads(_client(s3_server).get_object(Bucket=bucket, Key=_key(checkpoint))["Body"].read())
    assert (checkpoint.retention_locked, stored["signature"]) == (False, checkpoint.signature)
    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        f"audit checkpoint {checkpoint.document_name} stored without retention lock"
    ]
    assert verify_audit_chain() == []
