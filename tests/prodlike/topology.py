"""Run inside the prodlike topology's settings (`python -m tests.prodlike.topology COMMAND ...`, environment from
its env file): the arrangement the browser walk starts from and the one step the pages cannot do (time passing).

  arrange               a Qingdao edition with short stages and its applicant; prints JSON
  experts EDITION_ID    the usernames drawn onto the edition's panel; prints JSON
  end-notice EDITION_ID moves the edition's open notice window two days into the past (the clock, not the data
                        a person enters: the walk cannot wait a day for the window to end)
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import django


def arrange() -> dict:
    from tests.awards.browser_steps import arrange_journey_edition
    from tests.factories import PASSWORD, OrganizationFactory, applicant_for

    edition = arrange_journey_edition("2026年度青岛市市长质量奖（生产拓扑）")
    organization = OrganizationFactory(name="青岛拓扑装备有限公司", region_code="370212")
    applicant = applicant_for(organization, username="topo_applicant", email="topo-applicant@example.test")
    return {"edition_id": edition.pk, "username": applicant.username, "password": PASSWORD, "email": applicant.email}


def experts(edition_id: int) -> list[str]:
    from workflows.review.models import Panel

    panel = Panel.objects.get(edition_id=edition_id)
    return [a.expert.username for a in panel.assignments.select_related("expert").order_by("id")]


def end_notice(edition_id: int) -> int:
    from workflows.notices.models import PublicNotice

    notice = PublicNotice.objects.get(edition_id=edition_id, status=PublicNotice.Status.OPEN)
    shift = dt.timedelta(days=2)
    PublicNotice.objects.filter(pk=notice.pk).update(
        opens_at=notice.opens_at - shift, closes_at=notice.closes_at - shift, last_day=notice.last_day - shift
    )
    return notice.pk


if __name__ == "__main__":
    django.setup()
    command, *args = sys.argv[1:]
    result = {"arrange": arrange, "experts": experts, "end-notice": end_notice}[command](*map(int, args))
    print(json.dumps(result))
