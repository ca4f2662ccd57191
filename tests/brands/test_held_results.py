"""Held results for zones: the acceptance outcome reaches the creating body and the public only once released.

Before the secretariat releases the expert-assessment stage, nothing tells the outcome: the
workspace, the list of own zones, the public directory and profile, the open-data API (public and
own), search and emails show the zone still in its acceptance ("验收中", "专家评估"), without the
score. The release (one logged action) shows everything and sends the held email.
"""

import json
from decimal import Decimal

import pytest
from django.core import mail

from tests.factories import applicant_for
from workflows.models import TransitionLog
from workflows.review.models import HeldResult
from workflows.review.release import applicant_state
from workflows.review.services.release import release_results
from workflows.services import perform_transition

from .factories import zone_in_state

pytestmark = pytest.mark.django_db

SCORE = Decimal("88.50")


@pytest.fixture
def world(db, secretariat):
    zone = zone_in_state("expert_assessment", name="海岳示范区")
    member = applicant_for(zone.organization, email="body@haiyue.example")
    return zone, member, secretariat


def _conclude(zone, staff, transition="propose", django_capture_on_commit_callbacks=None):
    def record(locked):
        locked.computed_score, locked.expert_score, locked.final_score = Decimal("40"), Decimal("48.50"), SCORE

    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(zone, transition, actor=staff, expected_state="expert_assessment", before=record)
    zone.refresh_from_db()


def _everything_seen(client, member, zone) -> str:
    client.force_login(member)
    pages = [
        client.get("/zones/mine/").content.decode(),
        client.get(f"/zones/mine/{zone.pk}/").content.decode(),
        client.get("/zones/").content.decode(),
        client.get(f"/zones/{zone.pk}/").content.decode(),
        json.dumps(client.get("/api/v1/zones").json(), ensure_ascii=False),
        json.dumps(client.get(f"/api/v1/zones/{zone.pk}").json(), ensure_ascii=False),
        json.dumps(client.get("/api/v1/me/zones").json(), ensure_ascii=False),
        client.get("/search/", {"q": zone.name}).content.decode(),
        "\n".join(m.subject + m.body for m in mail.outbox if m.to == [member.email]),
    ]
    client.logout()
    anonymous = client.get(f"/zones/{zone.pk}/").content.decode()
    return "\n".join([*pages, anonymous])


def test_the_acceptance_result_leaks_nowhere_before_release(client, world, django_capture_on_commit_callbacks):
    zone, member, staff = world
    _conclude(zone, staff, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    seen = _everything_seen(client, member, zone)
    api = client.get("/api/v1/zones").json()["items"][0]

    assert zone.state == "proposed" and HeldResult.objects.get().stage == "expert_assessment"
    assert applicant_state(zone) == "expert_assessment"
    for leak in ("拟命名", "验收通过", "88.50", "48.50", "proposed"):
        assert leak not in seen, leak
    assert (api["state"], api["status"]) == ("expert_assessment", "验收中")
    assert zone.name in seen  # the pages did render the zone
    assert [m for m in mail.outbox if m.to == [member.email]] == []


def test_a_failed_acceptance_keeps_the_zone_listed_until_released(client, world, django_capture_on_commit_callbacks):
    zone, member, staff = world
    _conclude(zone, staff, "reject", django_capture_on_commit_callbacks)

    listed_before = client.get("/api/v1/zones").json()["count"]
    with django_capture_on_commit_callbacks(execute=True):
        release_results(zone.edition, "expert_assessment", actor=staff)
    listed_after = client.get("/api/v1/zones").json()["count"]

    assert (listed_before, listed_after) == (1, 0)
    assert [m.subject for m in mail.outbox if m.to == [member.email]] == ["[海岳示范区] 示范区验收未通过"]


def test_the_release_shows_everything_and_sends_the_held_email_once(client, world, django_capture_on_commit_callbacks):
    zone, member, staff = world
    _conclude(zone, staff, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        released = release_results(zone.edition, "expert_assessment", actor=staff)

    seen = _everything_seen(client, member, zone)
    emails = [m for m in mail.outbox if m.to == [member.email]]

    assert released == 1
    assert "拟命名" in seen and "验收通过，待公示" in seen and "88.50" in seen
    assert client.get(f"/api/v1/zones/{zone.pk}").json()["state"] == "proposed"
    assert [m.subject for m in emails] == ["[海岳示范区] 示范区验收通过，待公示"]
    assert "88.50" in emails[0].body
    log = TransitionLog.objects.get(transition="review.release_results")
    assert (log.object_id, log.actor_id) == (str(zone.edition.pk), staff.pk)


def test_staff_see_the_true_state_while_it_is_held(client, world, django_capture_on_commit_callbacks):
    zone, member, staff = world
    _conclude(zone, staff, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    client.force_login(staff)
    page = client.get(f"/zones/staff/{zone.pk}/").content.decode()
    results = client.get(f"/review/staff/edition/{zone.edition.pk}/results/").content.decode()
    assert "拟命名" in page
    assert 'data-stage="expert_assessment"' in results


def test_the_national_approval_is_not_held(client, secretariat, django_capture_on_commit_callbacks):
    """The 命名 decision comes after the public notice (which released the held assessment result) and is
    SAMR's own published decision under a document number (docs/programs.md, "Held results"): the
    creating body sees it at once and gets its email; no result of the zone is held."""
    import datetime as dt

    import time_machine

    from brands import services
    from workflows.notices.services import close_public_notice
    from workflows.workdays import SHANGHAI

    zone = zone_in_state("proposed", name="命名示范区")
    member = applicant_for(zone.organization, email="named@zone.example")
    with time_machine.travel(dt.datetime(2026, 5, 11, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = services.put_on_public_notice([zone], actor=secretariat)
    with time_machine.travel(dt.datetime(2026, 5, 18, 9, 0, tzinfo=SHANGHAI), tick=False):
        close_public_notice(notice, actor=secretariat)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.recognize_zone(zone, actor=secretariat, document_no="国市监质发〔2026〕30号")
    zone.refresh_from_db()
    client.force_login(member)

    assert HeldResult.objects.filter(release__isnull=True).count() == 0
    assert applicant_state(zone) == zone.state == "demonstration"
    assert 'id="zone-state">示范期<' in client.get(f"/zones/mine/{zone.pk}/").content.decode()
    assert [m for m in mail.outbox if m.to == [member.email]]
