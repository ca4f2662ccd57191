"""Certificates conferred together are rendered after commit in batches, one background task each."""

import threading

import pytest
from django.test import TestCase

from tests.factories import AwardApplicationFactory
from workflows import background
from workflows.documents import pdf
from workflows.titles.certificates import issue_certificate_batch
from workflows.titles.models import Certificate
from workflows.titles.services import confer_title

from .factories import APPROVED_ON, awarded_title

pytestmark = pytest.mark.django_db


def _confer(dossier):
    return confer_title(
        dossier, holder_name="", tier_label="", approval_document_no="青政字〔2025〕1号", approval_date=APPROVED_ON
    )


def test_certificates_conferred_in_one_transaction_go_to_the_worker_in_batches(settings, monkeypatch):
    settings.CERTIFICATE_BATCH_SIZE = 2
    sent = []
    monkeypatch.setattr(background, "dispatch", lambda task, *args: sent.append((task.name, args)))
    dossiers = AwardApplicationFactory.create_batch(3)

    with TestCase.captureOnCommitCallbacks(execute=True):
        ids = [_confer(dossier).certificate.pk for dossier in dossiers]

    assert sent == [
        ("workflows.titles.tasks.render_certificate_batch", (ids[:2],)),
        ("workflows.titles.tasks.render_certificate_batch", (ids[2:],)),
    ]
    assert Certificate.objects.filter(pk__in=ids, pdf__isnull=False).count() == 0  # nothing rendered in the request


def test_a_batch_renders_what_is_missing_and_skips_rendered_and_deleted_certificates():
    rendered = awarded_title("青岛甲方精密制造有限公司", render_pdf=True).certificate
    waiting = awarded_title("青岛乙方精密制造有限公司").certificate
    rendered.refresh_from_db()
    first_pdf = rendered.pdf_id

    count = issue_certificate_batch([rendered.pk, 987654, waiting.pk])

    rendered.refresh_from_db()
    waiting.refresh_from_db()
    assert (count, rendered.pdf_id == first_pdf, waiting.pdf is not None) == (1, True, True)


def test_the_pdf_renderer_keeps_one_font_configuration_per_thread():
    """A new configuration per document is what made memory grow by megabytes per certificate."""
    here = [pdf._font_config(), pdf._font_config()]
    there = []
    worker = threading.Thread(target=lambda: there.append(pdf._font_config()))
    worker.start()
    worker.join()

    assert (here[0] is here[1], there[0] is here[0]) == (True, False)
