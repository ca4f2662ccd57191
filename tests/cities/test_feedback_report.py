"""The city's feedback report (评审反馈报告) from its acceptance review through the engine's download:
bands per category, the panel's strengths and opportunities, no expert names, no individual scores."""

import re
import subprocess

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cities.models import City, State
from tests.factories import applicant_for
from workflows.review.services.feedback import release_feedback

from .feedback_setup import EXPERT_NAMES, INTERNAL_OPINION, city_with_sealed_acceptance_summary

pytestmark = pytest.mark.django_db


def _url(city) -> str:
    return reverse("review:feedback_report", args=[ContentType.objects.get_for_model(City).pk, city.pk])


def test_the_report_downloads_for_the_city_only_after_release(client, tmp_path):
    staff, city, panel = city_with_sealed_acceptance_summary()
    member = applicant_for(city.organization)
    client.force_login(member)
    before_page = client.get(f"/cities/mine/{city.pk}/").content.decode()
    before = client.get(_url(city)).status_code

    release_feedback(city.edition, actor=staff)
    page = client.get(f"/cities/mine/{city.pk}/").content.decode()
    response = client.get(_url(city))
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    compact = re.sub(r"\s+", "", text)

    assert (before, 'id="download-feedback"' in before_page) == (404, False)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _url(city) in page
    assert city.organization.name in compact and "反馈报告" in compact
    assert re.search(r"第\d档（\d+%–\d+%）", compact)  # a band per category
    assert "组长归纳优势" in compact and "组长归纳改进机会" in compact
    for hidden in (*EXPERT_NAMES, INTERNAL_OPINION, "专家个人意见", "个人建议"):
        assert hidden not in compact, hidden


def test_another_government_and_a_city_still_on_notice_get_nothing(client):
    staff, city, panel = city_with_sealed_acceptance_summary(state=State.PUBLIC_NOTICE)
    release_feedback(city.edition, actor=staff)
    member = applicant_for(city.organization)
    stranger = applicant_for(city_with_sealed_acceptance_summary(name="泉城市")[1].organization)

    client.force_login(member)
    on_notice = client.get(_url(city)).status_code
    City.objects.filter(pk=city.pk).update(state=State.PENDING_APPROVAL)  # the notice closed
    after_notice = client.get(_url(city)).status_code
    client.force_login(stranger)
    other = client.get(_url(city)).status_code

    assert (on_notice, after_notice, other) == (404, 200, 404)
