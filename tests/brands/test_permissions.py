"""Who may move a zone, and what the public may see: each test creates the data that could leak."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from brands import services
from brands.models import State, Zone, ZoneReport
from tests.factories import OrganizationFactory, applicant_for
from workflows.exceptions import DeadlinePassed, NotEligible, NotPermitted
from workflows.services import perform_transition

from .factories import CreatingBodyFactory, ZoneFactory, ZoneRulesFactory, figures, zone_in_state

pytestmark = pytest.mark.django_db


def test_an_enterprise_cannot_apply_for_a_zone():
    rules = ZoneRulesFactory()
    enterprise = OrganizationFactory(kind=Organization.Kind.ENTERPRISE)
    officer = applicant_for(enterprise)

    with pytest.raises(NotEligible):
        services.create_zone(
            edition=rules.edition,
            organization=enterprise,
            actor=officer,
            name="x",
            park_name="x",
            region_code="370211",
            leading_industry="家电",
        )

    assert Zone.objects.count() == 0


def test_a_quality_city_edition_takes_no_zone_application():
    """Cities are their own program (cities/): brands once counted their editions as zone editions (issue 12)."""
    from tests.cities.factories import CityEditionFactory

    edition = CityEditionFactory()
    body = CreatingBodyFactory(kind=Organization.Kind.LOCAL_GOVERNMENT)

    with pytest.raises(NotEligible, match="该项目不是示范区项目"):
        services.create_zone(
            edition=edition,
            organization=body,
            actor=applicant_for(body),
            name="示范区",
            park_name="园区",
            region_code="370211",
            leading_industry="家电",
        )

    assert Zone.objects.count() == 0


@pytest.mark.parametrize("kind", [Organization.Kind.LOCAL_GOVERNMENT, Organization.Kind.PARK_COMMITTEE])
def test_local_governments_and_park_committees_may_apply(kind):
    rules = ZoneRulesFactory()
    body = CreatingBodyFactory(kind=kind)
    officer = applicant_for(body)

    zone = services.create_zone(
        edition=rules.edition,
        organization=body,
        actor=officer,
        name="示范区",
        park_name="园区",
        region_code="370783",
        leading_industry="蔬菜",
    )

    assert (zone.state, zone.province_code, zone.organization) == (State.DRAFT, "37", body)


def test_a_member_of_another_body_cannot_submit_the_zone():
    zone = ZoneFactory()
    figures(zone, 2026)
    outsider = applicant_for(CreatingBodyFactory())

    with pytest.raises(NotPermitted):
        services.submit_zone(zone, actor=outsider)

    zone.refresh_from_db()
    assert zone.state == State.DRAFT


def test_submitting_after_the_edition_closed_is_refused():
    zone = ZoneFactory()
    figures(zone, 2026)
    officer = applicant_for(zone.organization)
    zone.edition.closes_at = timezone.now() - dt.timedelta(minutes=1)
    zone.edition.save()

    with pytest.raises(DeadlinePassed):
        services.submit_zone(zone, actor=officer)

    zone.refresh_from_db()
    assert zone.state == State.DRAFT


def test_a_recommender_of_another_province_cannot_recommend(guangdong_recommender, shandong_recommender):
    zone = zone_in_state(State.PROVINCIAL_REVIEW, organization=CreatingBodyFactory(region_code="370783"))

    with pytest.raises(NotPermitted):
        services.transition_zone(zone, "recommend", actor=guangdong_recommender)
    services.transition_zone(zone, "recommend", actor=shandong_recommender)

    zone.refresh_from_db()
    assert zone.state == State.RECOMMENDED


def test_the_creating_body_cannot_approve_its_own_zone():
    zone = zone_in_state(State.NATIONAL_REVIEW)
    officer = applicant_for(zone.organization)

    with pytest.raises(NotPermitted):
        services.approve_for_creation(zone, actor=officer, approval_doc_no="自批")

    zone.refresh_from_db()
    assert (zone.state, zone.creation_deadline) == (State.NATIONAL_REVIEW, None)


def test_nobody_can_fail_a_creation_by_hand(secretariat):
    zone = zone_in_state(State.UNDER_CREATION)

    with pytest.raises(NotPermitted):
        perform_transition(zone, "fail_creation", actor=secretariat)

    zone.refresh_from_db()
    assert zone.state == State.UNDER_CREATION


def test_an_outsider_cannot_file_a_report_or_figures():
    zone = zone_in_state(State.UNDER_CREATION)
    outsider = applicant_for(CreatingBodyFactory())

    with pytest.raises(NotPermitted):
        services.file_report(zone, actor=outsider, kind=ZoneReport.Kind.CREATION_PROGRESS, year=2026, summary="x")
    with pytest.raises(NotPermitted):
        services.record_year_figures(zone, actor=outsider, year=2026, output_value=Decimal("1"))

    assert (zone.reports.count(), zone.year_figures.count()) == (0, 0)


def test_only_one_extension_may_be_requested():
    zone = zone_in_state(State.UNDER_CREATION)
    officer = applicant_for(zone.organization)
    services.request_extension(zone, actor=officer, reason="第一次")

    with pytest.raises(services.ExtensionAlreadyRequested):
        services.request_extension(zone, actor=officer, reason="第二次")

    assert zone.extension_request.reason == "第一次"


def test_acceptance_after_the_creation_deadline_is_refused():
    zone = zone_in_state(State.UNDER_CREATION)
    Zone.objects.filter(pk=zone.pk).update(creation_deadline=timezone.now() - dt.timedelta(seconds=1))
    figures(zone, 2026)
    officer = applicant_for(zone.organization)

    with pytest.raises(DeadlinePassed):
        services.apply_for_acceptance(zone, actor=officer)

    zone.refresh_from_db()
    assert zone.state == State.UNDER_CREATION


NON_PUBLIC_STATES = [
    State.DRAFT,
    State.APPLIED,
    State.PROVINCIAL_REVIEW,
    State.RECOMMENDED,
    State.NATIONAL_REVIEW,
    State.NOT_RECOMMENDED,
    State.REJECTED,
    State.WITHDRAWN,
]


def test_directory_lists_only_zones_approved_for_creation_or_later(client):
    hidden = [zone_in_state(state, name=f"内部{state}") for state in NON_PUBLIC_STATES]
    shown = zone_in_state(State.UNDER_CREATION, name="公开示范区")

    response = client.get(reverse("brands:directory"))

    listed = [zone.pk for zone, _province in response.context["rows"]]
    assert listed == [shown.pk]
    assert all(zone.name not in response.content.decode() for zone in hidden)


@pytest.mark.parametrize("state", NON_PUBLIC_STATES)
def test_profile_of_a_non_public_zone_is_not_found(client, state):
    zone = zone_in_state(state)

    response = client.get(reverse("brands:profile", args=[zone.pk]))

    assert response.status_code == 404


def test_profile_timeline_hides_internal_reasons_and_actors(client, secretariat, shandong_recommender):
    zone = zone_in_state(State.PROVINCIAL_REVIEW)
    services.transition_zone(zone, "recommend", actor=shandong_recommender, reason="内部意见：材料一般")
    services.transition_zone(zone, "start_national_review", actor=secretariat)
    services.approve_for_creation(zone, actor=secretariat, approval_doc_no="国市监〔2026〕1号")

    response = client.get(reverse("brands:profile", args=[zone.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert ("内部意见" in body, secretariat.full_name in body, shandong_recommender.full_name in body) == (
        False,
        False,
        False,
    )
    assert [entry.label for entry in response.context["timeline"]] == [
        "已推荐",
        "国家审核",
        "批准筹建",
        "筹建中",
    ]
