"""Notice length and objection-review time stay within the program's bounds (issue 20 #5).

A notice of 0 calendar days used to open and close in the same instant; 1 working day was accepted.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import EditionFactory, ProgramFactory
from workflows.models import Edition
from workflows.notices.models import PublicNotice
from workflows.workdays import NoticeRulesInvalid

from .factories import open_notice, proposed_candidate

pytestmark = pytest.mark.django_db


def _edition(**rules):
    return EditionFactory(program=ProgramFactory(name="青岛市市长质量奖"), **rules)


@pytest.mark.parametrize(
    "rules,field,message",
    [
        (
            {"notice_length": 0, "notice_unit": "calendar"},
            "notice_length",
            "公示期不得少于5个工作日（青岛市市长质量奖的规则），当前为0天。",
        ),
        (
            {"notice_length": 1, "notice_unit": "working"},
            "notice_length",
            "公示期不得少于5个工作日（青岛市市长质量奖的规则），当前为1个工作日。",
        ),
        (
            {"notice_length": 31, "notice_unit": "calendar"},
            "notice_length",
            "公示期不得超过30天（青岛市市长质量奖的规则），当前为31天。",
        ),
        (
            {"objection_review_days": 0},
            "objection_review_days",
            "异议核查时限应为1至30个工作日（青岛市市长质量奖的规则），当前为0个工作日。",
        ),
        (
            {"objection_review_days": 45},
            "objection_review_days",
            "异议核查时限应为1至30个工作日（青岛市市长质量奖的规则），当前为45个工作日。",
        ),
    ],
)
def test_the_model_refuses_lengths_outside_the_programs_bounds(rules, field, message):
    edition = _edition()
    for name, value in rules.items():
        setattr(edition, name, value)
    with pytest.raises(ValidationError) as exc:
        edition.full_clean()
    assert exc.value.message_dict[field] == [message]


def test_lengths_within_the_bounds_are_accepted():
    edition = _edition(notice_length=5, notice_unit="working", objection_review_days=5)
    edition.full_clean()


@pytest.mark.parametrize("rules", [{"notice_length": 1, "notice_unit": "working"}, {"objection_review_days": 40}])
def test_the_service_refuses_to_open_a_notice_whose_rules_are_out_of_bounds(rules):
    edition = _edition()
    Edition.objects.filter(pk=edition.pk).update(**rules)  # as if written past the admin
    edition.refresh_from_db()
    with pytest.raises(NoticeRulesInvalid):
        open_notice([proposed_candidate(edition)], start=dt.date(2025, 9, 22))
    assert PublicNotice.objects.count() == 0


def test_a_calendar_day_notice_over_national_day_without_enough_working_days_is_refused():
    # 2025-10-01..10-07: seven calendar days, all holidays.
    edition = _edition(notice_length=7, notice_unit="calendar")
    with pytest.raises(NoticeRulesInvalid) as exc:
        open_notice([proposed_candidate(edition)], start=dt.date(2025, 10, 1))
    assert str(exc.value) == (
        "该公示期（2025-10-01至2025-10-07）只含0个工作日，少于青岛市市长质量奖规定的5个工作日，请延长公示期。"
    )


def test_the_same_calendar_day_notice_in_an_ordinary_week_opens():
    edition = _edition(notice_length=7, notice_unit="calendar")  # Mon 2025-09-15 .. Sun 09-21: 5 working days
    notice = open_notice([proposed_candidate(edition)], start=dt.date(2025, 9, 15))
    assert notice.last_day == dt.date(2025, 9, 21)


def test_zero_lengths_are_refused_by_the_database_too():
    from django.db import IntegrityError, transaction

    edition = _edition()
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.filter(pk=edition.pk).update(notice_length=0)


def test_the_program_refuses_a_maximum_below_its_minimum():
    program = ProgramFactory(min_notice_working_days=10, max_notice_length=5)
    with pytest.raises(ValidationError) as exc:
        program.full_clean()
    assert exc.value.message_dict["max_notice_length"] == ["公示期上限不能小于下限。"]


def test_the_admin_shows_the_message_and_keeps_the_input(client, django_user_model):
    edition = _edition()
    admin = django_user_model.objects.create_superuser("root", "root@example.test", "pw")
    client.force_login(admin)
    url = f"/admin/snippets/workflows/edition/edit/{edition.pk}/"
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for key in ("opens_at", "closes_at"):
        data[key] = getattr(edition, key).astimezone().strftime("%Y-%m-%d %H:%M")
    data.update({"notice_length": "1", "notice_unit": "working"})
    data = {k: v for k, v in data.items() if v is not False}
    response = client.post(url, data)
    body = response.content.decode()
    assert "公示期不得少于5个工作日（青岛市市长质量奖的规则），当前为1个工作日。" in body
    edition.refresh_from_db()
    assert edition.notice_length != 1
