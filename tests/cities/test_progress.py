"""The creation period (docs/cities.md): yearly progress reports against the plan, the
secretariat's acceptance or return, then the acceptance application and the expert panel's
scoring on the engine's review, aggregated to proposed or rejected."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cities import services
from cities.models import City, PlanItem, ProgressReport, State
from tests.awards.factories import PDF_BYTES
from tests.factories import applicant_for
from workflows.dates import yearly_due_dates
from workflows.review.models import Assignment, Panel, Stage
from workflows.review.services import scoring_items
from workflows.workdays import SHANGHAI

from .factories import CityGovernmentFactory, city_in_state
from .test_hearing import experts

pytestmark = pytest.mark.django_db
START = dt.date(2026, 3, 2)


def text(response) -> str:
    return response.content.decode()


def creating_city(**kwargs):
    """A city in its creation period since START with a plan of one indicator and one task."""
    city = city_in_state(State.CREATING, **kwargs)
    City.objects.filter(pk=city.pk).update(
        creation_starts_on=START, creation_ends_on=dt.date(2028, 3, 2), approved_on=dt.date(2026, 1, 5)
    )
    city.refresh_from_db()
    PlanItem.objects.create(
        city=city,
        title="产品质量监督抽查合格率",
        owner_department="市市场监管局",
        comparator="ge",
        target_value=95,
        unit="%",
    )
    PlanItem.objects.create(
        city=city,
        kind=PlanItem.Kind.TASK,
        title="建设质量基础设施一站式服务站",
        owner_department="市发改委",
        target_text="建成10个",
    )
    return city


def report_post(city, **overrides):
    indicator, task = city.plan_items.order_by("kind", "pk")
    data = {
        "year": "1",
        f"value_{indicator.pk}": "96.20",
        f"progress_{indicator.pk}": "met",
        f"note_{indicator.pk}": "全年抽查1200批次",
        f"progress_{task.pk}": "on_track",
        f"note_{task.pk}": "已建成6个",
        "narrative": "第一年完成方案既定任务。",
        "expected_state": State.CREATING,
    }
    data.update(overrides)
    return data


def test_due_dates_come_from_the_creation_start_and_the_editions_months():
    assert yearly_due_dates(START, 2, 1) == [dt.date(2027, 4, 2), dt.date(2028, 4, 2)]
    assert yearly_due_dates(dt.date(2028, 2, 29), 1, 0) == [dt.date(2029, 2, 28)]
    city = creating_city()
    assert services.progress_due_dates(city) == [(1, dt.date(2027, 4, 2)), (2, dt.date(2028, 4, 2))]


def test_a_city_reports_a_year_the_secretariat_returns_it_and_accepts_the_revision(client, secretariat):
    city = creating_city()
    officer = applicant_for(city.organization)
    client.force_login(officer)
    indicator = city.plan_items.get(kind=PlanItem.Kind.INDICATOR)
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        page = text(client.get(reverse("cities:workspace", args=[city.pk])))
        assert "2027-04-02" in page and "第2年" not in page.split('id="progress-form"')[1].split("</form>")[0]

        # A missing value is explained and what was typed stays.
        response = client.post(
            reverse("cities:submit_progress", args=[city.pk]), report_post(city, **{f"value_{indicator.pk}": ""})
        )
        assert response.status_code == 400
        assert "请填写完成值" in text(response) and "第一年完成方案既定任务。" in text(response)

        upload = SimpleUploadedFile("进展报告.pdf", PDF_BYTES, content_type="application/pdf")
        response = client.post(
            reverse("cities:submit_progress", args=[city.pk]), {**report_post(city), "document": upload}
        )
        assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.year, report.final, report.status, report.due_on) == (
        1,
        False,
        ProgressReport.Status.SUBMITTED,
        dt.date(2027, 4, 2),
    )
    assert report.lines.get(plan_item=indicator).achieved_value == Decimal("96.20")
    assert services.open_report_years(city, today=dt.date(2026, 12, 1)) == []

    client.force_login(secretariat)
    page = text(client.get(reverse("cities:staff_city", args=[city.pk])))
    assert "全年抽查1200批次" in page and "进展报告.pdf" in page
    download = client.get(reverse("cities:progress_document", args=[city.pk, report.pk]))
    assert download.status_code == 302 and "X-Amz-Signature" in download.url  # a short-lived presigned URL
    decide = reverse("cities:decide_progress", args=[city.pk, report.pk])
    response = client.post(decide, {"decision": "return", "reason": ""})
    assert response.status_code == 400 and "退回须填写理由" in text(response)
    assert client.post(decide, {"decision": "return", "reason": "请补充任务完成的佐证。"}).status_code == 302

    client.force_login(officer)
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        page = text(client.get(reverse("cities:workspace", args=[city.pk])))
        assert "请补充任务完成的佐证。" in page and "已退回修改" in page
        client.post(reverse("cities:submit_progress", args=[city.pk]), report_post(city, narrative="已补充佐证。"))
    report.refresh_from_db()
    assert (report.status, report.narrative, report.return_reason) == (
        ProgressReport.Status.SUBMITTED,
        "已补充佐证。",
        "",
    )

    client.force_login(secretariat)
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.decided_by) == (ProgressReport.Status.ACCEPTED, secretariat)
    assert client.post(decide, {"decision": "return", "reason": "再退"}).status_code == 400  # decided once


def test_report_decisions_are_on_the_audit_chain_and_emailed_to_the_city_once(
    secretariat, django_capture_on_commit_callbacks
):
    from django.core import mail

    from workflows.models import TransitionLog
    from workflows.notifications.models import Notification
    from workflows.selectors import verify_audit_chain

    city = creating_city()
    officer = applicant_for(city.organization)
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        report = services.submit_progress_report(
            city, actor=officer, year=1, narrative="第一年。", lines=_lines(city), uploaded_file=None
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_progress_report(report, actor=secretariat, accept=False, reason="请补充佐证。")
    logs = list(TransitionLog.objects.filter(object_id=str(city.pk)).order_by("pk"))
    assert [(log.transition, log.from_state, log.to_state, log.actor, log.reason) for log in logs] == [
        (
            "return_progress_report",
            State.CREATING,
            State.CREATING,
            secretariat,
            "第1年创建进展报告退回修改：请补充佐证。",
        )
    ]
    assert [(m.to, "请补充佐证。" in m.body) for m in mail.outbox] == [([officer.email], True)]
    assert verify_audit_chain() == []
    # The task run again (a Celery retry) sends nothing twice.
    from cities.tasks import notify_city_government

    assert notify_city_government(logs[0].pk) == 0
    assert Notification.objects.count() == 1
    # The public timeline does not list the decision (the state did not change).
    from cities.selectors import public_timeline

    assert "return_progress_report" not in [log.transition for log in public_timeline(city)]


def _lines(city) -> dict:
    indicator, task = city.plan_items.order_by("kind", "pk")
    return {
        indicator.pk: {"achieved_value": Decimal("96"), "progress": "met"},
        task.pk: {"progress": "on_track"},
    }


def test_only_the_city_reports_and_only_the_secretariat_decides(client, secretariat, shandong_group):
    city = creating_city()
    other = applicant_for(CityGovernmentFactory())
    client.force_login(other)
    assert client.post(reverse("cities:submit_progress", args=[city.pk]), report_post(city)).status_code == 404
    officer = applicant_for(city.organization)
    client.force_login(officer)
    upload = SimpleUploadedFile("进展报告.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(reverse("cities:submit_progress", args=[city.pk]), {**report_post(city), "document": upload})
    report = ProgressReport.objects.get()
    for user in (officer, shandong_group):
        client.force_login(user)
        assert (
            client.post(
                reverse("cities:decide_progress", args=[city.pk, report.pk]), {"decision": "accept"}
            ).status_code
            == 403
        )
    for user in (other, shandong_group):
        client.force_login(user)
        assert client.get(reverse("cities:progress_document", args=[city.pk, report.pk])).status_code == 404
    assert ProgressReport.objects.get().status == ProgressReport.Status.SUBMITTED


def acceptance_post(city, **overrides):
    data = report_post(city, narrative="两年创建任务全部完成。", **overrides)
    data.pop("year")
    return data


def score_through_pages(client, panel, percentage: int):
    for assignment in Assignment.objects.filter(panel=panel).select_related("expert"):
        client.force_login(assignment.expert)
        client.post(reverse("review:assignment", args=[assignment.pk]), {"action": "declare", "has_conflict": "no"})
        scores = {"action": "submit"}
        for item in scoring_items(panel):
            scores[f"pct_{item.pk}"] = str(percentage)
            scores[f"strengths_{item.pk}"] = f"{item.title}：达到要求"
        assert client.post(reverse("review:score", args=[assignment.pk]), scores).status_code == 302


@pytest.mark.parametrize(("percentage", "state"), [(100, State.PROPOSED), (50, State.REJECTED)])
def test_acceptance_application_panel_scoring_and_the_aggregated_decision(client, secretariat, percentage, state):
    city = creating_city()
    officer = applicant_for(city.organization)
    client.force_login(officer)
    client.post(reverse("cities:submit_progress", args=[city.pk]), report_post(city))
    # A yearly report still awaiting the secretariat holds the application back.
    response = client.post(reverse("cities:apply_acceptance", args=[city.pk]), acceptance_post(city))
    assert response.status_code == 400 and "尚有年度进展报告待审核" in text(response)
    ProgressReport.objects.update(status=ProgressReport.Status.ACCEPTED)
    assert client.post(reverse("cities:apply_acceptance", args=[city.pk]), acceptance_post(city)).status_code == 302
    city.refresh_from_db()
    assert city.state == State.ACCEPTANCE_APPLIED
    assert ProgressReport.objects.get(final=True).narrative == "两年创建任务全部完成。"

    experts(3)
    client.force_login(secretariat)
    deadline = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    action = reverse("cities:staff_action", args=[city.pk])
    response = client.post(
        action,
        {
            "action": "start_acceptance_review",
            "name": "验收专家组",
            "deadline": deadline,
            "size": "3",
            "expected_state": State.ACCEPTANCE_APPLIED,
        },
    )
    assert response.status_code == 302
    panel = Panel.objects.get()
    assert (panel.stage, panel.framework) == (Stage.INDICATOR_REVIEW, city.edition.criteria_framework)
    client.post(reverse("review:staff_panel", args=[panel.pk]), {"action": "draw", "seed": "acceptance"})

    # Before the panel's scores are final the desk says so and nothing moves.
    response = client.post(action, {"action": "propose", "expected_state": State.ACCEPTANCE_REVIEW})
    assert response.status_code == 400 and "尚未在评审管理中定稿" in text(response)

    assignment = Assignment.objects.filter(panel=panel).first()
    client.force_login(assignment.expert)
    client.post(reverse("review:assignment", args=[assignment.pk]), {"action": "declare", "has_conflict": "no"})
    assert "两年创建任务全部完成。" in text(client.get(reverse("review:dossier", args=[assignment.pk])))
    score_through_pages(client, panel, percentage)
    client.force_login(secretariat)
    client.post(reverse("review:staff_panel", args=[panel.pk]), {"action": "finalize"})
    assert client.post(action, {"action": "propose", "expected_state": State.ACCEPTANCE_REVIEW}).status_code == 302
    city.refresh_from_db()
    expert = Decimal("90.00") * percentage / 100
    assert (city.state, city.expert_score, city.final_score) == (state, expert, expert)


def test_the_city_applies_only_with_every_line_and_only_its_own_case(client):
    city = creating_city()
    indicator = city.plan_items.get(kind=PlanItem.Kind.INDICATOR)
    client.force_login(applicant_for(CityGovernmentFactory()))
    assert client.post(reverse("cities:apply_acceptance", args=[city.pk]), acceptance_post(city)).status_code == 404
    client.force_login(applicant_for(city.organization))
    response = client.post(
        reverse("cities:apply_acceptance", args=[city.pk]), acceptance_post(city, **{f"value_{indicator.pk}": "abc"})
    )
    assert response.status_code == 400 and "请填写数字" in text(response)
    city.refresh_from_db()
    assert city.state == State.CREATING and not ProgressReport.objects.exists()


def test_the_case_pages_cost_the_same_with_one_report_and_with_three(client, secretariat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    city = creating_city()
    officer = applicant_for(city.organization)
    items = list(city.plan_items.all())

    def add_report(year, final=False):
        report = ProgressReport.objects.create(
            city=city, year=year, final=final, narrative="进展", submitted_at=timezone.now(), submitted_by=officer
        )
        for item in items:
            report.lines.create(plan_item=item, achieved_value=1 if item.kind == "indicator" else None, progress="met")

    def cost(user, name):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=[city.pk])).status_code == 200
        return len(queries)

    add_report(1)
    cost(secretariat, "cities:staff_city")  # warm the per-process caches (site, content types)
    one = (cost(secretariat, "cities:staff_city"), cost(officer, "cities:workspace"))
    add_report(2)
    add_report(2, final=True)
    assert (cost(secretariat, "cities:staff_city"), cost(officer, "cities:workspace")) == one
