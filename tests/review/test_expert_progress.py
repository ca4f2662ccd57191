"""Expert progress per panel and expert, reminders at configured offsets, escalation, replacement."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from tests.factories import UserFactory
from workflows.models import TransitionLog
from workflows.review import services
from workflows.review.exceptions import ReviewError
from workflows.review.models import (
    Assignment,
    Draw,
    PanelMember,
    StageSettings,
    parse_reminder_offsets,
)
from workflows.review.progress_selectors import overdue_members, panel_progress
from workflows.review.services.progress import escalate_overdue, record_opened, replace_expert

from .factories import ExpertProfileFactory, make_experts
from .helpers import declare_and_submit, items_at

pytestmark = pytest.mark.django_db


def _past_deadline(panel):
    panel.deadline = timezone.now() - dt.timedelta(hours=1)
    panel.save(update_fields=["deadline"])


def _by_expert(panel):
    return {e.member.expert_id: e for e in panel_progress(panel).experts}


def test_progress_counts_assigned_opened_scored_and_submitted(drawn_panel):
    panel, (first, second), experts = drawn_panel
    done, drafting, opener, *_ = experts
    for assignment in panel.assignments.filter(expert=done):
        declare_and_submit(assignment, 60)
    draft = panel.assignments.get(expert=drafting, object_id=first.pk)
    services.declare_conflict(draft, has_conflict=False, reason="", actor=drafting)
    services.save_scorecard(draft, items=items_at(panel, 50), actor=drafting)
    record_opened(draft)
    record_opened(panel.assignments.get(expert=opener, object_id=second.pk))

    rows = _by_expert(panel)

    assert [(rows[u.pk].assigned, rows[u.pk].opened, rows[u.pk].scored, rows[u.pk].submitted) for u in experts[:4]] == [
        (2, 0, 0, 2),
        (2, 1, 1, 0),
        (2, 1, 0, 0),
        (2, 0, 0, 0),
    ]
    progress = panel_progress(panel)
    assert (progress.assigned, progress.opened, progress.scored, progress.submitted) == (10, 2, 1, 2)
    assert progress.overdue == []  # the deadline has not passed


def test_opening_twice_keeps_the_first_time(drawn_panel):
    panel, _, _ = drawn_panel
    assignment = panel.assignments.first()
    with time_machine.travel(panel.deadline - dt.timedelta(days=5)):
        record_opened(assignment)
    first = Assignment.objects.get(pk=assignment.pk).opened_at
    record_opened(Assignment.objects.get(pk=assignment.pk))
    assert Assignment.objects.get(pk=assignment.pk).opened_at == first


def test_opening_the_dossier_page_records_it(client, drawn_panel):
    panel, _, _ = drawn_panel
    assignment = panel.assignments.first()
    services.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
    client.force_login(assignment.expert)

    response = client.get(f"/review/a/{assignment.pk}/dossier/")

    assert response.status_code == 200
    assert Assignment.objects.get(pk=assignment.pk).opened_at is not None


def test_reminder_offsets_parse_and_refuse_nonsense():
    assert parse_reminder_offsets("1, 7，3,3") == [7, 3, 1]
    with pytest.raises(ValueError):
        parse_reminder_offsets("7,x")


def test_reminders_go_out_at_each_offset_of_the_stage(drawn_panel):
    panel, _, experts = drawn_panel
    rules = panel.edition.review_settings
    rules.reminder_offsets = "2"
    rules.save()
    StageSettings.objects.create(settings=rules, stage=panel.stage, reminder_offsets="7,3")

    sent = {}
    for days_left in (10, 6.5, 6, 2.5, 1):
        with time_machine.travel(panel.deadline - dt.timedelta(days=days_left)):
            sent[days_left] = services.remind_unsubmitted()

    # The stage's own offsets (7 and 3 days) replace the edition's 2; each reaches each expert once.
    assert sent == {10: 0, 6.5: 5, 6: 0, 2.5: 5, 1: 0}
    assert len(mail.outbox) == 10


def test_a_late_panel_sends_one_reminder_not_one_per_offset(drawn_panel):
    panel, _, _ = drawn_panel
    rules = panel.edition.review_settings
    rules.reminder_offsets = "7,3,1"
    rules.save()
    with time_machine.travel(panel.deadline - dt.timedelta(hours=12)):
        assert services.remind_unsubmitted() == 5


def test_overdue_experts_are_escalated_once_to_the_secretariat(drawn_panel, staff):
    panel, _, experts = drawn_panel
    for assignment in panel.assignments.exclude(expert=experts[4]):
        declare_and_submit(assignment, 60)
    with time_machine.travel(panel.deadline + dt.timedelta(hours=2)):
        assert list(overdue_members().values_list("expert_id", flat=True)) == [experts[4].pk]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.db.transaction.on_commit", lambda fn, **kw: fn())
            first = escalate_overdue()
            again = escalate_overdue()
        progress = panel_progress(panel)

    assert (first, again) == (1, 0)
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "逾期" in mail.outbox[0].subject and str(experts[4]) in mail.outbox[0].body
    assert [e.member.expert_id for e in progress.escalated] == [experts[4].pk]
    assert TransitionLog.objects.filter(transition="review.escalate", object_id=str(panel.pk)).count() == 1


def test_replacing_an_expert_draws_by_the_same_rules_and_closes_their_dossiers(client, drawn_panel, staff):
    panel, (first, second), experts = drawn_panel
    gone = experts[4]
    declare_and_submit(panel.assignments.get(expert=gone, object_id=first.pk), 60)
    conflicted = ExpertProfileFactory(employer_credit_code=second.organization.credit_code).user
    fresh = ExpertProfileFactory().user
    initial = panel.draws.get(kind=Draw.Kind.INITIAL)

    new_id = replace_expert(panel, expert=gone, reason="逾期未提交", actor=staff)

    replacement = panel.draws.get(kind=Draw.Kind.REPLACEMENT)
    assert new_id == fresh.pk
    assert str(conflicted.pk) in replacement.excluded and gone.pk not in replacement.candidate_ids
    assert replacement.seed.startswith(initial.seed + ":")
    assert [r["rule"] for r in replacement.rules] == [r["rule"] for r in initial.rules]
    assert services.reproduce_draw(replacement) == replacement.drawn_ids
    assert PanelMember.objects.get(panel=panel, expert=gone).status == PanelMember.Status.REPLACED
    # The submitted dossier keeps its score; the open one moves to the replacement.
    assert dict(panel.assignments.filter(expert=gone).values_list("object_id", "status")) == {
        first.pk: Assignment.Status.ACTIVE,
        second.pk: Assignment.Status.REPLACED,
    }
    assert list(panel.assignments.filter(expert=fresh).values_list("object_id", flat=True)) == [second.pk]
    assert TransitionLog.objects.filter(transition="review.replace", reason="逾期未提交").count() == 1
    closed = panel.assignments.get(expert=gone, object_id=second.pk)
    client.force_login(gone)
    assert client.get(f"/review/a/{closed.pk}/dossier/").status_code == 404
    assert client.get(f"/review/a/{closed.pk}/").status_code == 302


def test_the_replacement_expert_is_invited_once_after_commit_with_the_deadline(
    drawn_panel, staff, django_capture_on_commit_callbacks
):
    from workflows.notifications.models import Notification
    from workflows.review.services.draws import send_replacement_invitation

    panel, (first, second), experts = drawn_panel
    fresh = ExpertProfileFactory().user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as pending:
        replace_expert(panel, expert=experts[4], reason="逾期未提交", actor=staff)
        assert mail.outbox == []  # nothing before the commit
    for callback in pending:
        callback()
    draw = panel.draws.get(kind=Draw.Kind.REPLACEMENT)
    again = send_replacement_invitation(draw.pk)  # a retried task

    deadline = timezone.localtime(panel.deadline).strftime("%Y-%m-%d %H:%M")
    assert [m.to for m in mail.outbox] == [[fresh.email]]
    assert panel.name in mail.outbox[0].subject and deadline in mail.outbox[0].body
    codes = set(panel.assignments.filter(expert=fresh).values_list("code", flat=True))
    assert codes and all(code in mail.outbox[0].body for code in codes)
    assert "/review/" in mail.outbox[0].body
    assert again == 0
    assert Notification.objects.filter(event_key=f"review.replacement:{draw.pk}:{fresh.pk}").count() == 1


def test_an_expert_with_everything_submitted_is_not_replaced(drawn_panel, staff):
    panel, _, experts = drawn_panel
    for assignment in panel.assignments.filter(expert=experts[0]):
        declare_and_submit(assignment, 60)
    ExpertProfileFactory()
    with pytest.raises(ReviewError):
        replace_expert(panel, expert=experts[0], reason="", actor=staff)
    assert panel.draws.count() == 1


def test_only_the_secretariat_replaces(drawn_panel):
    from workflows.exceptions import NotPermitted

    panel, _, experts = drawn_panel
    with pytest.raises(NotPermitted):
        replace_expert(panel, expert=experts[0], reason="", actor=experts[1])


def test_staff_replace_an_overdue_expert_from_the_panel_page(client, drawn_panel, staff):
    panel, _, experts = drawn_panel
    fresh = make_experts(1)[0]
    _past_deadline(panel)
    client.force_login(staff)
    page = client.get(f"/review/staff/panel/{panel.pk}/").content.decode()
    response = client.post(
        f"/review/staff/panel/{panel.pk}/", {"action": "replace", "expert": experts[2].pk, "reason": "逾期未提交"}
    )
    after = client.get(f"/review/staff/panel/{panel.pk}/").content.decode()

    assert 'id="expert-progress"' in page and page.count("替换并递补") == 5 and "逾期" in page
    assert response.status_code == 302
    assert "已替换" in after and f'data-expert="{fresh.pk}"' in after


def test_a_bad_expert_id_is_a_404_not_a_500(client, drawn_panel, staff):
    panel, _, _ = drawn_panel
    client.force_login(staff)
    response = client.post(f"/review/staff/panel/{panel.pk}/", {"action": "replace", "expert": "abc"})
    assert response.status_code == 404


def test_the_review_desk_flags_panels_with_overdue_experts(client, drawn_panel, staff):
    panel, _, _ = drawn_panel
    _past_deadline(panel)
    client.force_login(staff)
    html = client.get("/review/staff/").content.decode()
    assert html.count("5 位专家逾期") == 2 and "已提交 0/10" in html  # above the list and in its row


def test_committee_members_see_no_progress_of_named_experts(client, drawn_panel):
    client.force_login(UserFactory(roles=[Role.COMMITTEE]))
    html = client.get("/review/staff/").content.decode()
    assert 'id="panel-list"' not in html


# The review desk as before (session, user, roles, editions, panels, amendments, the staff
# navigation's counts, base.html) plus two for progress: the grouped assignment counts and the
# members, plus the page's 共 N 条 count (panels come 50 a page). Constant in panels.
@pytest.mark.parametrize("panels", [1, 3])
def test_review_desk_query_count_does_not_grow_with_panels(client, edition, staff, panels, django_assert_num_queries):
    from tests.factories import AwardApplicationFactory

    make_experts(5)
    for n in range(panels):
        dossier = AwardApplicationFactory(edition=edition, state="material_review")
        panel = services.create_panel(
            edition, stage="material_review", name=f"组{n}", dossiers=[dossier], deadline=edition.closes_at, actor=staff
        )
        services.draw_panel(panel, actor=staff, seed=f"s{n}")
    client.force_login(staff)
    client.get("/accounts/")
    with django_assert_num_queries(REVIEW_DESK_QUERIES):
        response = client.get("/review/staff/")
    assert response.content.decode().count("已提交 0/5") == panels


REVIEW_DESK_QUERIES = 12  # issue 14: ≤ 15; the staff navigation is one count query
