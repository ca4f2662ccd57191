"""Chromium: the holder finds its certificate PDF from its portal (issue 18, problem 7). The awarded
title is arranged through the notice services (tests/titles/factories.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Membership
from tests.browser_login import login_as
from tests.factories import UserFactory
from tests.journeys.conftest import shoot
from tests.notices.factories import notice_edition
from tests.titles.factories import awarded_title
from workflows.models import Program

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_holder_downloads_its_certificate_from_the_portal(demo, live_server, page, artifacts_dir):
    edition = notice_edition(
        program=Program.objects.get(slug="qingdao-mayor-quality-award"), year=dt.date.today().year + 1
    )
    title = awarded_title("青岛证书测试电器有限公司", edition=edition, render_pdf=True)
    holder = UserFactory()
    Membership.objects.create(user=holder, organization=title.organization)

    login_as(page, live_server, holder)
    page.goto(live_server.url + "/portal/")
    shoot(page, artifacts_dir, "journey18-holder-titles")
    with page.expect_download() as download:
        page.click("#my-titles >> text=下载证书（PDF）")

    assert download.value.suggested_filename.endswith(".pdf")
    assert title.certificate.serial_no in page.inner_text("#my-titles")
