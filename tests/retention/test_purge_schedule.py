"""The retention purge on the beat schedule, and what a download of an erased document answers.

Documents live on the session's moto S3 server (tests/conftest.py, over HTTP); time_machine makes one
application six years old, past the default five-year period.
"""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from config.celery import app as celery_app
from tests.awards.factories import complete_application
from tests.factories import AwardApplicationFactory, applicant_for
from workflows.documents.models import Document
from workflows.retention.models import Erasure
from workflows.retention.tasks import purge_expired_task
from workflows.selectors import verify_audit_chain

pytestmark = pytest.mark.django_db

SIX_YEARS_AGO = timezone.now() - dt.timedelta(days=6 * 366)


@pytest.fixture
def expired():
    """An application (with its documents) whose last step is six years old, and its applicant."""
    with time_machine.travel(SIX_YEARS_AGO, tick=True):
        application = AwardApplicationFactory(contact_name="张三", contact_phone="13800000000")
        applicant = applicant_for(application.organization)
        complete_application(application, user=applicant)
    return application, applicant


def test_the_purge_is_on_the_daily_beat_schedule_with_a_registered_task():
    entry = settings.CELERY_BEAT_SCHEDULE["retention-purge"]

    assert (entry["task"], entry["schedule"]) == ("workflows.retention.tasks.purge_expired_task", 86400.0)
    assert entry["task"] in celery_app.tasks


def test_without_the_setting_the_scheduled_purge_is_a_dry_run(expired, settings):
    settings.RETENTION_PURGE_APPLY = False
    application, _applicant = expired

    summary = purge_expired_task.delay().get()

    application.refresh_from_db()
    assert (summary["applied"], summary["classes"]["applications"]["expired"]) == (False, 1)
    assert (application.contact_name, Erasure.objects.count()) == ("张三", 0)


def test_where_configured_the_scheduled_purge_erases_and_the_chain_verifies(expired, settings):
    settings.RETENTION_PURGE_APPLY = True
    application, _applicant = expired

    summary = purge_expired_task.delay().get()

    application.refresh_from_db()
    assert summary["applied"] is True
    assert summary["classes"]["applications"] == {"expired": 1, "erased": 1, "failed": 0}
    assert summary["audit_problems"] == 0
    assert (application.contact_name, application.contact_phone) == ("", "")
    assert Document.objects.owned_by(application).filter(removed_at__isnull=True).count() == 0
    assert verify_audit_chain() == []


def test_downloading_an_erased_document_explains_it_in_the_pages_language(client, expired, settings):
    settings.RETENTION_PURGE_APPLY = True
    application, applicant = expired
    document = Document.objects.owned_by(application).first()
    purge_expired_task.delay()
    client.force_login(applicant)
    url = f"/portal/applications/{application.pk}/documents/{document.pk}/"

    chinese = client.get(url)
    english = client.get(url + "?lang=en")

    document.refresh_from_db()
    assert (chinese.status_code, english.status_code) == (410, 410)
    text = chinese.content.decode()
    assert "文件已删除" in text
    assert f"已于 {timezone.localtime(document.removed_at):%Y-%m-%d} 删除" in text
    assert "File deleted" in english.content.decode()
    assert "文件已删除" not in english.content.decode()


def test_an_erased_document_stays_hidden_from_those_who_may_not_see_it(client, expired, settings):
    settings.RETENTION_PURGE_APPLY = True
    application, _applicant = expired
    document = Document.objects.owned_by(application).first()
    purge_expired_task.delay()
    client.force_login(applicant_for(AwardApplicationFactory().organization))

    response = client.get(f"/portal/applications/{application.pk}/documents/{document.pk}/")

    assert response.status_code == 404
