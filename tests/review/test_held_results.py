"""Held results: stage outcomes and committee decisions reach applicants only when the secretariat releases them.

Before the release nothing leaks: the portal's dashboard and case page, the own-applications API,
emails (mail.outbox) and search show the state the dossier was in before the result. The release
is one logged action that sends the held emails together; opening the public notice releases all.
"""

import json

import pytest
from django.core import mail

from accounts.models import Membership
from accounts.roles import Role
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from workflows.models import TransitionLog
from workflows.review import release
from workflows.review import services as review
from workflows.review.exceptions import ReviewError
from workflows.review.models import HeldResult, ResultRelease, ReviewSettings
from workflows.review.services.release import release_results
from workflows.services import perform_transition

pytestmark = pytest.mark.django_db

EMAIL = "applicant@haiyue.example"


@pytest.fixture
def world(db):
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition)
    application = AwardApplicationFactory(edition=edition, state="committee_deliberation")
    applicant = UserFactory(email=EMAIL, roles=[Role.APPLICANT])
    Membership.objects.create(user=applicant, organization=application.organization)
    return edition, application, applicant


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.SECRETARIAT], email="office@qap.example")


def _ballot(application, votes_for=7):
    review.record_ballot(
        application,
        tier="award",
        members_present=9,
        votes_for=votes_for,
        votes_against=9 - votes_for,
        abstentions=0,
        actor=UserFactory(roles=[Role.COMMITTEE]),
    )


def _applicant_emails():
    return [m for m in mail.outbox if m.to == [EMAIL]]


def _everything_the_applicant_sees(client, applicant, application) -> str:
    client.force_login(applicant)
    pages = [
        client.get("/portal/").content.decode(),
        client.get(f"/portal/applications/{application.pk}/").content.decode(),
        json.dumps(client.get("/api/v1/me/applications").json(), ensure_ascii=False),
        client.get("/search/", {"q": application.organization.name}).content.decode(),
        "\n".join(m.subject + m.body for m in _applicant_emails()),
    ]
    return "\n".join(pages)


def test_a_committee_decision_leaks_nowhere_before_release(client, world, django_capture_on_commit_callbacks):
    edition, application, applicant = world
    with django_capture_on_commit_callbacks(execute=True):
        _ballot(application)
    application.refresh_from_db()

    seen = _everything_the_applicant_sees(client, applicant, application)
    api = client.get("/api/v1/me/applications").json()["items"][0]

    assert application.state == "proposed"
    # The label as a status (badge, API, email subject); the next-step card of the committee stage
    # may say what the committee decides ("确定拟授奖名单"), not what it decided.
    assert ">拟授奖<" not in seen and '"拟授奖"' not in seen and "：拟授奖" not in seen and "proposed" not in seen
    assert (api["state"], api["status"]) == ("committee_deliberation", "评审中")
    assert _applicant_emails() == []


def test_the_release_shows_it_and_sends_the_held_email(client, world, staff, django_capture_on_commit_callbacks):
    edition, application, applicant = world
    with django_capture_on_commit_callbacks(execute=True):
        _ballot(application)
    with django_capture_on_commit_callbacks(execute=True):
        released = release_results(edition, "committee_deliberation", actor=staff)

    seen = _everything_the_applicant_sees(client, applicant, application)

    assert released == 1
    assert [m.subject for m in _applicant_emails()] == ["申报状态更新：拟授奖"]
    assert "拟授奖" in client.get(f"/portal/applications/{application.pk}/").content.decode()
    assert client.get("/api/v1/me/applications").json()["items"][0]["state"] == "proposed"
    assert ">拟授奖<" in seen and '"拟授奖"' in seen
    log = TransitionLog.objects.get(transition="review.release_results")
    assert (log.object_id, log.actor_id) == (str(edition.pk), staff.pk)


def test_a_stage_outcome_is_held_and_the_timeline_stops_before_it(client, world, staff):
    edition, _, applicant = world
    application = AwardApplicationFactory(edition=edition, state="material_review")
    Membership.objects.create(user=applicant, organization=application.organization)
    perform_transition(application, "eliminate", actor=staff, reason="得分低于进入答辩的分数线")

    client.force_login(applicant)
    page = client.get(f"/portal/applications/{application.pk}/").content.decode()

    assert ">未入选<" not in page and 'id="status">评审中<' in page
    assert "得分低于进入答辩的分数线" not in page
    assert release.applicant_state(application) == "material_review"
    assert HeldResult.objects.get().stage == "material_review"


def test_staff_release_a_stage_on_the_results_page(client, world, staff, django_capture_on_commit_callbacks):
    edition, application, _ = world
    with django_capture_on_commit_callbacks(execute=True):
        _ballot(application, votes_for=2)  # not passed: eliminated
    client.force_login(staff)

    page = client.get(f"/review/staff/edition/{edition.pk}/results/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/review/staff/edition/{edition.pk}/results/", {"stage": "committee_deliberation"})
    after = client.get(response.url).content.decode()

    assert 'data-stage="committee_deliberation"' in page and "发布并通知" in page
    assert response.status_code == 302
    assert "已发布" in after and "发布并通知" not in after
    assert [m.subject for m in _applicant_emails()] == ["申报状态更新：未入选"]


def test_a_stage_is_released_once(world, staff):
    edition, application, _ = world
    _ballot(application)
    release_results(edition, "committee_deliberation", actor=staff)
    with pytest.raises(ReviewError):
        release_results(edition, "committee_deliberation", actor=staff)
    assert ResultRelease.objects.count() == 1


def test_after_the_release_later_results_of_the_stage_show_at_once(world, staff):
    edition, application, _ = world
    release_results(edition, "committee_deliberation", actor=staff)
    _ballot(application)
    application.refresh_from_db()
    assert release.applicant_state(application) == "proposed"
    assert not HeldResult.objects.exists()


def test_only_the_secretariat_releases(world):
    from workflows.exceptions import NotPermitted

    edition, _, applicant = world
    with pytest.raises(NotPermitted):
        release_results(edition, "committee_deliberation", actor=applicant)


def test_a_bad_stage_is_a_message_not_a_500(client, world, staff):
    edition, _, _ = world
    client.force_login(staff)
    response = client.post(f"/review/staff/edition/{edition.pk}/results/", {"stage": "nonsense"}, follow=True)
    assert response.status_code == 200 and "该阶段没有需要发布的结果" in response.content.decode()


def test_opening_the_notice_releases_the_edition(world, django_capture_on_commit_callbacks):
    from tests.notices.factories import open_notice

    edition, application, _ = world
    edition.notice_length, edition.notice_unit, edition.notice_start_day_counts = 7, "working", True
    edition.save()
    with django_capture_on_commit_callbacks(execute=True):
        _ballot(application)
    application.refresh_from_db()

    open_notice([application])

    assert not HeldResult.objects.filter(release__isnull=True).exists()
    assert ResultRelease.objects.filter(edition=edition, stage="committee_deliberation").exists()
    subjects = [m.subject for m in _applicant_emails()]
    assert "申报状态更新：拟授奖" in subjects and "申报状态更新：公示中" in subjects


# session, user, role check, edition; held counts, releases; the program registry reads no rows;
# the staff navigation and base.html. Constant in held results.
@pytest.mark.parametrize("held", [1, 4])
def test_results_page_query_count_does_not_grow_with_held_results(
    client, world, staff, held, django_assert_num_queries
):
    edition, application, _ = world
    for _ in range(held):
        other = AwardApplicationFactory(edition=edition, state="material_review")
        perform_transition(other, "eliminate", actor=staff, reason="低于分数线")
    client.force_login(staff)
    client.get("/accounts/")
    with django_assert_num_queries(RESULTS_PAGE_QUERIES):
        response = client.get(f"/review/staff/edition/{edition.pk}/results/")
    assert f"<td>{held}</td>" in response.content.decode()


RESULTS_PAGE_QUERIES = 9  # issue 14: ≤ 15; the staff navigation is one count query
