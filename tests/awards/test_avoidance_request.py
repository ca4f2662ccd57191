"""Applicant-requested avoidance (申请回避): who may file it, what the applicant sees, and the draw obeying it."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from awards.models import State
from tests.factories import AwardApplicationFactory, EditionFactory, OrganizationFactory, UserFactory, applicant_for
from tests.review.factories import ExpertProfileFactory
from workflows.review import services
from workflows.review.models import AvoidanceRequest, ConsultancyTie, PastEmployment, ReviewSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition)
    org_a, org_b = OrganizationFactory(), OrganizationFactory()
    application = AwardApplicationFactory(edition=edition, organization=org_a, state=State.MATERIAL_REVIEW)
    named = ExpertProfileFactory(user__full_name="王志强", employer_name="青岛某咨询有限公司")
    return {
        "edition": edition,
        "application": application,
        "applicant_a": applicant_for(org_a),
        "applicant_b": applicant_for(org_b),
        "named": named,
        "url": f"/portal/applications/{application.pk}/avoidance/",
    }


REQUEST = {"expert_name": "王 志强", "reason": "该专家曾为我单位竞争对手提供咨询服务。"}


def test_applicant_files_a_request_and_sees_only_what_they_typed(client, world):
    client.force_login(world["applicant_a"])

    form = client.get(world["url"])
    filed = client.post(world["url"], REQUEST)
    page = client.get(world["url"]).content.decode()
    detail = client.get(f"/portal/applications/{world['application'].pk}/").content.decode()

    request = AvoidanceRequest.objects.get()
    assert form.status_code == 200 and 'id="file-avoidance"' in form.content.decode()
    assert filed.status_code == 302
    assert (request.expert_name, request.status, request.requested_by) == ("王 志强", "pending", world["applicant_a"])
    assert request.expert_id is None
    listed = page.split('id="avoidance-requests"', 1)[1].split("</section>", 1)[0]
    assert "王 志强" in listed and "待审核" in listed and REQUEST["reason"] in listed
    # The pool expert the name matched is never revealed: neither the account nor the employer.
    for page_text in (page, detail):
        assert world["named"].user.username not in page_text
        assert world["named"].employer_name not in page_text
    assert "待审核" in detail.split('id="avoidance"', 1)[1].split("</section>", 1)[0]


def test_the_answer_is_the_same_whether_or_not_the_name_is_in_the_pool(client, world):
    client.force_login(world["applicant_a"])

    known = client.post(world["url"], REQUEST, follow=True)
    unknown = client.post(world["url"], {**REQUEST, "expert_name": "查无此人"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert [str(m) for m in known.context["messages"]] == [str(m) for m in unknown.context["messages"]]
    assert list(AvoidanceRequest.objects.values_list("status", flat=True)) == ["pending", "pending"]


@pytest.mark.parametrize("who", ["applicant_b", "expert", "anonymous", "secretariat"])
def test_only_the_applying_organisation_may_file(client, world, who):
    users = {
        "applicant_b": world["applicant_b"],
        "expert": world["named"].user,
        "secretariat": UserFactory(roles=[Role.SECRETARIAT]),
    }
    if who != "anonymous":
        client.force_login(users[who])

    shown = client.get(world["url"])
    posted = client.post(world["url"], REQUEST)

    expected = {"applicant_b": 404, "expert": 404, "anonymous": 302, "secretariat": 403}[who]
    assert (shown.status_code, posted.status_code) == (expected, expected)
    if who == "anonymous":
        assert posted["Location"].startswith(reverse("accounts:login"))
    assert not AvoidanceRequest.objects.exists()


@pytest.mark.parametrize("state", [State.PROPOSED, State.ELIMINATED, State.AWARDED, State.WITHDRAWN])
def test_no_request_once_the_application_is_decided(client, world, state):
    type(world["application"]).objects.filter(pk=world["application"].pk).update(state=state)
    client.force_login(world["applicant_a"])

    page = client.get(world["url"]).content.decode()
    refused = client.post(world["url"], REQUEST)

    assert 'id="avoidance-closed"' in page and 'id="file-avoidance"' not in page
    assert refused.status_code == 422
    assert "不能再申请回避" in refused.content.decode()
    assert not AvoidanceRequest.objects.exists()


def test_a_request_must_name_someone_and_give_a_reason(client, world):
    client.force_login(world["applicant_a"])

    nobody = client.post(world["url"], {"reason": "理由"})
    no_reason = client.post(world["url"], {"expert_name": "王志强", "reason": ""})

    assert (nobody.status_code, no_reason.status_code) == (400, 400)
    assert "请填写需回避的专家姓名或单位" in nobody.content.decode()
    assert not AvoidanceRequest.objects.exists()


# --- the draw obeys the request ----------------------------------------------------------------------
def _draw(world, staff, size=5):
    panel = services.create_panel(
        world["edition"],
        stage="material_review",
        name="第一组",
        dossiers=[world["application"]],
        size=size,
        deadline=world["edition"].closes_at,
        actor=staff,
    )
    return services.draw_panel(panel, actor=staff, seed="fixed")


def test_a_named_expert_is_kept_out_of_the_draw(client, world):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    others = [ExpertProfileFactory().user_id for _ in range(5)]
    client.force_login(world["applicant_a"])
    client.post(world["url"], REQUEST)

    draw = _draw(world, staff)

    assert sorted(draw.candidate_ids) == sorted(others)
    assert world["named"].user_id not in draw.drawn_ids


def test_an_organisations_experts_are_kept_out_of_the_draw(client, world):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    rival = OrganizationFactory()
    at_rival = [ExpertProfileFactory(employer_credit_code=rival.credit_code).user_id for _ in range(2)]
    others = [ExpertProfileFactory().user_id for _ in range(3)]
    client.force_login(world["applicant_a"])
    client.post(
        world["url"], {"organization_credit_code": rival.credit_code.lower(), "reason": "该单位与我单位存在诉讼。"}
    )

    draw = _draw(world, staff, size=4)

    assert set(at_rival).isdisjoint(draw.candidate_ids)
    # Everyone else stays eligible, the expert named in no request included.
    assert sorted(draw.candidate_ids) == sorted([world["named"].user_id, *others])


def test_a_named_organisations_former_staff_and_consultants_are_barred_within_the_editions_years(client, world):
    """The named organisation counts like the applicant's own: former employer and consultancy rules apply
    with the edition's years (3 by default), and older ties do not."""
    rival = OrganizationFactory(name="青岛某竞争企业有限公司")
    today = timezone.localdate()
    recent_staff, old_staff, consultant, past_consultant, clean = (ExpertProfileFactory() for _ in range(5))
    PastEmployment.objects.create(
        expert=recent_staff,
        organization_name=rival.name,
        credit_code=rival.credit_code,
        ended_on=today - dt.timedelta(days=400),
    )
    PastEmployment.objects.create(
        expert=old_staff,
        organization_name=rival.name,
        credit_code=rival.credit_code,
        ended_on=today - dt.timedelta(days=4 * 366),
    )
    ConsultancyTie.objects.create(
        expert=consultant,
        kind=ConsultancyTie.Kind.CONSULTANCY,
        organization_name=rival.name,
        credit_code="",
        ended_on=None,
    )
    ConsultancyTie.objects.create(
        expert=past_consultant,
        kind=ConsultancyTie.Kind.CONSULTANCY,
        organization_name=rival.name,
        credit_code=rival.credit_code,
        ended_on=today - dt.timedelta(days=5 * 366),
    )
    client.force_login(world["applicant_a"])
    client.post(
        world["url"], {"organization_name": " 青岛某竞争企业 有限公司", "reason": "该单位为我单位主要竞争对手。"}
    )

    barred = {
        profile: services.conflicts_between(profile.user, world["application"])
        for profile in (recent_staff, old_staff, consultant, past_consultant, clean)
    }

    assert barred == {
        recent_staff: ["applicant_request"],
        old_staff: [],
        consultant: ["applicant_request"],
        past_consultant: [],
        clean: [],
    }


def test_a_rejected_request_no_longer_bars_the_expert(client, world):
    client.force_login(world["applicant_a"])
    client.post(world["url"], REQUEST)
    expert = world["named"].user
    barred = services.conflicts_between(expert, world["application"])

    AvoidanceRequest.objects.update(status=AvoidanceRequest.Status.REJECTED)

    assert barred == ["applicant_request"]
    assert services.conflicts_between(expert, world["application"]) == []


def test_staff_see_what_was_typed_and_decide_in_the_admin(client, world):
    client.force_login(world["applicant_a"])
    client.post(world["url"], REQUEST)
    request = AvoidanceRequest.objects.get()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    edit = f"/admin/snippets/review/avoidancerequest/edit/{request.pk}/"

    form = client.get(edit)
    decided = client.post(edit, {"status": "accepted", "expert": world["named"].user_id})

    assert form.status_code == 200 and "王 志强" in form.content.decode()
    assert decided.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.expert_id, request.expert_name) == ("accepted", world["named"].user_id, "王 志强")


# --- query count ---------------------------------------------------------------------------------------
# Session, user, the application and the applicant check, the request list: a fixed number.
AVOIDANCE_PAGE_QUERIES = 10


@pytest.mark.parametrize("rows", [1, 12])
def test_avoidance_page_query_count_does_not_grow_with_rows(client, world, rows, django_assert_num_queries):
    ct = ContentType.objects.get_for_model(world["application"])
    AvoidanceRequest.objects.bulk_create(
        [
            AvoidanceRequest(
                content_type=ct,
                object_id=world["application"].pk,
                expert_name=f"专家{i}",
                reason="理由",
                requested_by=world["applicant_a"],
            )
            for i in range(rows)
        ]
    )
    client.force_login(world["applicant_a"])
    client.get(world["url"])  # warm the content-type cache

    with django_assert_num_queries(AVOIDANCE_PAGE_QUERIES):
        response = client.get(world["url"])

    assert response.status_code == 200 and response.content.decode().count("<tr>") == rows + 1
