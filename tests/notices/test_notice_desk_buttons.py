"""The notice desk offers the approval form only for candidates whose `award`/`decline_award` django-fsm
allows the user now, and its views refuse the moves it does not offer (workflows/desks.py `allowed`)."""

import datetime as dt

import pytest
import time_machine

from awards.models import AwardApplication
from tests.factories import PASSWORD
from workflows.notices.models import PublicNotice
from workflows.titles.models import Title
from workflows.workdays import SHANGHAI

from .factories import notice_edition, open_notice, proposed_candidate, secretariat_user

pytestmark = pytest.mark.django_db

OPENING_DAY = dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI)
AFTER_THE_WINDOW = dt.datetime(2025, 10, 20, 9, 0, tzinfo=SHANGHAI)


def _notice(*names):
    edition = notice_edition()
    candidates = [proposed_candidate(edition, name=name) for name in names]
    with time_machine.travel(OPENING_DAY, tick=False):
        return open_notice(candidates), candidates


def _rows(html: str) -> dict[str, bool]:
    """Candidate name -> whether its row carries the approval form."""
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return {row.split("<td>", 2)[1].split("</td>", 1)[0]: 'class="approval"' in row for row in table.split("<tr>")[1:]}


def test_the_approval_form_is_offered_once_the_notice_has_closed(client):
    notice, _ = _notice("青岛海岳精密制造有限公司")
    staff = secretariat_user()
    client.login(username=staff.username, password=PASSWORD)

    during = client.get(f"/objections/staff/notice/{notice.pk}/").content.decode()
    with time_machine.travel(AFTER_THE_WINDOW, tick=False):
        client.post(f"/objections/staff/notice/{notice.pk}/close/")
    after = client.get(f"/objections/staff/notice/{notice.pk}/").content.decode()

    assert _rows(during) == {"青岛海岳精密制造有限公司": False}
    assert f"/objections/staff/notice/{notice.pk}/close/" in during
    assert _rows(after) == {"青岛海岳精密制造有限公司": True}
    assert f"/objections/staff/notice/{notice.pk}/close/" not in after  # a closed notice offers no close


def test_an_approval_posted_for_a_candidate_still_on_notice_is_refused(client):
    notice, (candidate,) = _notice("青岛海岳精密制造有限公司")
    staff = secretariat_user()
    client.login(username=staff.username, password=PASSWORD)

    response = client.post(
        f"/objections/staff/candidate/{notice.candidates.get().pk}/approval/",
        {"approved": "1", "document_no": "青政字〔2025〕88号", "approved_on": "2025-10-20"},
        follow=True,
    )

    assert "此对象现在不能登记审定结果。" in response.content.decode()
    assert AwardApplication.objects.get(pk=candidate.pk).state == "public_notice"
    assert not Title.objects.exists()


def test_closing_a_closed_notice_is_refused_in_english_too(client):
    notice, _ = _notice("青岛海岳精密制造有限公司")
    staff = secretariat_user()
    client.login(username=staff.username, password=PASSWORD)
    with time_machine.travel(AFTER_THE_WINDOW, tick=False):
        client.post(f"/objections/staff/notice/{notice.pk}/close/")

    response = client.post(f"/objections/staff/notice/{notice.pk}/close/", follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert "This notice cannot be closed now." in response.content.decode()
    assert PublicNotice.objects.get(pk=notice.pk).status != "open"
