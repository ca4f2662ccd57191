"""Saved desk filters (docs/staff-desks.md): a staff member names the look they use every week and
opens it again with one click; nobody else sees it, a refusal says why and keeps the desk's filter."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from awards.models import State
from tests.factories import PASSWORD, AwardApplicationFactory, EditionFactory, OrganizationFactory, UserFactory
from workflows.saved_filters.models import SavedFilter

pytestmark = pytest.mark.django_db

DESK = "/portal/staff/"


def signed_in(client, *roles):
    user = UserFactory(roles=list(roles))
    client.login(username=user.username, password=PASSWORD)
    return user


def save(client, name, query, desk="awards"):
    return client.post(reverse("saved_filters:save"), {"desk": desk, "name": name, "query": query}, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_a_saved_filter_is_offered_on_the_desk_and_opens_the_same_rows(client):
    edition = EditionFactory()
    AwardApplicationFactory(
        edition=edition, state=State.SUBMITTED, organization=OrganizationFactory(name="青岛海澜电子")
    )
    AwardApplicationFactory(
        edition=edition, state=State.SUBMITTED, organization=OrganizationFactory(name="济南北岸纺织")
    )
    staff = signed_in(client, Role.SECRETARIAT)

    response = save(client, "  青岛   企业 ", "q=青岛&state=&edition=&page=3")

    assert response.redirect_chain[-1][0] == f"{DESK}?q=%E9%9D%92%E5%B2%9B"
    assert messages_of(response) == ["已保存筛选“青岛 企业”。"]
    saved = SavedFilter.objects.get(user=staff)
    assert (saved.desk, saved.name, saved.query) == ("awards", "青岛 企业", "q=%E9%9D%92%E5%B2%9B")
    desk = client.get(DESK).content.decode()
    assert f'href="?{saved.query}"' in desk
    filtered = client.get(f"{DESK}?{saved.query}").content.decode()
    assert "青岛海澜电子" in filtered and "济南北岸纺织" not in filtered
    assert 'aria-current="true">青岛 企业</a>' in filtered


def test_saving_a_name_again_replaces_its_filter(client):
    staff = signed_in(client, Role.SECRETARIAT)
    save(client, "本届", "state=submitted")
    save(client, "本届", "state=recommended")
    assert list(SavedFilter.objects.filter(user=staff).values_list("name", "query")) == [("本届", "state=recommended")]


@pytest.mark.parametrize(
    ("name", "query", "message"),
    [
        ("", "state=submitted", "请为这个筛选起一个名称。"),
        ("全部", "q=&state=&page=2", "当前没有筛选条件：请先筛选，再保存。"),
        ("长" * 61, "state=submitted", "名称不能超过 60 个字。"),
    ],
)
def test_a_refused_save_says_why_and_keeps_the_desk_filter(client, name, query, message):
    signed_in(client, Role.SECRETARIAT)
    response = save(client, name, query)
    assert messages_of(response) == [message]
    assert response.redirect_chain[-1][0] == (f"{DESK}?state=submitted" if "submitted" in query else DESK)
    assert not SavedFilter.objects.exists()


def test_a_desk_keeps_at_most_twenty_filters(client):
    staff = signed_in(client, Role.SECRETARIAT)
    for n in range(20):
        SavedFilter.objects.create(user=staff, desk="awards", name=f"筛选{n}", query=f"q={n}")
    response = save(client, "第二十一个", "q=21")
    assert messages_of(response) == ["每个工作台最多保存 20 个筛选，请先删除不用的。"]
    assert SavedFilter.objects.filter(user=staff).count() == 20
    save(client, "筛选3", "q=33")  # replacing one is still allowed
    assert SavedFilter.objects.get(user=staff, name="筛选3").query == "q=33"


def test_the_refusal_is_in_english_on_an_english_page(client):
    signed_in(client, Role.SECRETARIAT)
    client.cookies["django_language"] = "en"
    response = save(client, "", "state=submitted")
    assert messages_of(response) == ["Give this filter a name."]


def test_nobody_else_sees_or_deletes_my_filter(client):
    owner = UserFactory(roles=[Role.SECRETARIAT])
    mine = SavedFilter.objects.create(user=owner, desk="awards", name="我的私人筛选", query="state=submitted")
    signed_in(client, Role.SECRETARIAT)

    assert "我的私人筛选" not in client.get(DESK).content.decode()
    assert client.post(reverse("saved_filters:delete", args=[mine.pk])).status_code == 404
    assert SavedFilter.objects.filter(pk=mine.pk).exists()


def test_the_owner_deletes_a_filter_and_stays_on_the_filtered_desk(client):
    staff = signed_in(client, Role.SECRETARIAT)
    mine = SavedFilter.objects.create(user=staff, desk="awards", name="待受理", query="state=recommended")
    response = client.post(reverse("saved_filters:delete", args=[mine.pk]), {"query": "state=recommended"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{DESK}?state=recommended"
    assert messages_of(response) == ["已删除筛选“待受理”。"]
    assert not SavedFilter.objects.exists()


@pytest.mark.parametrize(
    ("roles", "desk", "status"), [([Role.EXPERT], "awards", 403), ([Role.SECRETARIAT], "nope", 404)]
)
def test_only_someone_who_may_open_the_desk_saves_a_filter_for_it(client, roles, desk, status):
    signed_in(client, *roles)
    response = client.post(reverse("saved_filters:save"), {"desk": desk, "name": "x", "query": "state=submitted"})
    assert response.status_code == status
    assert not SavedFilter.objects.exists()


@pytest.mark.parametrize(("desk", "url"), [("zones", "/zones/staff/"), ("cities", "/cities/staff/")])
def test_the_zone_and_city_desks_offer_their_own_saved_filters(client, desk, url):
    staff = signed_in(client, Role.SECRETARIAT)
    SavedFilter.objects.create(user=staff, desk=desk, name="本desk的筛选", query="state=submitted")
    SavedFilter.objects.create(user=staff, desk="awards", name="质量奖的筛选", query="state=submitted")
    page = client.get(url).content.decode()
    assert "本desk的筛选" in page and "质量奖的筛选" not in page
