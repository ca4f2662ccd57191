"""HTTP: the staff page that creates a review panel for dossiers of one stage and edition."""

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.roles import Role
from awards.models import AwardApplication
from tests.factories import AwardApplicationFactory, EditionFactory, OrganizationFactory, UserFactory
from workflows.review import services
from workflows.review.models import Panel

pytestmark = pytest.mark.django_db

URL = "/review/staff/panel/new/"


def key_of(dossier) -> str:
    return f"{ContentType.objects.get_for_model(AwardApplication).pk}:{dossier.pk}"


def panel_form(*dossiers, stage="material_review", **overrides) -> dict:
    data = {"name": "第二组", "stage": stage, "dossiers": [key_of(d) for d in dossiers], "deadline": "2026-12-20T17:00"}
    data.update(overrides)
    return data


def test_staff_create_a_panel_for_the_chosen_dossiers(client, edition, staff):
    first, second = (AwardApplicationFactory(edition=edition, state="material_review") for _ in range(2))
    client.force_login(staff)

    response = client.post(URL, panel_form(first, second, size="3"))

    panel = Panel.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/review/staff/panel/{panel.pk}/"
    assert (panel.edition, panel.stage, panel.size, sorted(panel.dossiers.values_list("object_id", flat=True))) == (
        edition,
        "material_review",
        3,
        sorted([first.pk, second.pk]),
    )


def test_the_page_lists_only_dossiers_in_a_review_stage_without_a_panel(client, edition, staff):
    AwardApplicationFactory(edition=edition, state="material_review", organization=OrganizationFactory(name="待分组甲"))
    AwardApplicationFactory(edition=edition, state="submitted", organization=OrganizationFactory(name="未受理乙"))
    covered = AwardApplicationFactory(
        edition=edition, state="material_review", organization=OrganizationFactory(name="已分组丙")
    )
    services.create_panel(
        edition, stage="material_review", name="第一组", dossiers=[covered], deadline=edition.closes_at, actor=staff
    )
    client.force_login(staff)

    page = client.get(URL).content.decode()

    assert ("待分组甲" in page, "未受理乙" in page, "已分组丙" in page) == (True, False, False)


def test_a_dossier_of_another_stage_is_refused_with_a_clear_message(client, edition, staff):
    in_material = AwardApplicationFactory(edition=edition, state="material_review")
    in_site = AwardApplicationFactory(edition=edition, state="site_review")
    client.force_login(staff)

    response = client.post(URL, panel_form(in_material, in_site))

    assert response.status_code == 400
    assert "所选材料不处于该评审阶段。" in response.content.decode()
    assert Panel.objects.count() == 0


def test_dossiers_of_two_editions_are_refused(client, edition, staff):
    here = AwardApplicationFactory(edition=edition, state="material_review")
    elsewhere = AwardApplicationFactory(edition=EditionFactory(), state="material_review")
    client.force_login(staff)

    response = client.post(URL, panel_form(here, elsewhere))

    assert response.status_code == 400
    assert "一个评审组只能评审同一届次的材料。" in response.content.decode()
    assert Panel.objects.count() == 0


@pytest.mark.parametrize("role", [Role.EXPERT, Role.COMMITTEE, Role.APPLICANT])
def test_only_the_secretariat_may_create_panels(client, edition, role):
    dossier = AwardApplicationFactory(edition=edition, state="material_review")
    client.force_login(UserFactory(roles=[role]))

    listing = client.get(URL)
    posting = client.post(URL, panel_form(dossier))

    assert (listing.status_code, posting.status_code, Panel.objects.count()) == (403, 403, 0)
    assert dossier.organization.name not in listing.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


# session, user, role check, panel coverage, the dossier model's content type and its one query,
# then base.html: site, site settings, and the staff navigation (one query for every desk's number;
# desk pages show no Wagtail user bar). Issue 14: ≤ 15, constant in rows.
CREATE_PANEL_QUERIES = 11


@pytest.mark.parametrize("rows", [1, 6])
def test_create_panel_page_query_count_does_not_grow_with_rows(client, edition, staff, rows, django_assert_num_queries):
    for _ in range(rows):
        AwardApplicationFactory(edition=edition, state="material_review")
    client.force_login(staff)

    with django_assert_num_queries(CREATE_PANEL_QUERIES):
        response = client.get(URL)

    assert response.content.decode().count('name="dossiers"') == rows
