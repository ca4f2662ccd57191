"""Held results for cities: the hearing's and the acceptance review's outcomes reach the city government and
the public only once the secretariat releases the stage (workflows/review/release.py, docs/cities.md).

Before the release nothing tells the outcome: the workspace, "my cities", the public directory and
profile, the open-data API, search and emails show the city still in its hearing (申述答辩) or acceptance
review (验收评审), without the panel's score, the approval letter or the acceptance total. The release
(one logged action) shows everything and sends the held email once.
"""

import json
from decimal import Decimal

import pytest
from django.core import mail

from cities.models import City
from tests.factories import applicant_for
from workflows.review.exceptions import ReviewError
from workflows.review.models import HeldResult
from workflows.review.release import applicant_state
from workflows.review.services.release import release_results
from workflows.services import perform_transition

from .factories import city_in_state

pytestmark = pytest.mark.django_db

LETTER = "国市监质发〔2026〕77号"


@pytest.fixture
def member_of():
    def make(city):
        return applicant_for(city.organization, email=f"gov{city.pk}@city.example")

    return make


def _everything_seen(client, member, city) -> str:
    client.force_login(member)
    pages = [
        client.get("/cities/mine/").content.decode(),
        client.get(f"/cities/mine/{city.pk}/").content.decode(),
        client.get("/cities/").content.decode(),
        client.get(f"/cities/{city.pk}/").content.decode(),
        json.dumps(client.get("/api/v1/cities").json(), ensure_ascii=False),
        json.dumps(client.get(f"/api/v1/cities/{city.pk}").json(), ensure_ascii=False),
        client.get("/search/", {"q": city.name}).content.decode(),
        "\n".join(m.subject + m.body for m in mail.outbox if m.to == [member.email]),
    ]
    client.logout()
    anonymous = client.get(f"/cities/{city.pk}/").content.decode()
    return "\n".join([*pages, anonymous])


def _approve_creation(city, staff, capture):
    def record(locked):
        locked.hearing_score = Decimal("77.25")
        locked.approval_doc_no = LETTER
        locked.approved_on = locked.plan_due_on = city.created_at.date()

    with capture(execute=True):
        perform_transition(city, "approve_creation", actor=staff, expected_state="hearing", before=record)
    city.refresh_from_db()


def _conclude_acceptance(city, staff, capture, transition="propose"):
    def record(locked):
        locked.expert_score, locked.survey_score, locked.final_score = (
            Decimal("82.40"),
            Decimal("8.60"),
            Decimal("91.00"),
        )

    with capture(execute=True):
        perform_transition(city, transition, actor=staff, expected_state="acceptance_review", before=record)
    city.refresh_from_db()


def test_the_hearing_result_leaks_nowhere_before_release(
    client, secretariat, member_of, django_capture_on_commit_callbacks
):
    city = city_in_state("hearing", name="海岳市")
    member = member_of(city)
    _approve_creation(city, secretariat, django_capture_on_commit_callbacks)

    seen = _everything_seen(client, member, city)
    client.force_login(member)
    workspace = client.get(f"/cities/mine/{city.pk}/").content.decode()

    assert city.state == "planning" and HeldResult.objects.get().stage == "hearing"
    assert applicant_state(city) == "hearing"
    for leak in ("批准创建", "编制创建方案", LETTER, "77.25", "planning", "创建方案提交截止"):
        assert leak not in seen, leak
    assert 'id="city-state">申述答辩<' in workspace
    assert client.get("/api/v1/cities").json()["count"] == 0  # not public before its creation is approved
    assert client.get(f"/cities/{city.pk}/").status_code == 404
    assert [m for m in mail.outbox if m.to == [member.email]] == []


def test_the_hearing_release_shows_the_approval_and_sends_its_email_once(
    client, secretariat, member_of, django_capture_on_commit_callbacks
):
    city = city_in_state("hearing", name="海岳市")
    member = member_of(city)
    _approve_creation(city, secretariat, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        released = release_results(city.edition, "hearing", actor=secretariat)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ReviewError):
        release_results(city.edition, "hearing", actor=secretariat)  # once: a second release sends nothing

    seen = _everything_seen(client, member, city)
    emails = [m for m in mail.outbox if m.to == [member.email]]

    assert released == 1
    assert LETTER in seen and "批准创建（编制创建方案）" in seen and "创建方案提交截止" in seen
    assert client.get(f"/api/v1/cities/{city.pk}").json()["state"] == "planning"
    assert [m.subject for m in emails] == ["[海岳市] 批准创建（编制创建方案）"]


def test_the_acceptance_result_leaks_nowhere_before_release(
    client, secretariat, member_of, django_capture_on_commit_callbacks
):
    city = city_in_state("acceptance_review", name="泉城市")
    member = member_of(city)
    _conclude_acceptance(city, secretariat, django_capture_on_commit_callbacks)

    seen = _everything_seen(client, member, city)
    api = client.get("/api/v1/cities").json()["items"][0]

    assert city.state == "proposed" and applicant_state(city) == "acceptance_review"
    for leak in ("拟命名", "91.00", "82.40", "8.60", "proposed"):
        assert leak not in seen, leak
    assert (api["state"], api["status"]) == ("acceptance_review", "验收评审")
    assert city.name in seen  # the pages did render the city
    assert client.get("/api/v1/cities", {"status": "notice"}).json()["count"] == 0
    assert client.get("/api/v1/cities", {"status": "creating"}).json()["count"] == 1
    assert [m for m in mail.outbox if m.to == [member.email]] == []


def test_a_rejected_acceptance_shows_only_after_release(
    client, secretariat, member_of, django_capture_on_commit_callbacks
):
    city = city_in_state("acceptance_review", name="泉城市")
    member = member_of(city)
    _conclude_acceptance(city, secretariat, django_capture_on_commit_callbacks, transition="reject")

    listed_before = client.get("/api/v1/cities").json()["count"]
    with django_capture_on_commit_callbacks(execute=True):
        release_results(city.edition, "acceptance_review", actor=secretariat)
    listed_after = client.get("/api/v1/cities").json()["count"]

    assert (listed_before, listed_after) == (1, 0)  # 未通过 is not a public state
    assert [m.subject for m in mail.outbox if m.to == [member.email]] == ["[泉城市] 未通过"]


def test_the_acceptance_release_shows_the_scores(client, secretariat, member_of, django_capture_on_commit_callbacks):
    city = city_in_state("acceptance_review", name="泉城市")
    member = member_of(city)
    _conclude_acceptance(city, secretariat, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        release_results(city.edition, "acceptance_review", actor=secretariat)

    seen = _everything_seen(client, member, city)

    assert "拟命名" in seen
    assert client.get("/api/v1/cities", {"status": "notice"}).json()["count"] == 1
    assert [m.subject for m in mail.outbox if m.to == [member.email]] == ["[泉城市] 拟命名"]


def test_a_survey_closed_inside_the_acceptance_review_is_no_held_result(secretariat):
    city = city_in_state("acceptance_review")
    City.objects.filter(pk=city.pk).update(survey_opened_at=city.created_at)
    perform_transition(city, "close_survey", actor=secretariat)

    assert HeldResult.objects.count() == 0


def test_staff_see_the_true_state_while_it_is_held(client, secretariat, member_of, django_capture_on_commit_callbacks):
    city = city_in_state("acceptance_review", name="泉城市")
    _conclude_acceptance(city, secretariat, django_capture_on_commit_callbacks)
    client.force_login(secretariat)

    page = client.get(f"/cities/staff/{city.pk}/").content.decode()
    results = client.get(f"/review/staff/edition/{city.edition.pk}/results/").content.decode()

    assert "拟命名" in page
    assert 'data-stage="acceptance_review"' in results


def test_the_public_survey_aggregates_wait_for_the_acceptance_result(
    client, secretariat, django_capture_on_commit_callbacks
):
    """The survey's score is part of the acceptance total: its public aggregates are not published while
    the panel reviews nor while the result is held, and are once it is released (docs/surveys.md)."""
    city = city_in_state("acceptance_review", name="泉城市")
    City.objects.filter(pk=city.pk).update(survey_opened_at=city.created_at)
    perform_transition(city, "close_survey", actor=secretariat)  # ended while the panel still reviews
    results = f"/cities/survey/{city.pk}/results/"

    def published() -> tuple[int, bool]:
        return client.get(results).status_code, results in client.get(f"/cities/{city.pk}/").content.decode()

    during_review = published()
    _conclude_acceptance(city, secretariat, django_capture_on_commit_callbacks)
    while_held = published()
    with django_capture_on_commit_callbacks(execute=True):
        release_results(city.edition, "acceptance_review", actor=secretariat)

    assert during_review == (404, False)
    assert while_held == (404, False)
    assert published() == (200, True)


def test_a_conflict_exception_on_the_city_stays_out_of_what_the_city_reads(client, secretariat, member_of):
    """The engine's own entries on a case (a conflict-of-interest exception names the expert and why) are
    staff's: the city government's history lists its case's steps only."""
    from tests.review.factories import ExpertProfileFactory
    from workflows.review.services import Rule, override_conflict

    city = city_in_state("acceptance_review")
    expert = ExpertProfileFactory(user__last_name="回避例外专家")
    override_conflict(
        expert.user,
        city,
        rule=Rule.SAME_EMPLOYER,
        justification="该专家已于上月离职，人事证明已核验。",
        actor=secretariat,
    )
    member = member_of(city)

    seen = _everything_seen(client, member, city)
    client.force_login(secretariat)
    staff_page = client.get(f"/cities/staff/{city.pk}/").content.decode()

    assert "人事证明已核验" not in seen and f"expert={expert.user.pk}" not in seen
    assert "回避例外认定" in staff_page and "人事证明已核验" in staff_page
