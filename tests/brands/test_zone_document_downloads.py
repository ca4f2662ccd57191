"""Uploaded zone documents (issue 18): listed and downloadable by the zone's own creating body (its
workspace), by the secretariat on the zone's case page, and by an assigned, declared, unconflicted
expert from the dossier beside the scoring form, through the engine's document download (presigned
on S3, streamed otherwise). Everyone else gets 404; each opening is recorded (DocumentAccess)."""

import datetime as dt

import pytest
from django.utils import timezone

from brands import services
from brands.models import State
from tests.awards.factories import PDF_BYTES
from tests.factories import OrganizationFactory, applicant_for
from workflows.documents.models import DocumentAccess
from workflows.review import services as review
from workflows.review.models import Assignment

from .factories import ZoneFactory, materials
from .review_helpers import add_experts

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone():
    zone = ZoneFactory(state=State.DRAFT, name="文档示范区")
    materials(zone)
    return zone


def _documents(zone):
    from workflows.documents.models import Document

    return list(Document.objects.owned_by(zone).current().order_by("slot"))


def _body(response) -> bytes:
    """The file a download answer hands over: the test storage is S3 (moto over HTTP), so the answer
    is a short-lived presigned URL, fetched here as the browser would."""
    import urllib.request

    assert response.status_code == 302, response.status_code
    assert "X-Amz-Signature=" in response["Location"]
    with urllib.request.urlopen(response["Location"]) as fetched:  # noqa: S310 (the test's own moto server)
        assert "attachment" in fetched.headers["Content-Disposition"]
        return fetched.read()


def test_the_creating_body_lists_and_downloads_its_documents(client, zone):
    member = applicant_for(zone.organization)
    client.force_login(member)
    first = _documents(zone)[0]

    page = client.get(f"/zones/mine/{zone.pk}/").content.decode()
    response = client.get(f"/zones/mine/{zone.pk}/documents/{first.pk}/")

    for document in _documents(zone):
        assert f'href="/zones/mine/{zone.pk}/documents/{document.pk}/"' in page
    assert _body(response) == PDF_BYTES
    assert list(DocumentAccess.objects.values_list("document", "user", "purpose")) == [
        (first.pk, member.pk, "zone:member")
    ]


def test_another_organisation_and_another_zones_document_get_404(client, zone):
    other_zone = ZoneFactory(state=State.DRAFT, organization=zone.organization)
    stranger = applicant_for(OrganizationFactory())
    document = _documents(zone)[0]

    client.force_login(stranger)
    assert client.get(f"/zones/mine/{zone.pk}/documents/{document.pk}/").status_code == 404
    client.force_login(applicant_for(zone.organization))
    # A's own other zone does not open this zone's document through its own URL.
    assert client.get(f"/zones/mine/{other_zone.pk}/documents/{document.pk}/").status_code == 404
    assert DocumentAccess.objects.count() == 0


def test_staff_see_the_documents_on_the_case_page_and_open_them(client, zone, secretariat):
    type(zone).objects.filter(pk=zone.pk).update(state=State.APPLIED)  # drafts are not on the desk
    client.force_login(secretariat)
    document = _documents(zone)[-1]

    page = client.get(f"/zones/staff/{zone.pk}/").content.decode()
    response = client.get(f"/zones/staff/{zone.pk}/documents/{document.pk}/")

    listing = page[page.index('id="zone-materials"') :]
    assert "示范区申报书" in listing and "创建方案" in listing
    assert f'href="/zones/staff/{zone.pk}/documents/{document.pk}/"' in page
    assert _body(response) == PDF_BYTES
    assert DocumentAccess.objects.get().purpose == "zone:staff"


def test_a_member_of_the_zone_is_not_staff(client, zone):
    client.force_login(applicant_for(zone.organization))
    document = _documents(zone)[0]

    assert client.get(f"/zones/staff/{zone.pk}/documents/{document.pk}/").status_code in (403, 404)


@pytest.fixture
def assessed(zone, secretariat):
    """The zone in expert assessment with a drawn, declared panel of two."""
    type(zone).objects.filter(pk=zone.pk).update(state=State.EXPERT_ASSESSMENT)
    zone.refresh_from_db()
    add_experts(3)  # two drawn, one left to replace a recusal
    panel = services.open_indicator_review(
        [zone], actor=secretariat, name="验收专家组", deadline=timezone.now() + dt.timedelta(days=7), size=2
    )
    review.draw_panel(panel, actor=secretariat, seed="documents")
    first, second = Assignment.objects.filter(panel=panel).order_by("pk")
    return first, second


def test_an_assigned_expert_reads_the_documents_in_the_dossier(client, zone, assessed):
    assignment, _ = assessed
    review.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
    client.force_login(assignment.expert)
    documents = _documents(zone)

    page = client.get(f"/review/a/{assignment.pk}/dossier/").content.decode()
    response = client.get(f"/review/a/{assignment.pk}/dossier/documents/{documents[0].pk}/")

    listing = page[page.index('id="dossier-documents"') :]
    for document in documents:
        assert f'href="/review/a/{assignment.pk}/dossier/documents/{document.pk}/"' in listing
    assert "示范区申报书" in listing and "创建方案" in listing  # the call's names, not slot codes
    assert "application_form" not in listing.split("</aside>")[0].replace('data-slot="application_form"', "")
    assert _body(response) == PDF_BYTES
    assert DocumentAccess.objects.get().purpose == f"review:{assignment.pk}"


def test_a_conflicted_or_undeclared_expert_gets_404(client, zone, assessed):
    undeclared, conflicted = assessed
    review.declare_conflict(conflicted, has_conflict=True, reason="曾为该园区提供咨询", actor=conflicted.expert)
    document = _documents(zone)[0]

    for assignment in (undeclared, conflicted):
        client.force_login(assignment.expert)
        assert client.get(f"/review/a/{assignment.pk}/dossier/documents/{document.pk}/").status_code == 404
        # Their own assignment's URL is the only way in; the zone's member and staff URLs are closed too.
        assert client.get(f"/zones/mine/{zone.pk}/documents/{document.pk}/").status_code == 404
    assert DocumentAccess.objects.count() == 0
