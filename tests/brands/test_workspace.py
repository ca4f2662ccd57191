"""The creating body's workspace: its own zones only, actions through the services, no 500s."""

import pytest
from django.urls import reverse

from brands.models import State, ZoneReport
from tests.factories import applicant_for

from .factories import CreatingBodyFactory, ZoneFactory, zone_in_state

pytestmark = pytest.mark.django_db

# session, user, the user's creating bodies, the open zone editions, zones (one join for
# edition/program/organisation/extension), site + site settings (base.html), and the two
# permission lookups of the Wagtail user bar for a logged-in user, and the titles with their
# certificates (one join: the holder's certificate links)
MY_ZONES_QUERIES = 10


def test_my_zones_lists_only_the_members_zones(client):
    body = CreatingBodyFactory()
    officer = applicant_for(body)
    mine = ZoneFactory(organization=body)
    ZoneFactory(name="别人的示范区")
    client.force_login(officer)

    response = client.get(reverse("brands:mine"))

    assert [zone.pk for zone in response.context["zones"]] == [mine.pk]
    assert "别人的示范区" not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_my_zones_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    body = CreatingBodyFactory()
    officer = applicant_for(body)
    for _ in range(rows):
        ZoneFactory(organization=body)
    client.force_login(officer)
    client.get(reverse("brands:mine"))

    with django_assert_num_queries(MY_ZONES_QUERIES):
        response = client.get(reverse("brands:mine"))

    assert len(response.context["zones"]) == rows


@pytest.mark.parametrize("name", ["workspace", "file_report", "request_extension", "apply_acceptance"])
def test_another_bodys_zone_is_not_found(client, name):
    zone = zone_in_state(State.UNDER_CREATION)
    outsider = applicant_for(CreatingBodyFactory())
    client.force_login(outsider)
    method = client.get if name == "workspace" else client.post

    response = method(reverse(f"brands:{name}", args=[zone.pk]), {"reason": "x", "kind": "creation_progress"})

    assert response.status_code == 404
    assert (zone.reports.count(), hasattr(zone, "extension_request")) == (0, False)


def test_anonymous_visitors_are_sent_to_login(client):
    zone = zone_in_state(State.UNDER_CREATION)

    response = client.get(reverse("brands:workspace", args=[zone.pk]))

    assert (response.status_code, response.url.startswith(reverse("accounts:login"))) == (302, True)


def test_filing_a_progress_report(client):
    zone = zone_in_state(State.UNDER_CREATION)
    client.force_login(applicant_for(zone.organization))

    response = client.post(
        reverse("brands:file_report", args=[zone.pk]),
        {"kind": ZoneReport.Kind.CREATION_PROGRESS, "year": 2026, "summary": "完成品牌规划编制"},
        follow=True,
    )

    report = zone.reports.get()
    assert (report.kind, report.year, report.summary) == (ZoneReport.Kind.CREATION_PROGRESS, 2026, "完成品牌规划编制")
    assert "报告已提交。" in response.content.decode()


def test_a_second_extension_request_gets_a_message_not_an_error(client):
    zone = zone_in_state(State.UNDER_CREATION)
    client.force_login(applicant_for(zone.organization))
    url = reverse("brands:request_extension", args=[zone.pk])
    client.post(url, {"reason": "第一次"})

    response = client.post(url, {"reason": "第二次"}, follow=True)

    assert response.status_code == 200
    assert "筹建期只能申请延期一次。" in response.content.decode()
    assert zone.extension_request.reason == "第一次"


def test_applying_for_acceptance_without_figures_explains_why(client):
    zone = zone_in_state(State.UNDER_CREATION)
    client.force_login(applicant_for(zone.organization))

    response = client.post(reverse("brands:apply_acceptance", args=[zone.pk]), follow=True)

    zone.refresh_from_db()
    assert zone.state == State.UNDER_CREATION
    assert "请先填报年度数据。" in response.content.decode()
