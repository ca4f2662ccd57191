"""反馈报告: bands per category and the panel's strengths and opportunities, released per edition, to the applicant only."""

import re
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import applicant_for
from workflows.exceptions import NotPermitted
from workflows.models import TransitionLog
from workflows.review import feedback
from workflows.review.services import record_consensus
from workflows.review.services.feedback import AlreadyReleased, release_feedback
from workflows.review.services.summary import save_summary, seal_summary, summary_categories

from .summary_setup import EXPERT_NAMES, full_texts, scored_panel

pytestmark = pytest.mark.django_db


def sealed_world(state="eliminated"):
    staff, edition, panel, (application,), assignments, leader = scored_panel()
    save_summary(panel, application, opinion="内部综合意见", categories=full_texts(panel), actor=leader)
    seal_summary(panel, application, actor=leader)
    type(application).objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return staff, edition, panel, application, assignments, leader


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_bands_come_from_the_mean_or_the_consensus():
    staff, edition, panel, application, assignments, leader = sealed_world()
    report = feedback.build_report(application)
    (stage,) = report.stages
    assert [r["band"] for r in stage.rows] == [4] * len(summary_categories(panel))  # mean 65 % → 50–65 %
    assert stage.rows[0]["band_label"] == "第4档（50%–65%）"
    assert stage.rows[0]["strengths"].startswith("组长归纳优势")
    first_category = summary_categories(panel)[0]
    items = {c.pk: (90, "合议") for c in panel_items(panel) if c.parent_id == first_category.pk}
    record_consensus(panel, application, items=items, actor=leader)
    assert feedback.build_report(application).stages[0].rows[0]["band"] == 6


def panel_items(panel):
    from workflows.review.services import scoring_items

    return scoring_items(panel)


def test_release_is_one_logged_action_by_the_secretariat():
    staff, edition, panel, application, assignments, leader = sealed_world()
    with pytest.raises(NotPermitted):
        release_feedback(edition, actor=leader)
    assert not feedback.available_to_applicant(application)
    release_feedback(edition, actor=staff)
    assert TransitionLog.objects.filter(transition="review.feedback.release", actor=staff).count() == 1
    with pytest.raises(AlreadyReleased):
        release_feedback(edition, actor=staff)
    assert feedback.available_to_applicant(application)


@pytest.mark.parametrize(
    ("state", "due"),
    [
        ("eliminated", True),
        ("not_awarded", True),
        ("awarded", True),
        ("pending_approval", True),
        ("public_notice", False),
        ("proposed", False),
        ("committee_deliberation", False),
    ],
)
def test_due_after_the_notice_closes_or_a_decision_against(state, due):
    staff, edition, panel, application, assignments, leader = sealed_world(state)
    release_feedback(edition, actor=staff)
    assert feedback.available_to_applicant(application) is due


def test_no_report_without_a_sealed_summary():
    staff, edition, panel, (application,), assignments, leader = scored_panel(state="eliminated")
    save_summary(panel, application, opinion="草稿", categories=full_texts(panel), actor=leader)
    release_feedback(edition, actor=staff)
    assert feedback.build_report(application) is None
    assert not feedback.available_to_applicant(application)


def test_applicant_downloads_only_after_release_and_only_their_own(tmp_path):
    staff, edition, panel, application, assignments, leader = sealed_world()
    url = reverse("awards:feedback_report", args=[application.pk])
    detail = reverse("awards:detail", args=[application.pk])
    owner = Client()
    owner.force_login(applicant_for(application.organization))
    assert owner.get(url).status_code == 404
    assert "download-feedback" not in owner.get(detail).content.decode()
    release_feedback(edition, actor=staff)
    assert "download-feedback" in owner.get(detail).content.decode()
    response = owner.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    other = Client()
    from tests.factories import OrganizationFactory

    other.force_login(applicant_for(OrganizationFactory()))
    assert other.get(url).status_code == 404
    # staff use the preview, not the applicant's link
    staff_client = Client()
    staff_client.force_login(staff)
    assert staff_client.get(url).status_code == 404


def test_pdf_names_no_expert_and_shows_no_individual_score(tmp_path):
    staff, edition, panel, application, assignments, leader = sealed_world()
    release_feedback(edition, actor=staff)
    owner = Client()
    owner.force_login(applicant_for(application.organization))
    text = pdf_text(owner.get(reverse("awards:feedback_report", args=[application.pk])).content, tmp_path)
    assert "评审反馈报告" in text.replace(" ", "") or "反馈报告" in text
    assert "第4档" in text and "组长归纳优势" in text and "如何阅读本报告" in text
    compact = text.replace(" ", "")
    for name in EXPERT_NAMES:
        assert name not in compact
    for expert in (a.expert for a in assignments):
        assert expert.username not in text and str(expert) not in compact
    # Percentages only inside band labels (第N档（a%–b%）); no expert's comment, no point score, no opinion meant for staff.
    assert "%" not in re.sub(r"第\d档（\d+%–\d+%）", "", compact)
    assert not re.search(r"\d+\.\d{2}", compact)
    assert not re.search(r"专家\d", compact)
    for private in ("优势来自", "内部综合意见"):
        assert private not in compact


def test_staff_preview_and_release_page(client):
    staff, edition, panel, application, assignments, leader = sealed_world()
    client.force_login(staff)
    page = client.get(reverse("review:staff_feedback", args=[edition.pk])).content.decode()
    assert "未发布" in page and application.organization.name in page
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(application)
    preview = client.get(reverse("review:staff_feedback_preview", args=[edition.pk, ct.pk, application.pk]))
    assert preview.status_code == 200
    assert client.post(reverse("review:staff_feedback", args=[edition.pk]), {}).status_code == 302
    assert feedback.release_of(edition) is None  # not confirmed: nothing released
    client.post(reverse("review:staff_feedback", args=[edition.pk]), {"confirm": "yes"})
    assert feedback.release_of(edition) is not None
    leader_client = Client()
    leader_client.force_login(leader)
    assert leader_client.get(reverse("review:staff_feedback", args=[edition.pk])).status_code == 403


def test_preview_page_query_count_does_not_grow_with_dossiers(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for dossiers in (1, 3):
        staff, edition, panel, applications, assignments, leader = scored_panel(dossiers=dossiers, state="eliminated")
        client.force_login(staff)
        url = reverse("review:staff_feedback", args=[edition.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_held_result_keeps_the_report_closed():
    """Eliminated by the committee while the stage's results are held: the report would tell, so it waits."""
    from workflows.review.services import record_ballot

    staff, edition, panel, (application,), assignments, leader = scored_panel()
    save_summary(panel, application, opinion="意见", categories=full_texts(panel), actor=leader)
    seal_summary(panel, application, actor=leader)
    type(application).objects.filter(pk=application.pk).update(state="committee_deliberation")
    application.refresh_from_db()
    record_ballot(
        application, tier="award", members_present=5, votes_for=1, votes_against=4, abstentions=0, actor=staff
    )
    application.refresh_from_db()
    assert application.state == "eliminated"
    release_feedback(edition, actor=staff)
    assert not feedback.available_to_applicant(application)
    owner = Client()
    owner.force_login(applicant_for(application.organization))
    assert owner.get(reverse("awards:feedback_report", args=[application.pk])).status_code == 404


def test_release_emails_each_applicant_once_with_its_download_link(django_capture_on_commit_callbacks):
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core import mail

    from workflows.notifications.models import Notification
    from workflows.review.services.feedback import send_feedback_emails

    staff, edition, panel, applications, assignments, leader = scored_panel(dossiers=3, state="eliminated")
    due, not_due, unsealed = applications
    for application in (due, not_due):
        save_summary(panel, application, opinion="意见", categories=full_texts(panel), actor=leader)
        seal_summary(panel, application, actor=leader)
    type(not_due).objects.filter(pk=not_due.pk).update(state="public_notice")
    members = {a.pk: applicant_for(a.organization) for a in applications}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as pending:
        release_feedback(edition, actor=staff)
        assert mail.outbox == []  # nothing before the commit
    for callback in pending:
        callback()
    again = send_feedback_emails(edition.pk)  # a retried task

    ct = ContentType.objects.get_for_model(due)
    link = settings.SITE_URL + reverse("review:feedback_report", args=[ct.pk, due.pk])
    assert [m.to for m in mail.outbox] == [[members[due.pk].email]]
    assert edition.title in mail.outbox[0].subject and link in mail.outbox[0].body
    assert again == 0
    assert Notification.objects.filter(event_key=f"review.feedback:{ct.pk}:{due.pk}").count() == 1


def test_the_emailed_link_downloads_for_the_applicant_only():
    from django.contrib.contenttypes.models import ContentType

    from tests.factories import OrganizationFactory

    staff, edition, panel, application, assignments, leader = sealed_world()
    ct = ContentType.objects.get_for_model(application)
    url = reverse("review:feedback_report", args=[ct.pk, application.pk])
    owner, other, staff_client = Client(), Client(), Client()
    owner.force_login(applicant_for(application.organization))
    other.force_login(applicant_for(OrganizationFactory()))
    staff_client.force_login(staff)
    assert owner.get(url).status_code == 404  # not released yet
    release_feedback(edition, actor=staff)
    response = owner.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert other.get(url).status_code == 404 and staff_client.get(url).status_code == 404
    edition_ct = ContentType.objects.get_for_model(edition)
    assert owner.get(reverse("review:feedback_report", args=[edition_ct.pk, edition.pk])).status_code == 404
    assert owner.get(reverse("review:feedback_report", args=[999999, 1])).status_code == 404
