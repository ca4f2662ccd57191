"""A title and the dossier it came from never diverge, whichever desk acts (docs/programs.md, "Titles").

Revoking on the title desk, the daily expiry and a zone's failed expiry review move both in one
transaction; the prerequisite-award rule counts live titles only; the repair migration fixes rows
that diverged before.
"""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django.core import mail

import cms.demo
from accounts.models import Membership
from awards.models import AwardApplication
from awards.models import State as AwardState
from awards.selectors import applicant_facts
from brands import services as zones
from brands.models import State as ZoneState
from brands.models import Zone
from tests.factories import PASSWORD, AwardApplicationFactory, EditionFactory, UserFactory
from tests.notices.factories import secretariat_user
from workflows.titles import services
from workflows.titles.models import TitleState
from workflows.workdays import SHANGHAI

from .factories import awarded_title
from .test_zone_title_extension import recognized_zone

pytestmark = pytest.mark.django_db

REVOCATION = {
    "trigger": "major_incident",
    "reason": "发生重大质量安全事故",
    "authority": "青岛市人民政府",
    "document_no": "青政字〔2026〕9号",
    "decided_on": "2026-03-02",
}


def _revoke_on_the_title_desk(client, title, django_capture_on_commit_callbacks):
    cms.demo.seed()  # the revocation notice is published in the site's notices section
    client.login(username=secretariat_user().username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"/titles/staff/{title.pk}/revoke/", REVOCATION)


def test_revoking_an_award_title_on_the_title_desk_revokes_the_application(client, django_capture_on_commit_callbacks):
    title = awarded_title()
    applicant = UserFactory(email="applicant@haiyue.example")
    Membership.objects.create(user=applicant, organization=title.organization)
    mail.outbox.clear()

    response = _revoke_on_the_title_desk(client, title, django_capture_on_commit_callbacks)

    application = AwardApplication.objects.get(pk=title.object_id)
    assert (response.status_code, application.state) == (302, AwardState.REVOKED)
    assert [m.to for m in mail.outbox if "称号已撤销" in m.body] == [["applicant@haiyue.example"]]


def test_revoking_a_zone_title_on_the_title_desk_delists_the_zone(client, django_capture_on_commit_callbacks):
    staff = UserFactory(roles=["secretariat"])
    zone = recognized_zone(staff)
    member = UserFactory(email="park@xihaian.example")
    Membership.objects.create(user=member, organization=zone.organization)
    mail.outbox.clear()

    response = _revoke_on_the_title_desk(client, zones.zone_title(zone), django_capture_on_commit_callbacks)

    zone.refresh_from_db()
    assert (response.status_code, zone.state, zone.revoked_on, zone.revocation_reason) == (
        302,
        ZoneState.REVOKED,
        dt.date(2026, 3, 2),
        "发生重大质量安全事故",
    )
    assert [m.to for m in mail.outbox if "示范区已摘牌" in m.subject] == [["park@xihaian.example"]]


def test_the_daily_expiry_moves_the_award_application_to_expired():
    title = awarded_title()

    expired = services.expire_due_titles(today=title.valid_until + dt.timedelta(days=1))

    title.refresh_from_db()
    application = AwardApplication.objects.get(pk=title.object_id)
    assert (expired, title.state, application.state) == (1, TitleState.EXPIRED, AwardState.EXPIRED)


def test_the_daily_expiry_ends_a_zone_in_its_demonstration_period():
    staff = UserFactory(roles=["secretariat"])
    zone = recognized_zone(staff)
    title = zones.zone_title(zone)

    services.expire_due_titles(today=title.valid_until + dt.timedelta(days=1))

    zone.refresh_from_db()
    title.refresh_from_db()
    assert (title.state, zone.state) == (TitleState.EXPIRED, ZoneState.EXPIRED)


def test_a_failed_expiry_review_expires_the_zone_title_at_once():
    staff = UserFactory(roles=["secretariat"])
    zone = recognized_zone(staff)
    with time_machine.travel(dt.datetime(2029, 4, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        zones.transition_zone(zone, "start_expiry_review", actor=staff)
        zones.expire_zone(zone, actor=staff, reason="期满复核不合格")

    zone.refresh_from_db()
    assert (zone.state, zones.zone_title(zone).state) == (ZoneState.EXPIRED, TitleState.EXPIRED)


def test_a_revoked_award_no_longer_meets_a_prerequisite_award_rule():
    title = awarded_title()
    slug = title.edition.program.slug
    later = AwardApplicationFactory(organization=title.organization, edition=EditionFactory())
    held_before = applicant_facts(later).held_award_programs

    services.revoke_title(
        title,
        trigger="fraud",
        reason="材料造假",
        authority="青岛市人民政府",
        document_no="青政字〔2026〕1号",
        decided_on=dt.date(2026, 3, 2),
        actor=secretariat_user(),
    )

    assert (slug in held_before, slug in applicant_facts(later).held_award_programs) == (True, False)


def test_the_repair_migration_moves_dossiers_whose_title_already_ended():
    award_title = awarded_title("青岛旧账精密有限公司")
    staff = UserFactory(roles=["secretariat"])
    zone = recognized_zone(staff)
    zone_title = zones.zone_title(zone)
    # The diverged rows the old code left: titles ended, dossiers still live.
    from workflows.titles.models import Revocation, Title

    Title.objects.filter(pk=award_title.pk).update(state=TitleState.EXPIRED)
    Title.objects.filter(pk=zone_title.pk).update(state=TitleState.REVOKED)
    Revocation.objects.create(
        title=zone_title,
        trigger="fraud",
        reason="造假",
        authority="国家市场监督管理总局",
        document_no="国市监〔2026〕1号",
        decided_on=dt.date(2026, 6, 1),
    )
    repair = importlib.import_module("awards.migrations.0006_repair_diverged_titles").repair

    repair(apps, None)

    zone.refresh_from_db()
    assert (AwardApplication.objects.get(pk=award_title.object_id).state, zone.state, zone.revoked_on) == (
        AwardState.EXPIRED,
        ZoneState.REVOKED,
        dt.date(2026, 6, 1),
    )
    assert Zone.objects.filter(state=ZoneState.DEMONSTRATION).count() == 0
