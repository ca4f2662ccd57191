"""Bulk "send reminders" on the review desk (issue 18, "bulk actions ... send reminders"): each expert of
the checked panels with scores not all submitted gets one email, logged on the panel's audit chain; a
second click the same day sends nothing and says why; finalised and complete panels are reported."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from tests.factories import UserFactory
from workflows.exceptions import NotPermitted
from workflows.models import TransitionLog
from workflows.notifications.models import Notification
from workflows.review import services
from workflows.review.models import Assignment

from .helpers import declare_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, **kw: fn())


def _submit_all_of(panel, expert):
    for assignment in panel.assignments.filter(expert=expert):
        declare_and_submit(assignment, 60)


def test_every_expert_with_unsubmitted_scores_gets_one_logged_reminder(drawn_panel, staff, run_on_commit):
    panel, _, experts = drawn_panel
    _submit_all_of(panel, experts[0])

    outcome = services.remind_panels([panel.pk], actor=staff)

    assert sorted(expert.pk for _, expert, _ in outcome.reminded) == sorted(e.pk for e in experts[1:])
    assert {open_count for _, _, open_count in outcome.reminded} == {2}
    assert outcome.not_reminded == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.email for e in experts[1:])
    assert "2份评审未提交" in mail.outbox[0].body and "/review/" in mail.outbox[0].body
    logs = TransitionLog.objects.filter(transition="review.remind", object_id=str(panel.pk))
    assert sorted(logs.values_list("from_state", flat=True)) == sorted(str(e.pk) for e in experts[1:])
    assert set(logs.values_list("actor_id", flat=True)) == {staff.pk}
    assert Assignment.objects.filter(expert=experts[0], last_reminded_at__isnull=False).count() == 0


def test_a_second_click_the_same_day_sends_nothing_and_says_why(drawn_panel, staff, run_on_commit):
    panel, _, experts = drawn_panel
    services.remind_panels([panel.pk], actor=staff)

    again = services.remind_panels([panel.pk], actor=staff)

    assert again.reminded == []
    assert [reason for _, _, reason in again.not_reminded] == ["今天已提醒过该专家，每天最多提醒一次。"] * 5
    assert len(mail.outbox) == 5
    assert Notification.objects.filter(event_key__startswith=f"review.reminder.manual:{panel.pk}:").count() == 5
    assert TransitionLog.objects.filter(transition="review.remind").count() == 5


def test_the_next_day_an_overdue_expert_is_reminded_again_and_told_the_deadline_passed(
    drawn_panel, staff, run_on_commit
):
    panel, _, experts = drawn_panel
    for expert in experts[1:]:
        _submit_all_of(panel, expert)
    with time_machine.travel(panel.deadline - dt.timedelta(days=1)):
        services.remind_panels([panel.pk], actor=staff)
    with time_machine.travel(panel.deadline + dt.timedelta(days=1)):
        late = services.remind_panels([panel.pk], actor=staff)

    assert [expert.pk for _, expert, _ in late.reminded] == [experts[0].pk]
    assert len(mail.outbox) == 2
    assert "已超过截止时间" in mail.outbox[1].body and "已超过截止时间" not in mail.outbox[0].body


def test_finalised_and_complete_panels_are_reported_not_reminded(drawn_panel, staff, run_on_commit):
    panel, _, experts = drawn_panel
    for expert in experts:
        _submit_all_of(panel, expert)

    complete = services.remind_panels([panel.pk], actor=staff)
    panel.finalized_at = timezone.now()
    panel.save(update_fields=["finalized_at"])
    finalised = services.remind_panels([panel.pk], actor=staff)

    assert [(p.pk, e, reason) for p, e, reason in complete.not_reminded] == [
        (panel.pk, None, "本组专家的评审均已提交，无需提醒。")
    ]
    assert [(p.pk, e, reason) for p, e, reason in finalised.not_reminded] == [
        (panel.pk, None, "评审组已确定结果，无需提醒。")
    ]
    assert mail.outbox == []


def test_an_expert_without_an_email_is_named_with_the_reason(drawn_panel, staff, run_on_commit):
    panel, _, experts = drawn_panel
    experts[2].email = ""
    experts[2].save(update_fields=["email"])

    outcome = services.remind_panels([panel.pk], actor=staff)

    assert [(e.pk, reason) for _, e, reason in outcome.not_reminded] == [
        (experts[2].pk, "该专家未登记电子邮箱，请电话联系。")
    ]
    assert len(outcome.reminded) == 4


def test_only_the_secretariat_sends_reminders(drawn_panel):
    panel, _, _ = drawn_panel
    with pytest.raises(NotPermitted):
        services.remind_panels([panel.pk], actor=UserFactory(roles=[Role.COMMITTEE]))
    assert mail.outbox == []


def test_the_desk_summary_names_who_was_reminded_and_who_not(client, drawn_panel, staff):
    panel, _, experts = drawn_panel
    experts[2].email = ""
    experts[2].save(update_fields=["email"])
    client.force_login(staff)

    response = client.post("/review/staff/remind/", {"ids": [str(panel.pk)]}, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert response.redirect_chain[-1][0] == "/review/staff/#panel-list"
    assert messages[0].startswith("已向 4 位专家发送评审提醒：")
    assert f"{experts[0]}（第一组，2份）" in messages[0]
    assert messages[1:] == ["1 项未发送提醒：", f"第一组 · {experts[2]}：该专家未登记电子邮箱，请电话联系。"]


def test_nothing_checked_is_refused_before_anything_is_sent(client, drawn_panel, staff):
    client.force_login(staff)

    response = client.post("/review/staff/remind/", {}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["请至少勾选一个评审组。"]
    assert mail.outbox == []
