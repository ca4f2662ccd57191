"""Helpers for notice, objection and title tests: proposed candidates, an open notice, files."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

import cms.demo
from accounts.resident_id import make_resident_id
from accounts.roles import Role
from awards.models import AwardApplication
from tests.factories import AwardApplicationFactory, EditionFactory, OrganizationFactory, UserFactory
from workflows.notices import services
from workflows.notices.models import Objection

VALID_ID = make_resident_id("11010519491231002")  # the GB 11643 example number: ...002X
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def secretariat_user(**kwargs):
    return UserFactory(roles=[Role.SECRETARIAT], **kwargs)


def proposed_candidate(edition, *, name=None, tier="award", state="proposed") -> AwardApplication:
    organization = OrganizationFactory(**({"name": name} if name else {}))
    application = AwardApplicationFactory(edition=edition, organization=organization, tier=tier)
    # Reaching "proposed" is the review issue's business; these tests start there.
    AwardApplication.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


def notice_edition(**kwargs):
    defaults = {"notice_length": 7, "notice_unit": "working", "notice_start_day_counts": True}
    return EditionFactory(**{**defaults, **kwargs})


def open_notice(candidates, *, actor=None, start=dt.date(2025, 9, 26)):
    cms.demo.seed()
    with TestCase.captureOnCommitCallbacks(execute=True):  # publish the page as after a real commit
        return services.open_public_notice(candidates, actor=actor or secretariat_user(), start=start)


def pdf_upload(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def individual_objection(line, **overrides) -> services.ObjectionInput:
    data = {
        "notice_candidate_id": line.pk,
        "objector_type": Objection.ObjectorType.INDIVIDUAL,
        "grounds": Objection.Grounds.AUTHENTICITY,
        "text": "该单位申报材料中的质量指标数据与实际不符。",
        "objector_name": "王秘密",
        "id_number": VALID_ID,
        "phone": "13800138000",
    }
    data.update(overrides)
    return services.ObjectionInput(**data)
