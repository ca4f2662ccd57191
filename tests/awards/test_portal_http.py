"""The lifecycle through HTTP as the right users; wrong users get 403/404 at every step."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardApplication, State
from awards.selectors import assessment_items, edition_settings
from tests.awards.factories import PDF_BYTES, Cast, complete_application, complete_form_data
from workflows.documents.models import Document
from workflows.eligibility.models import EligibilityRule, RuleType

pytestmark = pytest.mark.django_db


def form_post_data(application) -> dict:
    data = complete_form_data(application)
    post = {
        k: data[k] for k in ["contact_name", "contact_phone", "contact_email", "employees", "main_products", "profile"]
    }
    for item in assessment_items(application.edition):
        post[f"sa_{item.pk}_score"] = str(item.max_points // 2)
        post[f"sa_{item.pk}_text"] = "自评说明"
    for i, row in enumerate(data["key_figures"]):
        for key, value in row.items():
            post[f"kf_{i}_{key}"] = str(value)
    post.update(
        {
            "decl_no_major_incident": "on",
            "decl_good_credit": "on",
            "integrity_commitment": "on",
            "integrity_signed_by": "张三",
            "expected_state": "draft",
        }
    )
    return post


def pdf_upload(name="a.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_walk_through_http_as_the_right_users(client):
    cast = Cast(has_defence=False, has_site_review=False)
    AwardApplication.objects.filter(pk=cast.application.pk).delete()
    rule = EligibilityRule.objects.create(
        edition=cast.edition, rule_type=RuleType.JURISDICTION, params={"region_prefix": "37"}
    )

    client.force_login(cast.applicant)
    response = client.post(reverse("awards:apply", args=[cast.edition.pk]), {"organization": cast.organization.pk})
    app = AwardApplication.objects.get(organization=cast.organization)
    assert response.url == reverse("awards:edit", args=[app.pk])
    client.post(reverse("awards:edit", args=[app.pk]), form_post_data(app))
    for required in edition_settings(cast.edition).required_documents:
        client.post(reverse("awards:upload", args=[app.pk]), {"slot": required["slot"], "file": pdf_upload()})
    client.post(reverse("awards:submit", args=[app.pk]), {"expected_state": "draft"})

    client.force_login(cast.recommender)
    client.post(
        reverse("awards:preliminary_review", args=[app.pk]),
        {
            "complete": "on",
            "authentic": "on",
            "well_formed": "on",
            "opinion": "同意",
            "letter": pdf_upload("letter.pdf"),
        },
    )
    client.post(
        reverse("awards:recommender_decision", args=[app.pk]), {"action": "recommend", "expected_state": "submitted"}
    )

    client.force_login(cast.secretariat)
    client.post(reverse("awards:staff_action", args=[app.pk]), {"action": "accept", "expected_state": "recommended"})
    client.post(
        reverse("awards:qualification", args=[app.pk]), {"rule": rule.pk, "passed": "1", "detail": "核验注册地"}
    )
    for action, seen in [
        ("qualify", "accepted"),
        ("start_material_review", "qualified"),
        ("advance_from_material_review", "material_review"),
        ("start_committee_deliberation", "comprehensive_evaluation"),
    ]:
        client.post(reverse("awards:staff_action", args=[app.pk]), {"action": action, "expected_state": seen})

    app.refresh_from_db()
    assert app.state == State.COMMITTEE_DELIBERATION
    client.force_login(cast.applicant)
    timeline = client.get(reverse("awards:detail", args=[app.pk])).context["timeline"]
    assert [e.label for e in timeline] == [
        "已提交，待推荐",
        "已推荐，待受理",
        "已受理",
        "资格审查通过",
        "评审中",
    ]


def _in_state(cast, state):
    complete_application(cast.application, cast.applicant)
    AwardApplication.objects.filter(pk=cast.application.pk).update(state=state, submitted_at=timezone.now())
    return cast.application


STEPS = [
    # (state, url name, post data, users who may not) — 404 for those who cannot see it, 403 for a wrong role
    ("draft", "awards:edit", {}, {"other_applicant": 404, "recommender": 404, "secretariat": 404, "expert": 404}),
    (
        "draft",
        "awards:submit",
        {"expected_state": "draft"},
        {"other_applicant": 404, "recommender": 404, "secretariat": 404},
    ),
    (
        "draft",
        "awards:detail",
        None,
        {"other_applicant": 404, "recommender": 404, "other_recommender": 404, "expert": 404},
    ),
    (
        "submitted",
        "awards:recommender_decision",
        {"action": "recommend", "expected_state": "submitted"},
        {"applicant": 403, "other_recommender": 404, "secretariat": 403, "expert": 404, "other_applicant": 404},
    ),
    (
        "submitted",
        "awards:preliminary_review",
        {"opinion": "x", "complete": "on", "authentic": "on", "well_formed": "on"},
        {"applicant": 403, "other_recommender": 404, "expert": 404},
    ),
    (
        "recommended",
        "awards:staff_action",
        {"action": "accept", "expected_state": "recommended"},
        {"applicant": 403, "recommender": 403, "other_recommender": 403, "expert": 403, "other_applicant": 403},
    ),
    ("accepted", "awards:qualification", None, {"applicant": 403, "recommender": 403, "expert": 403}),
]


@pytest.mark.parametrize("state,url_name,data,wrong_users", STEPS, ids=[f"{s[0]}-{s[1]}" for s in STEPS])
def test_wrong_users_are_refused_and_nothing_changes(client, state, url_name, data, wrong_users):
    cast = Cast()
    app = _in_state(cast, state)

    for who, expected_status in wrong_users.items():
        client.force_login(getattr(cast, who))
        url = reverse(url_name, args=[app.pk])
        response = client.get(url) if data is None else client.post(url, data)
        assert (who, response.status_code) == (who, expected_status)

    app.refresh_from_db()
    assert app.state == state
    assert app.preliminary_reviews.count() == 0


def test_lists_do_not_leak_other_regions_or_roles(client):
    cast = Cast()
    _in_state(cast, State.SUBMITTED)

    client.force_login(cast.other_recommender)
    rows = list(client.get(reverse("awards:recommender_queue")).context["page"])
    client.force_login(cast.other_applicant)
    own = client.get(reverse("awards:dashboard")).context["applications"]
    client.force_login(cast.applicant)
    staff_status = client.get(reverse("awards:staff_list")).status_code

    assert (rows, own, staff_status) == ([], [], 403)


def test_download_is_refused_to_outsiders_and_redirects_insiders(client):
    cast = Cast()
    app = _in_state(cast, State.SUBMITTED)
    doc = Document.objects.owned_by(app).first()
    url = reverse("awards:document", args=[app.pk, doc.pk])

    client.force_login(cast.other_applicant)
    outsider = client.get(url).status_code
    client.force_login(cast.recommender)
    insider = client.get(url)

    assert outsider == 404
    assert insider.status_code == 302
    assert "X-Amz-Signature=" in insider["Location"]


def test_stale_page_gets_a_clear_message(client):
    cast = Cast()
    app = _in_state(cast, State.RECOMMENDED)
    client.force_login(cast.secretariat)
    client.post(reverse("awards:staff_action", args=[app.pk]), {"action": "accept", "expected_state": "recommended"})

    response = client.post(
        reverse("awards:staff_action", args=[app.pk]),
        {"action": "accept", "expected_state": "recommended"},
        follow=True,
    )

    assert response.status_code == 200
    assert "此申报已被他人更改，请刷新页面后重试。" in messages_of(response)


def test_renamed_executable_upload_gives_message_and_leaves_nothing(client):
    cast = Cast()
    client.force_login(cast.applicant)
    before = {o.key for o in default_storage.bucket.objects.filter(Prefix="documents/")}
    exe = SimpleUploadedFile("licence.pdf", b"MZ\x90\x00" + b"\x00" * 400, content_type="application/pdf")

    response = client.post(
        reverse("awards:upload", args=[cast.application.pk]), {"slot": "business_licence", "file": exe}, follow=True
    )

    assert any("文件类型不允许" in m for m in messages_of(response))
    assert Document.objects.count() == 0
    assert {o.key for o in default_storage.bucket.objects.filter(Prefix="documents/")} == before


def test_oversize_upload_gives_message_and_leaves_nothing(client, settings):
    settings.DOCUMENT_MAX_BYTES = 10
    cast = Cast()
    client.force_login(cast.applicant)

    response = client.post(
        reverse("awards:upload", args=[cast.application.pk]),
        {"slot": "business_licence", "file": pdf_upload()},
        follow=True,
    )

    assert any("超过大小上限" in m for m in messages_of(response))
    assert Document.objects.count() == 0


def test_submission_after_deadline_is_refused_with_message(client, time_machine):
    cast = Cast(closes_at=dt.datetime(2026, 5, 18, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    complete_application(cast.application, cast.applicant)
    time_machine.move_to(dt.datetime(2026, 5, 18, 17, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    client.force_login(cast.applicant)

    response = client.post(
        reverse("awards:submit", args=[cast.application.pk]), {"expected_state": "draft"}, follow=True
    )

    cast.application.refresh_from_db()
    assert cast.application.state == State.DRAFT
    assert messages_of(response) == ["申报已于2026-05-18 17:00截止，不能再提交。"]


def test_profile_over_the_edition_limit_is_refused(client):
    cast = Cast(profile_char_limit=10)
    client.force_login(cast.applicant)
    data = form_post_data(cast.application)
    data["profile"] = "字" * 11

    response = client.post(reverse("awards:edit", args=[cast.application.pk]), data)

    cast.application.refresh_from_db()
    assert response.status_code == 422
    assert cast.application.profile == ""
    assert response.context["form"].errors["profile"]


def test_submitted_application_is_read_only(client):
    cast = Cast()
    app = _in_state(cast, State.SUBMITTED)
    client.force_login(cast.applicant)

    response = client.get(reverse("awards:edit", args=[app.pk]))

    assert response.url == reverse("awards:detail", args=[app.pk])


def test_banned_organisation_cannot_start_a_draft(client):
    from workflows.eligibility.services import record_ban

    cast = Cast()
    AwardApplication.objects.filter(pk=cast.application.pk).delete()
    record_ban(
        organization=cast.organization,
        program=cast.edition.program,
        reason="撤销",
        starts_on=dt.date(2025, 1, 1),
        years=10,
    )
    client.force_login(cast.applicant)

    response = client.post(reverse("awards:apply", args=[cast.edition.pk]), {"organization": cast.organization.pk})

    assert AwardApplication.objects.count() == 0
    assert any("2034-12-31" in m for m in messages_of(response))
