"""Zone feedback reports (issue 16): a zone the expert assessment did not pass downloads its report
once the secretariat has released both the stage's results and the edition's reports. The PDF
(read with pdftotext) gives each category's band, the panel's strengths and opportunities, and how
to read it; no expert's name, no individual score, no expert's own words, no internal opinion."""

import re
import subprocess

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from brands.models import State
from tests.factories import OrganizationFactory, applicant_for
from workflows.review.services.feedback import release_feedback
from workflows.review.services.release import release_results
from workflows.review.services.summary import summary_categories

from .feedback_setup import EXPERT_NAMES, OWN_WORDS, failed_zone

pytestmark = pytest.mark.django_db


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def world(secretariat):
    zone, panel, assignments = failed_zone(secretariat)
    member = Client()
    member.force_login(applicant_for(zone.organization))
    url = f"/review/feedback/{ContentType.objects.get_for_model(zone).pk}/{zone.pk}.pdf"
    return zone, panel, assignments, member, url


def test_nothing_before_both_releases(world, secretariat):
    zone, panel, assignments, member, url = world
    assert zone.state == State.REJECTED

    release_feedback(zone.edition, actor=secretariat)  # reports released, the stage's result still held
    held = (member.get(url).status_code, "download-feedback" in member.get(f"/zones/mine/{zone.pk}/").content.decode())
    release_results(zone.edition, "expert_assessment", actor=secretariat)
    workspace = member.get(f"/zones/mine/{zone.pk}/").content.decode()

    assert held == (404, False)
    assert f'href="{url}"' in workspace and 'id="download-feedback"' in workspace
    assert member.get(url).status_code == 200


def test_the_report_has_bands_and_the_panels_texts_and_nothing_about_experts(world, secretariat, tmp_path):
    zone, panel, assignments, member, url = world
    release_results(zone.edition, "expert_assessment", actor=secretariat)
    release_feedback(zone.edition, actor=secretariat)

    response = member.get(url)
    text = _pdf_text(response.content, tmp_path)
    compact = re.sub(r"\s+", "", text)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "反馈报告" in compact and "如何阅读本报告" in compact
    # Mean 35 % in every category → band 3 (30–45 %); each category with the leader's strengths and opportunities.
    categories = summary_categories(panel)
    # (The "how to read" table names each band once; every other band appears only there.)
    assert compact.count("第3档（30%–45%）") == len(categories) + 1 and len(categories) > 1
    assert [compact.count(f"第{n}档") for n in (1, 2, 4, 5, 6)] == [1] * 5
    for category in categories:
        assert f"组长归纳优势{category.code}" in compact and f"组长归纳改进{category.code}" in compact
    for name in EXPERT_NAMES:
        assert name not in compact
    for assignment in assignments:
        assert assignment.expert.username not in text
    for private in (OWN_WORDS, "仅供评审组内部的综合意见"):
        assert private not in compact
    # No individual percentage (30 / 40) and no point score outside the band labels.
    outside_bands = re.sub(r"第\d档（\d+%–\d+%）", "", compact)
    assert "%" not in outside_bands
    assert not re.search(r"\d+\.\d{2}", compact)
    assert str(zone.expert_score) not in compact


def test_only_the_zones_own_body_gets_it(world, secretariat):
    zone, panel, assignments, member, url = world
    release_results(zone.edition, "expert_assessment", actor=secretariat)
    release_feedback(zone.edition, actor=secretariat)

    outsider, staff, expert = Client(), Client(), Client()
    outsider.force_login(applicant_for(OrganizationFactory()))
    staff.force_login(secretariat)
    expert.force_login(assignments[0].expert)

    assert [c.get(url).status_code for c in (outsider, staff, expert, Client())] == [404, 404, 404, 302]
