"""The scoring page shows the application beside the rubric (issue 18, problem 2), to the assigned,
declared, unconflicted expert only; everyone else gets 404 for the page and for each document link."""

import pytest

from tests.awards.factories import pdf
from workflows.documents.models import DocumentAccess
from workflows.documents.services import store_document
from workflows.review import services
from workflows.review.models import ExpertProfile

from .factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db

PROFILE = "本企业建立了覆盖全员的质量管理体系，连续三年开展质量月活动。"


@pytest.fixture
def world(drawn_panel):
    """Two dossiers, each with a document; the scoring expert of the first and a colleague drawn for
    both, all declared clean."""
    panel, (mine, other), _ = drawn_panel
    mine.profile = PROFILE
    mine.contact_name = "联系人王五"
    first_item = services.scoring_items(panel)[0]
    mine.self_assessment = {first_item.code: {"score": 38, "text": "领导层每季度评审质量目标"}}
    mine.key_figures = [
        {"year": 2025, "revenue": "81234", "profit": "5120", "quality_indicator": "一次交验合格率99.2%"}
    ]
    mine.save()
    doc_mine = store_document(owner=mine, slot="profile", uploaded_file=pdf(), uploaded_by=mine.created_by)
    doc_other = store_document(owner=other, slot="profile", uploaded_file=pdf(), uploaded_by=other.created_by)
    assignment = panel.assignments.filter(object_id=mine.pk).order_by("pk").first()
    colleague = panel.assignments.filter(object_id=mine.pk).exclude(pk=assignment.pk).first()
    # The colleague's assignment for the other dossier: theirs, but not a way to my dossier's documents.
    outsider = panel.assignments.filter(object_id=other.pk, expert=colleague.expert).first()
    for a in [assignment, colleague, outsider]:
        services.declare_conflict(a, has_conflict=False, reason="", actor=a.expert)
    return {
        "panel": panel,
        "mine": mine,
        "other": other,
        "doc_mine": doc_mine,
        "doc_other": doc_other,
        "assignment": assignment,
        "colleague": colleague,
        "outsider": outsider,
    }


def test_scoring_page_shows_the_dossier_next_to_the_form(client, world):
    assignment, doc = world["assignment"], world["doc_mine"]
    client.force_login(assignment.expert)

    page = client.get(f"/review/a/{assignment.pk}/").content.decode()

    dossier_pane = page[page.index('id="split-dossier"') : page.index('id="split-scoring"')]
    assert PROFILE in dossier_pane
    assert "领导层每季度评审质量目标" in dossier_pane  # self-assessment text
    assert "一次交验合格率99.2%" in dossier_pane and "81234" in dossier_pane  # key figures
    assert f"/review/a/{assignment.pk}/dossier/documents/{doc.pk}/" in dossier_pane
    assert 'id="score-form"' in page[page.index('id="split-scoring"') :]
    # Only this dossier's documents are offered.
    assert f"/documents/{world['doc_other'].pk}/" not in page


def test_opening_a_document_from_the_scoring_page_is_logged(client, world):
    assignment, doc = world["assignment"], world["doc_mine"]
    client.force_login(assignment.expert)

    response = client.get(f"/review/a/{assignment.pk}/dossier/documents/{doc.pk}/")

    assert response.status_code == 302  # a presigned URL (the test storage is S3)
    access = DocumentAccess.objects.get(document=doc)
    assert access.user == assignment.expert


def test_blind_stage_shows_the_code_not_the_applicant(client, world):
    assignment, mine = world["assignment"], world["mine"]
    settings = assignment.panel.edition.review_settings
    settings.identity_visible = False
    settings.save()
    client.force_login(assignment.expert)

    page = client.get(f"/review/a/{assignment.pk}/").content.decode()

    assert mine.organization.name not in page and mine.contact_name not in page
    assert assignment.code in page
    assert PROFILE in page  # the content stays readable; only who it is goes
    assert world["doc_mine"].original_name not in page


def test_a_document_of_another_application_is_404_through_my_assignment(client, world):
    assignment = world["assignment"]
    client.force_login(assignment.expert)

    response = client.get(f"/review/a/{assignment.pk}/dossier/documents/{world['doc_other'].pk}/")

    assert response.status_code == 404
    assert not DocumentAccess.objects.exists()


def test_another_experts_assignment_is_404_page_and_documents(client, world):
    assignment, doc = world["assignment"], world["doc_mine"]
    # The colleague scores the same dossier under their own assignment: they may not use mine.
    client.force_login(world["colleague"].expert)

    assert client.get(f"/review/a/{assignment.pk}/").status_code == 404
    assert client.get(f"/review/a/{assignment.pk}/dossier/").status_code == 404
    assert client.get(f"/review/a/{assignment.pk}/dossier/documents/{doc.pk}/").status_code == 404
    assert not DocumentAccess.objects.exists()


def test_a_document_of_one_dossier_is_404_through_an_assignment_for_another(client, world):
    outsider = world["outsider"]
    client.force_login(outsider.expert)

    response = client.get(f"/review/a/{outsider.pk}/dossier/documents/{world['doc_mine'].pk}/")

    assert response.status_code == 404
    assert not DocumentAccess.objects.exists()


def test_conflicted_expert_gets_404_for_the_page_and_every_document(client, world):
    assignment, mine, doc = world["assignment"], world["mine"], world["doc_mine"]
    # A tie found after a clean declaration: the expert's employer is the applicant.
    ExpertProfile.objects.filter(user=assignment.expert).update(employer_credit_code=mine.organization.credit_code)
    client.force_login(assignment.expert)

    responses = [
        client.get(f"/review/a/{assignment.pk}/"),
        client.get(f"/review/a/{assignment.pk}/dossier/"),
        client.get(f"/review/a/{assignment.pk}/dossier/documents/{doc.pk}/"),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    for response in responses:
        assert PROFILE not in response.content.decode()
        assert mine.organization.name not in response.content.decode()
    assert not DocumentAccess.objects.exists()


def test_undeclared_expert_sees_the_declaration_not_the_dossier(client, drawn_panel):
    panel, (mine, _), _ = drawn_panel
    mine.profile = PROFILE
    mine.save()
    doc = store_document(owner=mine, slot="profile", uploaded_file=pdf(), uploaded_by=mine.created_by)
    assignment = panel.assignments.filter(object_id=mine.pk).first()
    client.force_login(assignment.expert)

    page = client.get(f"/review/a/{assignment.pk}/").content.decode()
    document = client.get(f"/review/a/{assignment.pk}/dossier/documents/{doc.pk}/")

    assert "回避声明" in page and PROFILE not in page
    assert document.status_code == 404
    assert not DocumentAccess.objects.exists()


def test_an_expert_outside_the_panel_gets_404(client, world):
    stranger = ExpertProfileFactory().user
    client.force_login(stranger)
    assignment, doc = world["assignment"], world["doc_mine"]

    assert client.get(f"/review/a/{assignment.pk}/").status_code == 404
    assert client.get(f"/review/a/{assignment.pk}/dossier/documents/{doc.pk}/").status_code == 404


def test_a_required_document_is_named_as_the_call_names_it(client, world):
    """The expert sees 自评报告, the edition's name for the slot, not the slot's code."""
    mine, assignment = world["mine"], world["assignment"]
    report = store_document(owner=mine, slot="self_assessment_report", uploaded_file=pdf(), uploaded_by=mine.created_by)
    client.force_login(assignment.expert)

    page = client.get(f"/review/a/{assignment.pk}/").content.decode()
    link = page[page.index(f"/dossier/documents/{report.pk}/") :]
    link = link[: link.index("</a>")]

    assert "自评报告" in link and "self_assessment_report" not in link.split(">", 1)[1]
