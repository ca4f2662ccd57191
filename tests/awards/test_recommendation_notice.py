"""The recommending body's own notice (推荐公示): its window follows the edition's notice rules and the
working-day calendar; recommending after it needs the window over and a record of how it went."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.models import State
from tests.awards.factories import PDF_BYTES, Cast, complete_application, pdf
from workflows.documents.models import Document
from workflows.exceptions import TransitionNotAllowed

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY_BEFORE_NATIONAL_DAY = dt.datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)


def under_notice(cast: Cast):
    app = complete_application(cast.application, cast.applicant)
    app = services.submit_application(app, user=cast.applicant, expected_state=State.DRAFT)
    services.record_preliminary_review(
        app, user=cast.recommender, complete=True, authentic=True, well_formed=True, opinion="同意推荐", letter=pdf()
    )
    return services.open_recommendation_notice(app, user=cast.recommender, expected_state=State.SUBMITTED)


def stored_keys() -> set[str]:
    return {obj.key for obj in default_storage.bucket.objects.filter(Prefix="documents/")}


def test_the_notice_window_counts_working_days_across_national_day(time_machine):
    time_machine.move_to(FRIDAY_BEFORE_NATIONAL_DAY)
    cast = Cast(has_recommendation_notice=True, notice_length=5)

    app = under_notice(cast)

    # Fri 26 Sep (day one), Sun 28 Sep (make-up working day), Mon 29, Tue 30, then Thu 9 Oct after the holiday.
    assert (app.state, app.recommendation_notice_from, app.recommendation_notice_until) == (
        State.RECOMMENDATION_NOTICE,
        dt.date(2025, 9, 26),
        dt.date(2025, 10, 9),
    )


def test_an_edition_without_a_notice_cannot_open_one():
    cast = Cast(has_recommendation_notice=False)
    app = complete_application(cast.application, cast.applicant)
    app = services.submit_application(app, user=cast.applicant, expected_state=State.DRAFT)

    with pytest.raises(TransitionNotAllowed) as refused:
        services.open_recommendation_notice(app, user=cast.recommender, expected_state=State.SUBMITTED)

    assert refused.value.message == "本届次未设推荐公示。"


def test_an_edition_with_a_notice_cannot_skip_it(client):
    cast = Cast(has_recommendation_notice=True)
    app = complete_application(cast.application, cast.applicant)
    app = services.submit_application(app, user=cast.applicant, expected_state=State.DRAFT)
    services.record_preliminary_review(
        app, user=cast.recommender, complete=True, authentic=True, well_formed=True, opinion="同意推荐", letter=pdf()
    )
    client.force_login(cast.recommender)

    response = client.post(
        reverse("awards:recommender_decision", args=[app.pk]),
        {"action": "recommend", "expected_state": State.SUBMITTED},
        follow=True,
    )

    app.refresh_from_db()
    assert response.status_code == 200
    assert any("本届次须先进行推荐公示" in str(m) for m in response.context["messages"])
    assert app.state == State.SUBMITTED


def test_recommending_on_the_last_day_of_the_notice_is_refused(time_machine):
    time_machine.move_to(FRIDAY_BEFORE_NATIONAL_DAY)
    cast = Cast(has_recommendation_notice=True, notice_length=5)
    app = under_notice(cast)
    services.file_recommendation_notice_evidence(app, user=cast.recommender, uploaded_file=pdf("公示截图.pdf"))
    time_machine.move_to(dt.datetime(2025, 10, 9, 17, 0, tzinfo=SHANGHAI))

    with pytest.raises(services.NotEligible) as refused:
        services.recommend_application(app, user=cast.recommender, expected_state=State.RECOMMENDATION_NOTICE)

    app.refresh_from_db()
    assert "推荐公示至2025年10月9日，期满后方可推荐。" in refused.value.message
    assert app.state == State.RECOMMENDATION_NOTICE


def test_recommending_after_the_notice_without_its_record_is_refused(time_machine):
    time_machine.move_to(FRIDAY_BEFORE_NATIONAL_DAY)
    cast = Cast(has_recommendation_notice=True, notice_length=5)
    app = under_notice(cast)
    time_machine.move_to(dt.datetime(2025, 10, 10, 9, 0, tzinfo=SHANGHAI))

    with pytest.raises(services.IncompleteApplication) as refused:
        services.recommend_application(app, user=cast.recommender, expected_state=State.RECOMMENDATION_NOTICE)

    assert "请上传推荐公示情况" in refused.value.message


def test_the_recommender_files_the_record_and_recommends_in_one_step(client, time_machine):
    time_machine.move_to(FRIDAY_BEFORE_NATIONAL_DAY)
    cast = Cast(has_recommendation_notice=True, notice_length=5)
    app = under_notice(cast)
    time_machine.move_to(dt.datetime(2025, 10, 10, 9, 0, tzinfo=SHANGHAI))
    client.force_login(cast.recommender)

    client.post(
        reverse("awards:recommender_decision", args=[app.pk]),
        {
            "action": "recommend",
            "expected_state": State.RECOMMENDATION_NOTICE,
            "notice_evidence": SimpleUploadedFile("公示结果.pdf", PDF_BYTES, "application/pdf"),
        },
    )

    app.refresh_from_db()
    record = Document.objects.owned_by(app).current().get(slot=services.NOTICE_EVIDENCE_SLOT)
    assert (app.state, record.original_name, record.uploaded_by) == (
        State.RECOMMENDED,
        "公示结果.pdf",
        cast.recommender,
    )


def test_a_bad_record_file_is_explained_and_nothing_moves_or_stays(client, time_machine):
    time_machine.move_to(FRIDAY_BEFORE_NATIONAL_DAY)
    cast = Cast(has_recommendation_notice=True, notice_length=5)
    app = under_notice(cast)
    time_machine.move_to(dt.datetime(2025, 10, 10, 9, 0, tzinfo=SHANGHAI))
    client.force_login(cast.recommender)
    before = stored_keys()

    response = client.post(
        reverse("awards:recommender_decision", args=[app.pk]),
        {
            "action": "recommend",
            "expected_state": State.RECOMMENDATION_NOTICE,
            "notice_evidence": SimpleUploadedFile("公示结果.pdf", b"MZ\x90\x00" + b"\x00" * 300, "application/pdf"),
        },
        follow=True,
    )

    app.refresh_from_db()
    assert any("文件类型不允许" in str(m) for m in response.context["messages"])
    assert app.state == State.RECOMMENDATION_NOTICE
    assert not Document.objects.owned_by(app).filter(slot=services.NOTICE_EVIDENCE_SLOT).exists()
    assert stored_keys() == before


def test_only_the_recommender_of_the_region_files_the_record(time_machine):
    time_machine.move_to(FRIDAY_BEFORE_NATIONAL_DAY)
    cast = Cast(has_recommendation_notice=True, notice_length=5)
    app = under_notice(cast)

    for outsider in (cast.other_recommender, cast.applicant, cast.secretariat):
        with pytest.raises(services.NotPermitted):
            services.file_recommendation_notice_evidence(app, user=outsider, uploaded_file=pdf())

    assert not Document.objects.owned_by(app).filter(slot=services.NOTICE_EVIDENCE_SLOT).exists()


def test_the_applicant_sees_the_notice_window(client, time_machine):
    time_machine.move_to(FRIDAY_BEFORE_NATIONAL_DAY)
    cast = Cast(has_recommendation_notice=True, notice_length=5)
    app = under_notice(cast)
    client.force_login(cast.applicant)

    page = client.get(reverse("awards:detail", args=[app.pk])).content.decode()

    assert "2025-09-26 至 2025-10-09" in page
