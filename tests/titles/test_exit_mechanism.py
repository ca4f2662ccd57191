"""Exit mechanism: periodic review, admonition, rectification, revocation with recovery and ban, expiry."""

import datetime as dt

import pytest
import time_machine

from accounts.models import Membership
from awards.services import start_application
from cms.models import NoticePage
from tests.factories import PASSWORD, EditionFactory, UserFactory
from tests.notices.factories import secretariat_user
from workflows.eligibility.selectors import active_ban
from workflows.exceptions import NotEligible, NotPermitted, TransitionNotAllowed
from workflows.selectors import transition_history
from workflows.titles import services
from workflows.titles.models import PeriodicReview, RecoveryTask, Title, TitleRules
from workflows.workdays import SHANGHAI

from .factories import awarded_title

pytestmark = pytest.mark.django_db

DECIDED_ON = dt.date(2026, 3, 2)


def _revoke(title, *, actor=None, trigger="fraud"):
    return services.revoke_title(
        title,
        trigger=trigger,
        reason="申报材料中的检测报告系伪造。",
        authority="青岛市人民政府",
        document_no="青政字〔2026〕1号",
        decided_on=DECIDED_ON,
        actor=actor or secretariat_user(),
    )


def test_revocation_for_fraud_publishes_a_revocation_notice(django_capture_on_commit_callbacks):
    title = awarded_title("青岛海岳精密制造有限公司")

    with django_capture_on_commit_callbacks(execute=True):
        revocation = _revoke(title)

    revocation.refresh_from_db()
    page = NoticePage.objects.get(pk=revocation.notice_page_id)
    assert (page.kind, page.live, page.get_parent().slug) == ("revocation", True, "notices")
    assert "青岛海岳精密制造有限公司" in page.title and "青政字〔2026〕1号" in page.body


def test_revocation_flips_the_title_and_logs_the_decision():
    title = awarded_title()

    _revoke(title)

    title.refresh_from_db()
    log = transition_history(title).last()
    assert (title.state, log.transition, log.attachments) == ("revoked", "revoke", ["青政字〔2026〕1号"])


def test_revocation_opens_recovery_tasks_from_the_editions_rules():
    title = awarded_title()
    TitleRules.objects.filter(edition=title.edition).update(prize_money=200000)

    revocation = _revoke(title)

    tasks = list(revocation.recovery_tasks.order_by("id").values_list("kind", "amount", "completed_at"))
    assert [(kind, amount) for kind, amount, _ in tasks] == [
        ("certificate", None),
        ("plaque", None),
        ("prize_money", 200000),
    ]
    assert [done for _, _, done in tasks] == [None, None, None]


def test_recovery_tasks_are_tracked_to_completion():
    title = awarded_title()
    revocation = _revoke(title)
    staff = secretariat_user()

    for task in revocation.recovery_tasks.all():
        services.complete_recovery_task(task, actor=staff, note="已收回")

    assert RecoveryTask.objects.filter(revocation=revocation, completed_at__isnull=True).count() == 0
    with pytest.raises(services.RecoveryAlreadyDone):
        services.complete_recovery_task(revocation.recovery_tasks.first(), actor=staff)


def test_revocation_writes_a_ban_from_the_editions_rule():
    title = awarded_title()

    revocation = _revoke(title)

    ban = active_ban(title.organization, title.edition.program, dt.date(2027, 1, 1))
    assert (ban.pk, ban.ends_on) == (revocation.ban_id, dt.date(2030, 3, 1))  # 4 years (edition default)


def test_editions_with_a_lifetime_ban_rule_ban_for_life():
    title = awarded_title()
    title.edition.ban_kind = "lifetime"
    title.edition.save()

    _revoke(title)

    assert active_ban(title.organization, title.edition.program, dt.date(2060, 1, 1)).is_lifetime is True


def test_a_new_application_in_the_next_edition_is_refused_with_the_bans_end_date():
    title = awarded_title()
    _revoke(title)
    applicant = UserFactory()
    Membership.objects.create(user=applicant, organization=title.organization)

    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        next_edition = EditionFactory(program=title.edition.program)
        with pytest.raises(NotEligible) as excinfo:
            start_application(edition=next_edition, organization=title.organization, user=applicant)

    assert "2030-03-01" in excinfo.value.message


def test_only_the_secretariat_may_revoke():
    title = awarded_title()

    with pytest.raises(NotPermitted):
        _revoke(title, actor=UserFactory())

    title.refresh_from_db()
    assert (title.state, RecoveryTask.objects.count()) == ("active", 0)


def test_a_revoked_title_cannot_be_revoked_twice():
    title = awarded_title()
    _revoke(title)

    with pytest.raises(TransitionNotAllowed):
        _revoke(title)


def test_periodic_review_to_rectification_and_back_to_active():
    title = awarded_title()
    TitleRules.objects.filter(edition=title.edition).update(rectification_working_days=10)
    staff = secretariat_user()
    review = title.periodic_reviews.first()

    with time_machine.travel(dt.datetime(2026, 10, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        services.start_periodic_review(review, actor=staff)
        review = services.conclude_periodic_review(
            review, outcome=PeriodicReview.Outcome.RECTIFICATION, memo="质量管理体系运行不到位", actor=staff
        )
    title.refresh_from_db()
    # 10 working days after 2026-10-20 (the calendar's data for 2026 covers it): 24:00 on 11-03.
    assert review.rectification_deadline == dt.datetime(2026, 11, 4, 0, 0, tzinfo=SHANGHAI)
    state_during = title.state

    services.restore_title(title, actor=staff, memo="整改完成")

    title.refresh_from_db()
    assert (state_during, title.state) == ("rectification", "active")
    assert review.outcome == "rectification"


def test_periodic_review_can_end_in_an_admonition():
    title = awarded_title()
    TitleRules.objects.filter(edition=title.edition).update(rectification_working_days=10)
    staff = secretariat_user()
    review = title.periodic_reviews.first()

    services.start_periodic_review(review, actor=staff)
    services.conclude_periodic_review(review, outcome=PeriodicReview.Outcome.ADMONISHED, memo="约谈", actor=staff)

    title.refresh_from_db()
    assert title.state == "admonished"


def test_a_failed_rectification_ends_in_revocation():
    title = awarded_title()
    TitleRules.objects.filter(edition=title.edition).update(rectification_working_days=10)
    staff = secretariat_user()
    review = title.periodic_reviews.first()
    with time_machine.travel(dt.datetime(2026, 10, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        services.start_periodic_review(review, actor=staff)
        services.conclude_periodic_review(
            review, outcome=PeriodicReview.Outcome.RECTIFICATION, memo="整改", actor=staff
        )

    _revoke(title, actor=staff, trigger="failed_review")

    title.refresh_from_db()
    assert (title.state, title.revocation.trigger) == ("revoked", "failed_review")


def test_expiry_task_expires_titles_after_their_last_valid_day():
    title = awarded_title()
    other = awarded_title("另一家有限公司")
    Title.objects.filter(pk=other.pk).update(valid_until=dt.date(2031, 1, 1))

    with time_machine.travel(dt.datetime(2030, 10, 19, 23, 0, tzinfo=SHANGHAI), tick=False):
        on_last_day = services.expire_due_titles()
    with time_machine.travel(dt.datetime(2030, 10, 20, 0, 30, tzinfo=SHANGHAI), tick=False):
        next_day = services.expire_due_titles()

    title.refresh_from_db()
    other.refresh_from_db()
    assert (on_last_day, next_day, title.state, other.state) == (0, 1, "expired", "active")


# --- staff screens ----------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 3])
def test_staff_review_list_query_count_is_flat(client, django_assert_num_queries, rows):
    staff = secretariat_user()
    for i in range(rows):
        awarded_title(f"复评单位{i}有限公司", staff=staff)
    client.login(username=staff.username, password=PASSWORD)
    client.get("/titles/staff/reviews/")

    with django_assert_num_queries(QUERIES_FOR_REVIEWS):
        response = client.get("/titles/staff/reviews/")

    assert response.content.decode().count('<tr class="review">') == rows * 4


# + the staff navigation (one count query for every desk) + the page's 共 N 条 count (50 a page).
QUERIES_FOR_REVIEWS = 8


@pytest.mark.parametrize("rows", [1, 3])
def test_staff_revocation_list_query_count_is_flat(client, django_assert_num_queries, rows):
    staff = secretariat_user()
    for i in range(rows):
        _revoke(awarded_title(f"撤销单位{i}有限公司", staff=staff), actor=staff)
    client.login(username=staff.username, password=PASSWORD)
    client.get("/titles/staff/revocations/")

    with django_assert_num_queries(QUERIES_FOR_REVOCATIONS):
        response = client.get("/titles/staff/revocations/")

    assert response.content.decode().count('class="card revocation"') == rows


# + the staff navigation (one count query for every desk) + the page's 共 N 条 count (50 a page).
QUERIES_FOR_REVOCATIONS = 9


@pytest.mark.parametrize("rows", [1, 3])
def test_staff_title_list_query_count_is_flat(client, django_assert_num_queries, rows):
    staff = secretariat_user()
    for i in range(rows):
        awarded_title(f"称号单位{i}有限公司", staff=staff)
    client.login(username=staff.username, password=PASSWORD)
    client.get("/titles/staff/")

    with django_assert_num_queries(QUERIES_FOR_TITLES):
        response = client.get("/titles/staff/")

    assert response.content.decode().count('<tr class="title-row">') == rows


# + the staff navigation (one count query for every desk) + the page's 共 N 条 count (50 a page).
QUERIES_FOR_TITLES = 8


@pytest.mark.parametrize("url", ["/titles/staff/", "/titles/staff/reviews/", "/titles/staff/revocations/"])
def test_staff_title_screens_are_closed_to_applicants_and_experts(client, url):
    awarded_title()
    client.login(username=UserFactory(roles=["expert"]).username, password=PASSWORD)

    assert client.get(url).status_code == 403


def test_revocation_over_http(client, django_capture_on_commit_callbacks):
    title = awarded_title()
    staff = secretariat_user()
    client.login(username=staff.username, password=PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/titles/staff/{title.pk}/revoke/",
            {
                "trigger": "major_incident",
                "reason": "发生重大质量安全事故",
                "authority": "青岛市人民政府",
                "document_no": "青政字〔2026〕9号",
                "decided_on": "2026-03-02",
            },
        )

    title.refresh_from_db()
    assert (response.status_code, title.state, title.revocation.trigger) == (302, "revoked", "major_incident")


def test_periodic_review_over_http_start_conclude_and_restore(client):
    title = awarded_title()
    TitleRules.objects.filter(edition=title.edition).update(rectification_working_days=10)
    review = title.periodic_reviews.first()
    staff = secretariat_user()
    client.login(username=staff.username, password=PASSWORD)

    with time_machine.travel(dt.datetime(2026, 10, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        client.post(f"/titles/staff/reviews/{review.pk}/")
        client.post(f"/titles/staff/reviews/{review.pk}/", {"outcome": "rectification", "memo": "限期整改"})
    title.refresh_from_db()
    state_after_review = title.state
    client.post(f"/titles/staff/{title.pk}/restore/", {"memo": "整改完成"})

    title.refresh_from_db()
    review.refresh_from_db()
    assert (state_after_review, review.outcome, title.state) == ("rectification", "rectification", "active")
