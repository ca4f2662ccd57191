"""Reminders to picked experts (issue 18, "send reminders"): on the panel page staff tick individual
experts; only those get the email (still once per expert per day, logged on the panel's audit chain),
and the summary says who was reminded and why each other picked expert was not."""

import pytest
from django.core import mail
from django.test import Client

from workflows.models import TransitionLog
from workflows.review import services
from workflows.review.services.progress import replace_expert

from .factories import make_experts
from .helpers import declare_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, **kw: fn())


def _members(panel):
    return [m.expert for m in panel.members.select_related("expert").order_by("expert_id")]


def test_only_the_picked_experts_are_reminded(drawn_panel, staff, run_on_commit):
    panel, _, _ = drawn_panel
    first, second, *others = _members(panel)

    outcome = services.remind_panels([panel.pk], actor=staff, expert_ids=[first.pk, second.pk])

    assert [expert.pk for _, expert, _ in outcome.reminded] == [first.pk, second.pk]
    assert outcome.not_reminded == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    logged = TransitionLog.objects.filter(transition="review.remind", object_id=str(panel.pk))
    assert sorted(logged.values_list("from_state", flat=True)) == sorted([str(first.pk), str(second.pk)])
    assert all(not a.last_reminded_at for e in others for a in panel.assignments.filter(expert=e))


def test_picked_experts_not_reminded_are_each_named_with_the_reason(drawn_panel, staff, run_on_commit):
    panel, _, _ = drawn_panel
    make_experts(1)  # one left in the pool for the replacement draw
    done, reminded, replaced, fresh, _ = _members(panel)
    for assignment in panel.assignments.filter(expert=done):
        declare_and_submit(assignment, 60)
    services.remind_panels([panel.pk], actor=staff, expert_ids=[reminded.pk])
    replace_expert(panel, expert=replaced, reason="退出", actor=staff)
    mail.outbox.clear()

    outcome = services.remind_panels([panel.pk], actor=staff, expert_ids=[done.pk, reminded.pk, replaced.pk, fresh.pk])

    assert [expert.pk for _, expert, _ in outcome.reminded] == [fresh.pk]
    assert {expert.pk: reason for _, expert, reason in outcome.not_reminded} == {
        done.pk: "该专家的评审均已提交，无需提醒。",
        reminded.pk: "今天已提醒过该专家，每天最多提醒一次。",
        replaced.pk: "该专家已不在本组（已替换），无需提醒。",
    }
    assert [m.to[0] for m in mail.outbox] == [fresh.email]


def test_the_panel_page_sends_the_ticked_experts_and_says_who_and_why(drawn_panel, staff, run_on_commit):
    panel, _, _ = drawn_panel
    done, picked, *_ = _members(panel)
    for assignment in panel.assignments.filter(expert=done):
        declare_and_submit(assignment, 60)
    client = Client()
    client.force_login(staff)

    page = client.get(f"/review/staff/panel/{panel.pk}/").content.decode()
    nothing = client.post("/review/staff/remind/", {"panel": panel.pk}, follow=True)
    sent_for_nothing = len(mail.outbox)
    sent = client.post("/review/staff/remind/", {"panel": panel.pk, "experts": [picked.pk, done.pk]}, follow=True)
    messages = [str(m) for m in sent.context["messages"]]

    # A box for each expert with something open; none for the one who submitted everything.
    assert f'name="experts" value="{picked.pk}" form="remind-experts"' in page
    assert f'name="experts" value="{done.pk}"' not in page
    assert "请至少勾选一位专家。" in nothing.content.decode() and sent_for_nothing == 0
    assert sent.redirect_chain[-1][0] == f"/review/staff/panel/{panel.pk}/#progress"
    assert messages == [
        f"已向 1 位专家发送评审提醒：{picked}（{panel.name}，2份）。",
        "1 项未发送提醒：",
        f"{panel.name} · {done}：该专家的评审均已提交，无需提醒。",
    ]
    assert [m.to[0] for m in mail.outbox] == [picked.email]


def test_a_finalised_panel_reminds_nobody_and_has_no_boxes(drawn_panel, staff, run_on_commit):
    panel, _, _ = drawn_panel
    for assignment in panel.assignments.all():
        declare_and_submit(assignment, 60)
    services.finalize_panel(panel, actor=staff)
    client = Client()
    client.force_login(staff)

    page = client.get(f"/review/staff/panel/{panel.pk}/").content.decode()
    outcome = services.remind_panels([panel.pk], actor=staff, expert_ids=[_members(panel)[0].pk])

    assert 'name="experts"' not in page and 'id="remind-experts"' not in page
    assert outcome.reminded == [] and [r for _, _, r in outcome.not_reminded] == ["评审组已确定结果，无需提醒。"]
