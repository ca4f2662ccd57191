"""Property-based run of the whole OpenAPI schema (schemathesis): no 5xx, responses match the schema."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.api.factories import add_notice, site_with_calls
from tests.factories import AwardApplicationFactory, EditionFactory, applicant_for
from tests.titles.factories import awarded_title

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_transaction_open():
    """Requests go through the real WSGI handler, whose request signals would close the test's
    database connection (and its transaction) on PostgreSQL; Django's test client does the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def member_session_cookie(client):
    """Public data to return, and a member's session so /me/ endpoints answer 200 with rows."""
    pages = site_with_calls(2)
    add_notice(pages["notices_index"], "candidates", edition=EditionFactory())
    awarded_title()  # a winner with a certificate
    application = AwardApplicationFactory()
    client.force_login(applicant_for(application.organization))
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
def test_api_conforms_to_its_schema(case, member_session_cookie):
    case.call_and_validate(headers={"Cookie": member_session_cookie})
