"""The title desk (/titles/staff/) offers the buttons declared on Title's transitions that django-fsm
allows the user now (workflows/desks.py, docs/programs.md "Desks"); its views refuse the others."""

import pytest

from tests.factories import PASSWORD
from tests.notices.factories import secretariat_user
from workflows import desks
from workflows.titles.models import Title

from .factories import awarded_title

pytestmark = pytest.mark.django_db


def _in_state(title, state: str) -> Title:
    Title.objects.filter(pk=title.pk).update(state=state)
    return Title.objects.get(pk=title.pk)


def _row_buttons(html: str, holder: str) -> list[str]:
    import re

    row = next(r for r in html.split('<tr class="title-row">')[1:] if holder in r)
    cell = row.split('class="desk-actions">', 1)[1].split("</td>", 1)[0]
    return re.findall(r">([^<>]+)</(?:a|button)>", cell)


def test_the_title_desks_buttons_are_declared_on_the_transitions():
    declared = desks.declared(Title)

    assert list(declared) == ["restore", "revoke"]
    assert (declared["revoke"].form, declared["revoke"].needs_reason) == ("revocation", True)
    assert declared["restore"].form == ""


def test_each_title_row_offers_what_its_state_allows(client):
    staff = secretariat_user()
    awarded_title("在用称号有限公司", staff=staff)
    _in_state(awarded_title("整改称号有限公司", staff=staff), "rectification")
    _in_state(awarded_title("撤销称号有限公司", staff=staff), "revoked")
    _in_state(awarded_title("期满称号有限公司", staff=staff), "expired")
    client.login(username=staff.username, password=PASSWORD)

    html = client.get("/titles/staff/").content.decode()

    assert _row_buttons(html, "在用称号有限公司") == ["撤销"]
    assert _row_buttons(html, "整改称号有限公司") == ["恢复", "撤销"]
    assert _row_buttons(html, "撤销称号有限公司") == []
    assert _row_buttons(html, "期满称号有限公司") == []


def test_the_title_desk_speaks_english_through_the_catalogue(client):
    staff = secretariat_user()
    _in_state(awarded_title("整改称号有限公司", staff=staff), "rectification")
    client.login(username=staff.username, password=PASSWORD)

    html = client.get("/titles/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert _row_buttons(html, "整改称号有限公司") == ["Restore", "Revoke"]


def test_a_title_that_may_not_be_revoked_now_gets_no_revocation_form(client):
    staff = secretariat_user()
    title = _in_state(awarded_title(staff=staff), "expired")
    client.login(username=staff.username, password=PASSWORD)

    response = client.get(f"/titles/staff/{title.pk}/revoke/", follow=True)

    assert response.redirect_chain[-1][0] == "/titles/staff/"
    assert "此称号现在不能这样处理。" in response.content.decode()
    assert 'name="document_no"' not in response.content.decode()


def test_restoring_a_title_that_is_not_under_rectification_is_refused(client):
    staff = secretariat_user()
    title = awarded_title(staff=staff)
    client.login(username=staff.username, password=PASSWORD)

    response = client.post(f"/titles/staff/{title.pk}/restore/", {"memo": "整改完成"}, follow=True)

    title.refresh_from_db()
    assert title.state == "active"
    assert "此称号现在不能这样处理。" in response.content.decode()


def test_a_revocation_needs_its_reason(client):
    staff = secretariat_user()
    title = awarded_title(staff=staff)
    client.login(username=staff.username, password=PASSWORD)

    response = client.post(
        f"/titles/staff/{title.pk}/revoke/",
        {
            "trigger": "major_incident",
            "reason": "   ",
            "authority": "青岛市人民政府",
            "document_no": "青政字〔2026〕9号",
            "decided_on": "2026-03-02",
        },
    )

    title.refresh_from_db()
    assert (response.status_code, title.state) == (200, "active")
    assert "青政字〔2026〕9号" in response.content.decode()  # what was typed is kept
