import datetime as dt

import pytest
import time_machine
from django.utils import timezone

import cms.demo
from cms.models import CallPage, NoticePage
from tests.api.factories import add_notice, site_with_calls
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def test_calls_list_shows_live_calls_with_their_edition_dates(client):
    site_with_calls(2)

    response = client.get("/api/v1/calls")

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2
    assert sorted(item["url"] for item in body["items"]) == [
        "http://localhost/calls/call-0/",
        "http://localhost/calls/call-1/",
    ]
    first = body["items"][0]
    edition = CallPage.objects.get(pk=first["id"]).edition
    assert first["edition"]["year"] == edition.year
    assert first["edition"]["program"]["slug"] == edition.program.slug
    assert first["is_open"] is True


def test_calls_list_hides_unpublished_calls(client):
    pages = site_with_calls(2)
    draft = CallPage.objects.child_of(pages["calls_index"]).get(slug="call-1")
    draft.unpublish()

    body = client.get("/api/v1/calls").json()

    assert [item["id"] for item in body["items"]] == [CallPage.objects.get(slug="call-0").pk]
    assert client.get(f"/api/v1/calls/{draft.pk}").status_code == 404


def test_calls_can_be_filtered_to_open_ones(client):
    pages = site_with_calls(1)
    closed = EditionFactory(
        opens_at=timezone.now() - dt.timedelta(days=9), closes_at=timezone.now() - dt.timedelta(days=1)
    )
    cms.demo.child_by_slug(pages["calls_index"], CallPage, "closed", title="已截止", edition=closed)

    every = client.get("/api/v1/calls").json()
    open_only = client.get("/api/v1/calls", {"open": "true"}).json()

    assert every["count"] == 2
    assert [item["id"] for item in open_only["items"]] == [CallPage.objects.get(slug="call-0").pk]


def test_call_detail_times_are_in_shanghai_time(client):
    site_with_calls(1)
    call = CallPage.objects.get(slug="call-0")

    body = client.get(f"/api/v1/calls/{call.pk}").json()

    assert body["edition"]["closes_at"].endswith("+08:00")
    closes_at = call.edition.closes_at
    assert dt.datetime.fromisoformat(body["edition"]["closes_at"]) == closes_at.replace(
        microsecond=closes_at.microsecond // 1000 * 1000  # JSON carries milliseconds
    )


def test_unknown_call_is_a_404(client):
    response = client.get("/api/v1/calls/999999")

    assert response.status_code == 404
    assert response.json() == {"detail": "未找到"}


def test_notices_filter_by_kind_and_publication_date(client):
    pages = site_with_calls(0)
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)):
        add_notice(pages["notices_index"], "old-candidates")
    with time_machine.travel(dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC)):
        add_notice(pages["notices_index"], "new-candidates")
        add_notice(pages["notices_index"], "new-winners", kind=NoticePage.Kind.WINNERS)

    body = client.get("/api/v1/notices", {"kind": "candidates", "since": "2026-04-01"}).json()

    assert [item["url"] for item in body["items"]] == ["http://localhost/notices/new-candidates/"]


def test_invalid_filter_is_rejected_with_422_not_500(client):
    site_with_calls(0)

    responses = [
        client.get("/api/v1/notices", {"since": "2026-02-30"}),
        client.get("/api/v1/notices", {"kind": "secret"}),
        client.get("/api/v1/calls", {"limit": "0"}),
    ]

    assert [r.status_code for r in responses] == [422, 422, 422]


def test_draft_notice_is_not_published_through_the_api(client):
    pages = site_with_calls(0)
    draft = add_notice(pages["notices_index"], "draft", live=False)

    assert client.get("/api/v1/notices").json()["count"] == 0
    assert client.get(f"/api/v1/notices/{draft.pk}").status_code == 404


@pytest.mark.parametrize("rows", [1, 4])
def test_calls_list_query_count_is_flat(client, django_assert_num_queries, rows):
    site_with_calls(rows)
    client.get("/api/v1/calls")  # warm Wagtail's site-root cache

    with django_assert_num_queries(QUERIES_FOR_CALLS_LIST):
        response = client.get("/api/v1/calls")

    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 4])
def test_notices_list_query_count_is_flat(client, django_assert_num_queries, rows):
    pages = site_with_calls(0)
    for i in range(rows):
        add_notice(pages["notices_index"], f"notice-{i}", edition=EditionFactory())
    client.get("/api/v1/notices")

    with django_assert_num_queries(QUERIES_FOR_NOTICES_LIST):
        response = client.get("/api/v1/notices")

    assert response.json()["count"] == rows


QUERIES_FOR_CALLS_LIST = 3  # count, page of calls, Wagtail site roots (once per request)
QUERIES_FOR_NOTICES_LIST = 3


def test_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["info"]["version"] == "1.0.0"
    assert sorted(schema["paths"]) == [
        "/api/v1/calls",
        "/api/v1/calls/{call_id}",
        "/api/v1/certificates/{serial_no}",
        "/api/v1/cities",
        "/api/v1/cities/{city_id}",
        "/api/v1/me/applications",
        "/api/v1/me/zones",
        "/api/v1/notices",
        "/api/v1/notices/{notice_id}",
        "/api/v1/winners",
        "/api/v1/zones",
        "/api/v1/zones/{zone_id}",
    ]
