"""Issue 13: the Wagtail admin's home page is in Chinese and lists the staff desks with their work counts."""

import pytest

from accounts.roles import Role
from awards.models import State
from tests.factories import AwardApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def desks_panel(html: str) -> str:
    return html.split("staff-desks", 1)[1].split("</table>", 1)[0]  # the panel tag derives its ids from this


def test_the_admin_home_lists_the_desks_with_what_waits_on_this_user(client):
    AwardApplicationFactory(state=State.RECOMMENDED)  # recommended: waits for the secretariat to accept it
    AwardApplicationFactory(state=State.SUBMITTED)  # the recommender's move, not counted here
    client.force_login(UserFactory(is_superuser=True, is_staff=True, roles=[Role.SECRETARIAT]))

    html = client.get("/admin/").content.decode()

    panel = desks_panel(html)
    assert "我的待办" in html and "质量奖申报管理" in panel
    assert "1 件待处理" in panel
    assert 'lang="zh-hans"' in html


def test_a_superuser_with_nothing_waiting_sees_no_count(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    panel = desks_panel(client.get("/admin/").content.decode())

    assert "件待处理" not in panel and "暂无待办" in panel


def test_the_admin_home_and_its_menu_scripts_show_no_english_left_by_wagtail(client):
    """Wagtail 8's zh_Hans catalogue leaves some home-page strings in English; locale/zh_Hans supplies them."""
    import re

    from django.utils.html import strip_tags

    client.force_login(UserFactory(username="mishu", is_superuser=True, is_staff=True))
    html = client.get("/admin/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|template)\b.*?</\1>", "", main.split(">", 1)[1], flags=re.S)  # not shown as such
    words = set(re.findall(r"[A-Za-z]{3,}", strip_tags(main))) - {"Wagtail", "mishu"}
    placeholders = re.findall(r'placeholder="([^"]*)"', main)
    scripts = client.get("/admin/jsi18n/").content.decode()

    assert "个页面" in main and "份文档" in main and "编辑指南" in main
    assert words == set()
    assert placeholders == ["搜索全部页面…"]
    assert "\\u6b64\\u83dc\\u5355\\u6709" in scripts or "此菜单有" in scripts  # "(N new items in this menu)"
