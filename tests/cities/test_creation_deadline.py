"""The daily creation-deadline check (docs/cities.md): a creation period that ended without an
acceptance application fails, logged and emailed; the beat schedule runs it."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from cities.models import City, State
from cities.tasks import fail_overdue_city_creations
from tests.factories import applicant_for
from workflows.models import TransitionLog
from workflows.workdays import SHANGHAI

from .factories import city_in_state

pytestmark = pytest.mark.django_db


def creating_city(state=State.CREATING, **kwargs):
    city = city_in_state(state, **kwargs)
    City.objects.filter(pk=city.pk).update(creation_starts_on=dt.date(2026, 3, 2), creation_ends_on=dt.date(2028, 3, 2))
    city.refresh_from_db()
    return city


def test_a_city_past_its_creation_period_fails_with_a_log_and_an_email(django_capture_on_commit_callbacks):
    city = creating_city(name="烟台市")
    officer = applicant_for(city.organization)

    with (
        time_machine.travel(dt.datetime(2028, 3, 3, 0, 0, 1, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        failed = fail_overdue_city_creations.delay().get()

    city.refresh_from_db()
    log = TransitionLog.objects.get(object_id=str(city.pk), transition="fail_creation")
    assert (failed, city.state) == ([city.pk], State.CREATION_FAILED)
    assert (log.actor, log.from_state, log.reason) == (None, State.CREATING, "创建期于 2028-03-02 届满，未申请验收。")
    assert [m.to for m in mail.outbox] == [[officer.email]]


def test_the_check_leaves_the_last_day_and_an_acceptance_application_alone():
    on_time = creating_city()
    applied = creating_city(state=State.ACCEPTANCE_APPLIED)

    with time_machine.travel(dt.datetime(2028, 3, 2, 23, 59, tzinfo=SHANGHAI), tick=False):
        assert fail_overdue_city_creations.delay().get() == []
    with time_machine.travel(dt.datetime(2028, 4, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        assert fail_overdue_city_creations.delay().get() == [on_time.pk]
        assert fail_overdue_city_creations.delay().get() == []  # idempotent

    applied.refresh_from_db()
    assert applied.state == State.ACCEPTANCE_APPLIED


def test_the_check_is_in_the_beat_schedule_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["cities-overdue-creations"]
    assert (entry["task"], entry["schedule"]) == ("cities.tasks.fail_overdue_city_creations", 86400.0)
