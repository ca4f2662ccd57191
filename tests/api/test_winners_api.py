import pytest

from tests.titles.factories import awarded_title

pytestmark = pytest.mark.django_db


def test_winners_list_shows_holders_of_live_titles(client):
    title = awarded_title("青岛海岳精密制造有限公司")

    body = client.get("/api/v1/winners").json()

    assert body["count"] == 1
    assert body["items"][0]["holder"] == "青岛海岳精密制造有限公司"
    assert body["items"][0]["year"] == title.edition.year


def test_certificate_verification_reports_a_valid_certificate(client):
    title = awarded_title()
    serial_no = title.certificate.serial_no

    body = client.get(f"/api/v1/certificates/{serial_no}").json()

    assert (body["serial_no"], body["status"], body["holder"]) == (serial_no, "valid", title.holder_name)


def test_unknown_certificate_is_reported_as_unknown_not_an_error(client):
    response = client.get("/api/v1/certificates/NO-SUCH-CERT")

    assert response.status_code == 200
    assert response.json()["status"] == "unknown"
