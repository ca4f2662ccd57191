"""Review reminders sent by a real Celery worker: the beat task goes through a broker, not eager mode.

The broker is the Redis that `.ci/run` starts (QAP_TEST_REDIS_URL), as in production; without one
(`make test` on a bare machine) kombu's in-process memory:// transport stands in. The worker runs in
a thread of this process (solo pool) and talks to the same test database, hence a transactional test.
A queue of this run's own keeps parallel runs on one Redis from taking each other's tasks.
"""

import datetime as dt
import os
import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from celery.signals import task_prerun
from django.conf import settings
from django.core import mail
from django.utils import timezone

from config.celery import app
from workflows.notifications.models import Notification
from workflows.review.tasks import send_review_reminders

from .helpers import declare_and_submit


def _use(conf: dict) -> None:
    app.conf.update(conf)
    # The app caches its result backend and broker pool on first use: rebuild them from the new settings.
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    app._pool = None
    app.__dict__.pop("amqp", None)  # its producer pool and queues were built for the old broker


@pytest.fixture
def worker():
    redis_url = os.environ.get("QAP_TEST_REDIS_URL", "")
    keys = ("task_always_eager", "broker_url", "result_backend", "task_default_queue")
    saved = {key: app.conf[key] for key in keys}
    _use(
        {
            "task_always_eager": False,
            "broker_url": redis_url or "memory://",
            "result_backend": redis_url or "cache+memory://",
            "task_default_queue": f"qap-test-{os.getpid()}",
        }
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as running:
            yield running
    finally:
        _use(saved)


def test_the_reminder_schedule_names_the_task():
    entry = settings.CELERY_BEAT_SCHEDULE["review-reminders"]
    assert entry["task"] == send_review_reminders.name


@pytest.mark.django_db(transaction=True)
def test_worker_reminds_each_member_who_has_not_submitted_once_a_day(drawn_panel, worker):
    panel, (first, second), experts = drawn_panel
    panel.deadline = timezone.now() + dt.timedelta(days=1)
    panel.save(update_fields=["deadline"])
    done, halfway, *idle = experts
    for dossier in (first, second):
        declare_and_submit(panel.assignments.get(expert=done, object_id=dossier.pk), 50)
    declare_and_submit(panel.assignments.get(expert=halfway, object_id=first.pk), 50)

    ran_in = []

    def record_thread(sender=None, **kwargs):
        ran_in.append(threading.current_thread().name)

    task_prerun.connect(record_thread, weak=False)
    try:
        result = send_review_reminders.delay()
        sent = result.get(timeout=30)
        again = send_review_reminders.delay().get(timeout=30)
    finally:
        task_prerun.disconnect(record_thread)

    # Through the broker to the worker's thread, not an eager call in this one.
    assert not isinstance(result, EagerResult)
    assert len(ran_in) == 2 and threading.current_thread().name not in ran_in
    assert (sent, again) == (4, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.email for e in [halfway, *idle])
    halfway_mail = next(m for m in mail.outbox if m.to == [halfway.email])
    halfway_code = panel.assignments.get(expert=halfway, object_id=second.pk).code
    assert "1份评审未提交" in halfway_mail.body and halfway_code in halfway_mail.body
    assert Notification.objects.filter(event_key__startswith=f"review.reminder:{panel.pk}:").count() == 4
    assert not Notification.objects.filter(email=done.email).exists()
