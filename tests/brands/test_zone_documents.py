"""The zone call's document list (issue 18, "required documents ... on call pages rendered from the
edition's rule data"): ZoneRules.required_documents is what the call page lists, what the edit page
accepts (through the document service, saving typed edits first) and what submission refuses without."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from brands.models import State
from brands.selectors import call_terms
from tests.factories import applicant_for
from workflows.documents.models import Document

from .factories import CreatingBodyFactory, ZoneFactory, ZoneRulesFactory, figures, upload_through_the_edit_page

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def zone():
    rules = ZoneRulesFactory()
    return ZoneFactory(edition=rules.edition, organization=CreatingBodyFactory(region_code="370281"))


def test_the_call_lists_the_editions_documents_and_follows_a_change():
    rules = ZoneRulesFactory()
    before = call_terms(rules.edition)["documents"]
    rules.required_documents = [{"slot": "creation_plan", "label": "创建方案"}, {"slot": "map", "label": "园区四至图"}]
    rules.save()

    assert before == ["示范区申报书", "创建方案"]
    assert call_terms(rules.edition)["documents"] == ["创建方案", "园区四至图"]


def test_submission_names_each_missing_document_and_the_workspace_links_where_to_fix_it(client, zone):
    figures(zone, 2025)
    client.force_login(applicant_for(zone.organization))

    response = client.post(reverse("brands:submit", args=[zone.pk]), {"expected_state": State.DRAFT}, follow=True)

    zone.refresh_from_db()
    page = _text(response)
    assert zone.state == State.DRAFT
    assert "尚缺申报材料：示范区申报书、创建方案。请在“修改申请”页上传后再提交。" in page
    edit = reverse("brands:edit", args=[zone.pk])
    assert f'<a href="{edit}#doc-application_form">申报材料：示范区申报书</a>' in page
    assert f'<a href="{edit}#doc-creation_plan">申报材料：创建方案</a>' in page


def test_an_upload_saves_the_edit_typed_beside_it_and_then_submission_goes_through(client, zone):
    figures(zone, 2025)
    client.force_login(applicant_for(zone.organization))

    response = upload_through_the_edit_page(client, zone, summary="新写的简介，尚未单独保存")
    submitted = client.post(reverse("brands:submit", args=[zone.pk]), {"expected_state": State.DRAFT}, follow=True)

    zone.refresh_from_db()
    assert response.redirect_chain[-1][0] == reverse("brands:edit", args=[zone.pk]) + "#documents"
    assert "已上传：创建方案（creation_plan.pdf）。" in _text(response)
    assert zone.summary == "新写的简介，尚未单独保存"
    assert sorted(Document.objects.owned_by(zone).current().values_list("slot", flat=True)) == [
        "application_form",
        "creation_plan",
    ]
    assert zone.state == State.APPLIED, _text(submitted)


def test_a_refused_file_is_named_and_the_typed_fields_stay(client, zone):
    client.force_login(applicant_for(zone.organization))
    fake = SimpleUploadedFile("plan.pdf", b"not a pdf at all", content_type="application/pdf")

    response = client.post(
        reverse("brands:edit", args=[zone.pk]),
        {
            "expected_state": State.DRAFT,
            "name": zone.name,
            "park_name": zone.park_name,
            "region_code": zone.region_code,
            "leading_industry": "家电与智能制造",
            "industry_code": zone.industry_code,
            "area_km2": str(zone.area_km2),
            "summary": "",
            "upload": "creation_plan",
            "file_creation_plan": fake,
        },
    )

    zone.refresh_from_db()
    assert response.status_code == 400
    assert "创建方案：" in _text(response)
    assert 'value="家电与智能制造"' in _text(response) and zone.leading_industry == "家电与智能制造"
    assert Document.objects.owned_by(zone).count() == 0


def test_an_invalid_form_uploads_nothing_and_says_so(client, zone):
    client.force_login(applicant_for(zone.organization))
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    response = client.post(
        reverse("brands:edit", args=[zone.pk]),
        {"expected_state": State.DRAFT, "name": "", "park_name": zone.park_name, "region_code": "37",
         "leading_industry": "家电", "area_km2": "1", "upload": "creation_plan", "file_creation_plan": upload},
    )  # fmt: skip

    assert response.status_code == 400
    assert "文件尚未上传：请修正标出的错误后重新选择文件。" in _text(response)
    assert Document.objects.owned_by(zone).count() == 0


def test_only_a_draft_takes_documents():
    from brands import services
    from tests.awards.factories import pdf
    from workflows.exceptions import TransitionNotAllowed

    from .factories import zone_in_state

    applied = zone_in_state(State.APPLIED, organization=CreatingBodyFactory(region_code="370281"))
    with pytest.raises(TransitionNotAllowed):
        services.upload_zone_document(
            applied, user=applicant_for(applied.organization), slot="creation_plan", uploaded_file=pdf()
        )
