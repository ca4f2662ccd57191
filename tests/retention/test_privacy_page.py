"""The privacy page (个人信息保护说明) is rendered from the retention periods the purge applies."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from workflows.retention.models import RetentionPeriod

pytestmark = pytest.mark.django_db


def test_the_privacy_page_lists_every_period_from_the_data(client):
    RetentionPeriod.objects.filter(record_class="objections").update(years=7)

    page = client.get("/privacy/").content.decode()

    assert "个人信息保护说明" in page
    assert "自异议核查完成（或提交）之时起 7 年" in page
    assert page.count('<tr id="retention-') == RetentionPeriod.objects.count() == 5


def test_the_privacy_page_in_english_has_the_periods_in_english(client):
    page = client.get("/privacy/?lang=en").content.decode()

    assert "Personal information protection" in page
    assert "5 years from the application&#x27;s last step (or its creation)" in page
    assert "个人信息保护说明" not in page
    assert "申报联系人姓名" not in page


@pytest.mark.parametrize("url", ["/accessibility/", "/accounts/register/"])
def test_the_footer_and_the_registration_page_link_the_privacy_page(client, url):
    page = client.get(url).content.decode()

    assert 'href="/privacy/' in page


def test_staff_change_a_period_in_the_admin_and_the_page_follows(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    period = RetentionPeriod.objects.get(record_class="documents")
    url = reverse("wagtailsnippets_retention_retentionperiod:edit", args=[period.pk])

    response = client.post(
        url,
        {
            "record_class": "documents",
            "years": "8",
            "counted_from": period.counted_from,
            "what_is_kept": period.what_is_kept,
            "after_expiry": period.after_expiry,
        },
    )

    assert response.status_code == 302
    assert "自申报最后一次流转（或创建）之时起 8 年" in client.get("/privacy/").content.decode()


def test_the_objection_form_links_the_privacy_page(client):
    import datetime as dt

    import time_machine

    from tests.notices.factories import notice_edition, open_notice, proposed_candidate
    from workflows.workdays import SHANGHAI

    candidate = proposed_candidate(notice_edition(), name="青岛海岳精密制造有限公司")
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = open_notice([candidate])
    with time_machine.travel(dt.datetime(2025, 9, 29, 10, 0, tzinfo=SHANGHAI), tick=False):
        page = client.get(f"/objections/notice/{notice.pk}/").content.decode()

    assert 'href="/privacy/#retention"' in page
