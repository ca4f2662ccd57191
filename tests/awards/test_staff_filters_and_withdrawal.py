"""The applicant withdraws with a reason the secretariat can read; staff filter dossiers by province and date."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from awards.models import AwardApplication, State
from tests.awards.factories import Cast
from tests.factories import AwardApplicationFactory, OrganizationFactory, UserFactory
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def submitted(cast: Cast) -> AwardApplication:
    AwardApplication.objects.filter(pk=cast.application.pk).update(state=State.SUBMITTED, submitted_at=timezone.now())
    cast.application.refresh_from_db()
    return cast.application


def test_withdrawal_keeps_the_applicants_reason_in_the_log_and_shows_it_to_staff(client):
    cast = Cast()
    application = submitted(cast)
    client.force_login(cast.applicant)

    client.post(
        reverse("awards:withdraw", args=[application.pk]),
        {"expected_state": State.SUBMITTED, "reason": "  企业重组，下届再报  "},
    )

    application.refresh_from_db()
    log = TransitionLog.objects.filter(object_id=application.pk, transition="withdraw").get()
    assert (application.state, log.reason) == (State.WITHDRAWN, "企业重组，下届再报")
    client.force_login(cast.secretariat)
    page = client.get(reverse("awards:detail", args=[application.pk])).content.decode()
    assert "企业重组，下届再报" in page
    assert "已提交 → 已撤回" in page


def test_an_overlong_withdrawal_reason_is_cut_not_refused(client):
    cast = Cast()
    application = submitted(cast)
    client.force_login(cast.applicant)

    client.post(
        reverse("awards:withdraw", args=[application.pk]), {"expected_state": State.SUBMITTED, "reason": "理" * 900}
    )

    log = TransitionLog.objects.filter(object_id=application.pk, transition="withdraw").get()
    assert len(log.reason) == 500


def make_submitted(region_code: str, submitted_at: dt.datetime) -> AwardApplication:
    application = AwardApplicationFactory(organization=OrganizationFactory(region_code=region_code))
    AwardApplication.objects.filter(pk=application.pk).update(state=State.SUBMITTED, submitted_at=submitted_at)
    return application


def listed(client, **params) -> list[int]:
    response = client.get(reverse("awards:staff_list"), params)
    assert response.status_code == 200
    return sorted(application.pk for application in response.context["page"])


def test_staff_filter_by_province_and_shanghai_calendar_days(client):
    client.force_login(UserFactory(roles=[Role.SECRETARIAT]))
    # 00:30 on 2 March in Shanghai is still 1 March in UTC: the filter counts Shanghai calendar days.
    late_evening = make_submitted("370212", dt.datetime(2026, 3, 1, 23, 30, tzinfo=SHANGHAI))
    next_morning = make_submitted("370212", dt.datetime(2026, 3, 2, 0, 30, tzinfo=SHANGHAI))
    guangdong = make_submitted("440300", dt.datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI))

    assert listed(client, province="37") == sorted([late_evening.pk, next_morning.pk])
    assert listed(client, submitted_from="2026-03-01", submitted_to="2026-03-01") == sorted(
        [late_evening.pk, guangdong.pk]
    )
    assert listed(client, province="37", submitted_from="2026-03-02") == [next_morning.pk]


def test_reversed_date_range_is_explained_and_filters_nothing_out(client):
    client.force_login(UserFactory(roles=[Role.SECRETARIAT]))
    one = make_submitted("370212", timezone.now())

    response = client.get(reverse("awards:staff_list"), {"submitted_from": "2026-05-02", "submitted_to": "2026-05-01"})

    assert "起始日期不能晚于截止日期。" in response.content.decode()
    assert [application.pk for application in response.context["page"]] == [one.pk]
