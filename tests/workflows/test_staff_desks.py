"""Staff desks for real volumes: one navigation with needs-my-action numbers, state tabs with counts,
filters kept in the URL across pages, bulk actions row by row with a summary, query-count pins."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from awards.models import AwardApplication, State
from brands.models import State as ZoneState
from cities.models import State as CityState
from tests.brands.factories import zone_in_state
from tests.cities.factories import city_in_state
from tests.factories import (
    AwardApplicationFactory,
    BanFactory,
    EditionFactory,
    OrganizationFactory,
    UserFactory,
)
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client):
    user = UserFactory(roles=[Role.SECRETARIAT])
    client.force_login(user)
    return user


_made = iter(range(1000))


def recommended(n: int, edition=None, **kwargs):
    edition = edition or EditionFactory()
    numbers = [next(_made) for _ in range(n)]
    return [
        AwardApplicationFactory(
            edition=edition,
            state=State.RECOMMENDED,
            organization=OrganizationFactory(name=f"青岛样例企业{i}号"),
            reference_no=f"QA-{i:03d}",
            **kwargs,
        )
        for i in numbers
    ]


def nav(response) -> dict:
    return {entry.key: (entry.url, entry.needs_action) for entry in response.context["staff_nav"]}


def message_texts(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- navigation and counts -----------------------------------------------------------------------


def test_the_award_desk_shows_every_desk_with_what_waits_on_the_secretariat(client, secretariat):
    recommended(2)
    AwardApplicationFactory(state=State.SUBMITTED)  # the recommender's move, not the secretariat's
    AwardApplicationFactory(state=State.AWARDED)  # nothing to do on the award desk

    response = client.get(reverse("awards:staff_list"))

    entries = nav(response)
    assert list(entries) == ["awards", "zones", "cities", "review", "notices", "objections", "titles", "exports"]
    assert entries["awards"] == ("/portal/staff/", 2)
    assert entries["exports"] == ("/review/staff/#exports", None)
    assert 'aria-current="page"' in response.content.decode()


def test_a_committee_member_is_linked_to_the_review_desk_only(client):
    client.force_login(UserFactory(roles=[Role.COMMITTEE]))

    response = client.get(reverse("review:staff_home"))

    assert list(nav(response)) == ["review"]
    html = response.content.decode()
    assert reverse("awards:staff_list") not in html and reverse("notices:staff_desk") not in html


def test_the_staff_home_tiles_carry_the_needs_my_action_numbers(client, secretariat):
    recommended(3)

    response = client.get(reverse("accounts:dashboard"))

    tiles = {label: count for _url, label, count in response.context["workspaces"]}
    assert tiles["质量奖申报管理"] == 3
    assert '<span class="visually-hidden">待我处理</span>3' in response.content.decode()


def test_the_notice_desk_counts_proposed_candidates_of_every_program(client, secretariat):
    """Proposed and not yet on a notice: one award and one zone wait; other states do not count."""
    AwardApplicationFactory(state=State.PROPOSED)
    AwardApplicationFactory(state=State.RECOMMENDED)
    zone_in_state(ZoneState.PROPOSED)

    response = client.get(reverse("notices:staff_desk"))

    assert nav(response)["notices"][1] == 2


def test_state_tabs_count_rows_under_the_other_filters_and_keep_them(client, secretariat):
    edition = EditionFactory()
    recommended(2, edition=edition)
    AwardApplicationFactory(edition=edition, state=State.ACCEPTED)
    AwardApplicationFactory(state=State.ACCEPTED)  # another edition: filtered out

    response = client.get(reverse("awards:staff_list"), {"edition": edition.pk, "state": "accepted"})

    tabs = {tab.value: (tab.count, tab.url, tab.current) for tab in response.context["state_tabs"]}
    assert tabs == {
        "": (3, f"?edition={edition.pk}", False),
        "recommended": (2, f"?edition={edition.pk}&state=recommended", False),
        "accepted": (1, f"?edition={edition.pk}&state=accepted", True),
    }
    assert "共 1 条" in response.content.decode()


def test_page_links_keep_the_filters(client, secretariat, monkeypatch):
    monkeypatch.setattr("awards.views.PAGE_SIZE", 2)
    recommended(3)

    response = client.get(reverse("awards:staff_list"), {"state": "recommended", "q": "青岛"})

    assert 'href="?state=recommended&amp;q=%E9%9D%92%E5%B2%9B&amp;page=2"' in response.content.decode()
    page_two = client.get(reverse("awards:staff_list"), {"state": "recommended", "q": "青岛", "page": 2})
    assert len(page_two.context["rows"]) == 1


def test_counts_and_navigation_read_in_english(client, secretariat):
    recommended(1)

    html = client.get(reverse("awards:staff_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "1 in total" in html and "Award desk" in html and "Needs my action" in html
    assert "共 1 条" not in html and "批量操作" not in html


# --- bulk actions -----------------------------------------------------------------------------------


def bulk(client, applications, action, **extra):
    data = {"action": action, "ids": [a.pk for a in applications], "filters": "state=recommended", **extra}
    data.update({f"expected_{a.pk}": a.state for a in applications})
    return client.post(reverse("awards:staff_bulk"), data, follow=True)


def test_bulk_accept_moves_each_row_and_names_the_one_refused_with_its_reason(client, secretariat):
    first, banned, third = recommended(3)
    BanFactory(organization=banned.organization, program=banned.edition.program, reason="提供虚假材料")

    response = bulk(client, [first, banned, third], "accept")

    states = dict(AwardApplication.objects.values_list("pk", "state"))
    assert (states[first.pk], states[banned.pk], states[third.pk]) == ("accepted", "recommended", "accepted")
    assert message_texts(response) == [
        "“受理”：2 条已完成。",
        "“受理”：1 条未完成。",
        f"{banned.organization.name}（{banned.reference_no or banned.pk}）：该单位处于禁止申报期，不予受理。原因：提供虚假材料",
    ]
    assert response.redirect_chain[-1][0] == "/portal/staff/?state=recommended"
    assert TransitionLog.objects.filter(transition="accept").count() == 2


def test_bulk_refuses_rows_whose_state_no_longer_allows_the_action(client, secretariat):
    ready, already = recommended(2)
    stale_states = {f"expected_{already.pk}": "recommended"}
    AwardApplication.objects.filter(pk=already.pk).update(state=State.ACCEPTED)

    response = client.post(
        reverse("awards:staff_bulk"),
        {"action": "accept", "ids": [ready.pk, already.pk], f"expected_{ready.pk}": "recommended", **stale_states},
        follow=True,
    )

    assert AwardApplication.objects.get(pk=ready.pk).state == "accepted"
    assert message_texts(response)[:2] == ["“受理”：1 条已完成。", "“受理”：1 条未完成。"]
    assert message_texts(response)[2].startswith(
        f"{already.organization.name}（{already.reference_no or already.pk}）："
    )


def test_a_bulk_action_that_needs_a_reason_is_refused_without_one(client, secretariat):
    zones = [zone_in_state(ZoneState.EXPIRY_REVIEW) for _ in range(2)]

    response = client.post(
        reverse("brands:staff_bulk"), {"action": "renew", "ids": [z.pk for z in zones], "filters": ""}, follow=True
    )

    assert {z.state for z in type(zones[0]).objects.all()} == {"expiry_review"}
    assert message_texts(response) == ["“复核合格，续期”须填写理由，理由将记入所选的每一条记录。"]


def test_danger_buttons_are_never_offered_in_bulk(client, secretariat):
    rows = [AwardApplicationFactory(state=State.MATERIAL_REVIEW) for _ in range(2)]

    response = bulk(client, rows, "eliminate", reason="材料评审得分未达线")

    assert set(AwardApplication.objects.values_list("state", flat=True)) == {"material_review"}
    assert message_texts(response) == ["请选择要执行的批量操作。"]


def test_bulk_refuses_a_desk_button_that_has_a_form_of_its_own_and_non_staff(client):
    application = recommended(1)[0]
    client.force_login(UserFactory())

    response = client.post(reverse("awards:staff_bulk"), {"action": "accept", "ids": [application.pk]})

    assert response.status_code == 403
    assert AwardApplication.objects.get(pk=application.pk).state == "recommended"


def test_bulk_with_nothing_ticked_says_so(client, secretariat):
    response = client.post(reverse("awards:staff_bulk"), {"action": "accept"}, follow=True)

    assert message_texts(response) == ["请至少勾选一条记录。"]


def test_the_desk_offers_a_checkbox_only_on_rows_a_bulk_action_applies_to(client, secretariat):
    ready = recommended(1)[0]
    done = AwardApplicationFactory(state=State.AWARDED)

    response = client.get(reverse("awards:staff_list"))

    rows = {a.pk: actions for a, actions in response.context["rows"]}
    assert (rows[ready.pk], rows[done.pk]) == (["accept"], [])
    assert [a.name for a in response.context["bulk_actions"]] == ["accept"]


def test_zone_desk_bulk_starts_national_review_row_by_row(client, secretariat):
    zones = [zone_in_state(ZoneState.RECOMMENDED) for _ in range(2)]

    response = client.post(
        reverse("brands:staff_bulk"),
        {"action": "start_national_review", "ids": [z.pk for z in zones], "filters": ""},
        follow=True,
    )

    assert message_texts(response)[0].endswith("2 条已完成。")
    assert {z.state for z in type(zones[0]).objects.filter(pk__in=[z.pk for z in zones])} == {"national_review"}


def test_city_desk_lists_with_counts_and_its_navigation(client, secretariat):
    city_in_state(CityState.APPLIED)

    response = client.get(reverse("cities:staff_list"))

    assert nav(response)["cities"][0] == "/cities/staff/"
    assert "共 1 条" in response.content.decode()


# --- query-count pins: the same number at 1 and at several rows --------------------------------------


def queries_for(client, url, params=None, method="get"):
    with CaptureQueriesContext(connection) as context:
        getattr(client, method)(url, params or {})
    return len(context)


def make_awards(n):
    recommended(n)


def make_zones(n):
    for _ in range(n):
        zone_in_state(ZoneState.RECOMMENDED)


def make_cities(n):
    for _ in range(n):
        city_in_state(CityState.APPLIED)


@pytest.mark.parametrize(
    "url, make",
    [("/portal/staff/?state=recommended", make_awards), ("/zones/staff/", make_zones), ("/cities/staff/", make_cities)],
)
def test_desk_list_query_count_is_the_same_at_one_and_several_rows(client, secretariat, url, make):
    client.get("/accounts/")  # the site's settings row is created on the very first page ever served
    make(1)
    one = queries_for(client, url)
    make(3)
    several = queries_for(client, url)

    assert (one, several) == (one, one)
    assert one <= DESK_LIST_MAX_QUERIES


def test_bulk_accept_costs_the_same_per_row(client, secretariat):
    client.get("/accounts/")
    first = recommended(1)
    one = queries_for(client, reverse("awards:staff_bulk"), {"action": "accept", "ids": [a.pk for a in first]}, "post")
    more = recommended(3)
    several = queries_for(
        client, reverse("awards:staff_bulk"), {"action": "accept", "ids": [a.pk for a in more]}, "post"
    )

    assert set(AwardApplication.objects.values_list("state", flat=True)) == {"accepted"}
    assert (several - one) % 2 == 0 and (several - one) // 2 <= BULK_QUERIES_PER_ROW  # 3 rows = 1 row + 2 rows
    assert one <= BULK_FIXED_QUERIES + BULK_QUERIES_PER_ROW


# The navigation costs a count per desk with a number and one role check per predicate; the tabs one
# grouped count; each bulk row locks, checks, saves and logs its transition.
DESK_LIST_MAX_QUERIES = 60
BULK_FIXED_QUERIES = 10
BULK_QUERIES_PER_ROW = 15
