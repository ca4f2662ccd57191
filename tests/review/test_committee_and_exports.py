"""Committee ballot (counts only, majority rule from the edition), exports, PDF, reminders."""

import datetime as dt
import io
import subprocess

import pytest
import time_machine
from django.core import mail
from openpyxl import load_workbook

from accounts.roles import Role
from tests.factories import AwardApplicationFactory, UserFactory
from workflows.models import TransitionLog
from workflows.review import services
from workflows.review.exceptions import ReviewError
from workflows.review.models import CommitteeBallot, ExportJob

from .helpers import declare_and_submit, exported_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return UserFactory(roles=[Role.COMMITTEE])


def test_simple_majority_passes_and_proposes_with_tier(edition, committee):
    dossier = AwardApplicationFactory(edition=edition, state="committee_deliberation")

    ballot = services.record_ballot(
        dossier, tier="award", members_present=9, votes_for=5, votes_against=3, abstentions=1, actor=committee
    )

    dossier.refresh_from_db()
    assert (ballot.passed, dossier.state, dossier.tier) == (True, "proposed", "award")
    assert TransitionLog.objects.get(transition="propose").reason == "出席9 同意5 反对3 弃权1"


def test_exactly_half_fails_a_strict_majority_and_eliminates(edition, committee):
    dossier = AwardApplicationFactory(edition=edition, state="committee_deliberation")
    services.record_ballot(
        dossier, tier="award", members_present=8, votes_for=4, votes_against=4, abstentions=0, actor=committee
    )
    dossier.refresh_from_db()
    assert dossier.state == "eliminated"


def test_two_thirds_rule_from_the_edition(edition, committee):
    edition.review_settings.ballot_majority_numerator = 2
    edition.review_settings.ballot_majority_denominator = 3
    edition.review_settings.ballot_majority_strict = False
    edition.review_settings.save()
    passing = AwardApplicationFactory(edition=edition, state="committee_deliberation")
    failing = AwardApplicationFactory(edition=edition, state="committee_deliberation")

    services.record_ballot(
        passing, tier="nomination", members_present=9, votes_for=6, votes_against=3, abstentions=0, actor=committee
    )
    services.record_ballot(
        failing, tier="award", members_present=9, votes_for=5, votes_against=4, abstentions=0, actor=committee
    )

    passing.refresh_from_db()
    failing.refresh_from_db()
    assert (passing.state, passing.tier, failing.state) == ("proposed", "nomination", "eliminated")


def test_counts_must_add_up_and_nothing_is_written_otherwise(edition, committee):
    dossier = AwardApplicationFactory(edition=edition, state="committee_deliberation")
    with pytest.raises(ReviewError):
        services.record_ballot(
            dossier, tier="award", members_present=9, votes_for=5, votes_against=1, abstentions=1, actor=committee
        )
    dossier.refresh_from_db()
    assert (dossier.state, CommitteeBallot.objects.count()) == ("committee_deliberation", 0)


def test_ballot_stores_counts_but_no_voter_identity():
    field_names = {f.name for f in CommitteeBallot._meta.get_fields()}
    assert not {"voter", "voters", "votes"} & field_names
    assert {"votes_for", "votes_against", "abstentions", "members_present"} <= field_names


def test_ballot_over_http_by_a_committee_member(client, edition, committee):
    dossier = AwardApplicationFactory(edition=edition, state="committee_deliberation")
    client.force_login(committee)
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(dossier)
    client.post(
        f"/review/staff/edition/{edition.pk}/ballot/{ct.pk}/{dossier.pk}/",
        {"tier": "award", "members_present": 7, "votes_for": 6, "votes_against": 1, "abstentions": 0},
    )
    dossier.refresh_from_db()
    assert dossier.state == "proposed"


def test_xlsx_has_scores_and_summary_and_csv_matches(client, drawn_panel, staff):
    panel, (dossier, _), _ = drawn_panel
    for assignment in panel.assignments.filter(object_id=dossier.pk):
        declare_and_submit(assignment, 60, strengths="领导作用突出")
    client.force_login(staff)

    xlsx = exported_bytes(client, panel.edition, "xlsx")
    csv_text = exported_bytes(client, panel.edition, "csv").decode("utf-8-sig")

    book = load_workbook(io.BytesIO(xlsx))
    scores, summary = book.worksheets
    assert scores.max_row == 1 + 5 * 23
    assert scores.cell(2, 10).value == "领导作用突出"
    assert summary.cell(2, 3).value == dossier.organization.name
    assert len(csv_text.strip().splitlines()) == 1 + 5 * 23


def test_exports_are_staff_only(client, drawn_panel):
    panel, _, experts = drawn_panel
    client.force_login(experts[0])
    response = client.post(f"/review/staff/edition/{panel.edition.pk}/exports/", {"fmt": "csv"})
    assert (response.status_code, ExportJob.objects.count()) == (403, 0)


def test_opinion_pdf_text_is_extractable_chinese(client, drawn_panel, tmp_path):
    panel, (dossier, _), _ = drawn_panel
    assignment = panel.assignments.filter(object_id=dossier.pk).first()
    declare_and_submit(assignment, 70, strengths="战略部署清晰", opportunities="数据分析不足")
    client.force_login(assignment.expert)

    response = client.get(f"/review/a/{assignment.pk}/opinion.pdf")
    pdf = tmp_path / "opinion.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout

    assert response["Content-Type"] == "application/pdf"
    for phrase in ("评审意见表", "战略部署清晰", "数据分析不足", "高层领导的作用"):
        assert phrase in text


def test_reminders_go_to_experts_who_have_not_submitted(drawn_panel):
    panel, _, experts = drawn_panel
    diligent = experts[0]
    for assignment in panel.assignments.filter(expert=diligent):
        declare_and_submit(assignment, 50)

    with time_machine.travel(panel.deadline - dt.timedelta(days=1)):
        sent = services.remind_unsubmitted()
        again = services.remind_unsubmitted()

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert (sent, again) == (4, 0)  # once per member with open dossiers, once a day
    assert recipients == sorted(e.email for e in experts[1:])
    assert "评审提醒" in mail.outbox[0].subject


def test_no_reminders_long_before_the_deadline(drawn_panel):
    panel, _, _ = drawn_panel
    with time_machine.travel(panel.deadline - dt.timedelta(days=10)):
        assert services.remind_unsubmitted() == 0
