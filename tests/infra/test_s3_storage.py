"""Files go to the S3 API server over HTTP and come back through presigned URLs."""

import urllib.request

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.conftest import S3_BUCKET


def test_saved_file_lands_in_the_bucket_and_downloads_by_presigned_url(s3_server):
    name = default_storage.save("infra-check/证书.txt", ContentFile("质量奖".encode()))

    raw = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    stored = raw.get_object(Bucket=S3_BUCKET, Key=name)["Body"].read()
    url = default_storage.url(name)
    with urllib.request.urlopen(url) as response:
        downloaded = response.read()

    assert stored == "质量奖".encode()
    assert downloaded == "质量奖".encode()
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url


def test_bucket_objects_are_not_public(s3_server):
    name = default_storage.save("infra-check/private.txt", ContentFile(b"secret"))
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(f"{s3_server}/{S3_BUCKET}/{name}")
    assert exc.value.code == 403
