"""From 拟命名 on: public notice and objections (workflows/notices), naming with a three-year Title
(workflows/titles), renewal review, expiry and 摘牌 with the ban on re-applying (docs/cities.md)."""

import datetime as dt

import pytest
import time_machine

import cms.demo
from cities import services
from cities.models import City, State
from tests.factories import applicant_for
from tests.notices.factories import individual_objection
from workflows.eligibility.models import Ban
from workflows.exceptions import NotEligible, WorkflowError
from workflows.notices import services as notices
from workflows.titles.models import Revocation, TitleState
from workflows.workdays import SHANGHAI

from .factories import CityEditionFactory, CityRulesFactory, city_in_state

pytestmark = pytest.mark.django_db

OPENED = dt.datetime(2026, 5, 11, 9, 0, tzinfo=SHANGHAI)  # a Monday
AFTER_WINDOW = dt.datetime(2026, 5, 18, 9, 0, tzinfo=SHANGHAI)


def proposed_city(**kwargs) -> City:
    return city_in_state(State.PROPOSED, name=kwargs.pop("name", "青岛市"), **kwargs)


def named_city(secretariat, **kwargs) -> City:
    city = proposed_city(**kwargs)
    with time_machine.travel(OPENED, tick=False):
        notice = services.open_notice([city], actor=secretariat)
    with time_machine.travel(AFTER_WINDOW, tick=False):
        notices.close_public_notice(notice, actor=secretariat)
        services.name_city(city, actor=secretariat, document_no="国市监质发〔2026〕8号", approved_on=dt.date(2026, 5, 20))
    city.refresh_from_db()
    return city


def test_a_batch_of_proposed_cities_goes_on_one_notice_with_the_editions_window(secretariat):
    cms.demo.seed()
    first = proposed_city()
    second = proposed_city(name="宁波市", edition=first.edition)
    with time_machine.travel(OPENED, tick=False):
        notice = services.open_notice([first, second], actor=secretariat)
    assert notice.title == f"{first.edition.title}拟命名名单公示"
    assert notice.last_day == dt.date(2026, 5, 15)  # five working days
    assert [c.state for c in City.objects.order_by("pk")] == [State.PUBLIC_NOTICE, State.PUBLIC_NOTICE]
    assert notice.candidates.get(object_id=first.pk).profile.startswith("青岛市（地级市）")


def test_an_objection_holds_the_city_until_it_is_decided_then_the_notice_closes(secretariat):
    cms.demo.seed()
    city = proposed_city()
    with time_machine.travel(OPENED, tick=False):
        notice = services.open_notice([city], actor=secretariat)
        line = notice.candidates.get()
        objection = notices.file_objection(individual_objection(line))
    city.refresh_from_db()
    assert city.state == State.OBJECTION_REVIEW
    with time_machine.travel(AFTER_WINDOW, tick=False):
        with pytest.raises(WorkflowError):
            notices.close_public_notice(notice, actor=secretariat)
        notices.decide_objection(objection, substantiated=False, memo="经核查，数据属实。", actor=secretariat)
        notices.close_public_notice(notice, actor=secretariat)
    city.refresh_from_db()
    assert city.state == State.PENDING_APPROVAL


def test_naming_confers_a_title_for_the_editions_demonstration_years_and_the_case_shows_it(secretariat):
    cms.demo.seed()
    city = named_city(secretariat)
    title = services.city_title(city)
    assert city.state == State.NAMED
    assert (title.valid_from, title.valid_until) == (dt.date(2026, 5, 20), dt.date(2029, 5, 19))
    assert (city.named_on, city.demonstration_ends_on) == (title.valid_from, title.valid_until)
    assert city.edition.validity_years == 3


def test_naming_needs_a_document_number_and_a_closed_notice(secretariat):
    city = proposed_city()
    with pytest.raises(WorkflowError, match="请填写命名文号"):
        services.name_city(city, actor=secretariat, document_no=" ")
    with pytest.raises(WorkflowError, match="尚未公示"):
        services.name_city(city, actor=secretariat, document_no="国市监质发〔2026〕8号")


def test_near_the_end_of_its_period_a_city_enters_renewal_review_and_renewal_extends_the_title(secretariat):
    cms.demo.seed()
    city = named_city(secretariat)
    assert services.start_due_renewal_reviews(dt.date(2029, 2, 1)) == []  # more than 90 days before the end
    assert services.start_due_renewal_reviews(dt.date(2029, 2, 19)) == [city.pk]
    city.refresh_from_db()
    assert city.state == State.RENEWAL_REVIEW
    city = services.renew_city(city, actor=secretariat, reason="复核合格。")
    assert (city.state, city.demonstration_ends_on) == (State.NAMED, dt.date(2032, 5, 19))
    assert services.city_title(city).valid_until == dt.date(2032, 5, 19)


def test_a_failed_renewal_review_ends_the_city_and_its_title(secretariat):
    cms.demo.seed()
    city = named_city(secretariat)
    services.transition_city(city, "start_renewal_review", actor=secretariat)
    with pytest.raises(WorkflowError, match="请填写理由"):
        services.expire_city(city, actor=secretariat, reason="")
    city = services.expire_city(city, actor=secretariat, reason="复核不合格。")
    assert city.state == State.EXPIRED
    assert services.city_title(city).state == TitleState.EXPIRED


def test_delisting_revokes_the_title_bans_the_government_and_refuses_its_new_application(secretariat):
    cms.demo.seed()
    city = named_city(secretariat)
    revocation = services.delist_city(
        city,
        actor=secretariat,
        reason="发生重大质量安全事故。",
        trigger=Revocation.Trigger.MAJOR_INCIDENT,
        authority="国家市场监督管理总局",
        document_no="国市监质发〔2027〕2号",
        decided_on=dt.date(2027, 3, 1),
    )
    city.refresh_from_db()
    assert (city.state, city.revoked_on, city.revocation_reason) == (
        State.REVOKED,
        dt.date(2027, 3, 1),
        "发生重大质量安全事故。",
    )
    ban = Ban.objects.get(organization=city.organization)
    assert revocation.ban == ban and ban.program == city.edition.program

    later = CityEditionFactory(program=city.edition.program, year=2028)
    CityRulesFactory(edition=later)
    with time_machine.travel(dt.datetime(2028, 3, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        later.opens_at = dt.datetime(2028, 2, 1, tzinfo=SHANGHAI)
        later.closes_at = dt.datetime(2028, 6, 1, tzinfo=SHANGHAI)
        later.save()
        with pytest.raises(NotEligible) as refused:
            services.create_city(
                edition=later,
                organization=city.organization,
                actor=applicant_for(city.organization),
                name="青岛市",
                city_type="prefecture",
                region_code="370200",
            )
    assert "禁止" in refused.value.message or "不得" in refused.value.message


def test_delisting_needs_the_decision_and_a_title(secretariat):
    city = proposed_city()
    with pytest.raises(WorkflowError, match="请填写摘牌原因"):
        services.delist_city(city, actor=secretariat, reason="", trigger="", authority="", document_no="")
    with pytest.raises(WorkflowError, match="没有示范城市称号"):
        services.delist_city(
            city, actor=secretariat, reason="x", trigger="other", authority="总局", document_no="1号"
        )


# --- the secretariat's desk and the city government's pages ------------------------------------------
def act(client, city, action, **data):
    return client.post(f"/cities/staff/{city.pk}/action/", {"action": action, "expected_state": city.state, **data})


def test_the_desk_opens_the_notice_and_a_bad_start_date_keeps_the_form(client, secretariat):
    cms.demo.seed()
    city = proposed_city()
    client.force_login(secretariat)

    bad = act(client, city, "open_public_notice", start="2026-13-40")
    assert bad.status_code == 400
    assert "日期格式不正确" in bad.content.decode()
    assert 'value="2026-13-40"' in bad.content.decode()

    response = act(client, city, "open_public_notice", start="")
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.state == State.PUBLIC_NOTICE
    page = client.get(f"/cities/staff/{city.pk}/").content.decode()
    assert "公示与异议在公示管理中办理" in page and "拟命名名单公示" in page


def test_the_desk_names_a_city_pending_approval_and_links_the_title_desk_for_delisting(client, secretariat):
    cms.demo.seed()
    city = proposed_city()
    with time_machine.travel(OPENED, tick=False):
        notice = services.open_notice([city], actor=secretariat)
    with time_machine.travel(AFTER_WINDOW, tick=False):
        notices.close_public_notice(notice, actor=secretariat)
    city.refresh_from_db()
    client.force_login(secretariat)

    missing = act(client, city, "award", document_no="", approved_on="2026-05-20")
    assert missing.status_code == 400 and "请填写命名文号" in missing.content.decode()
    assert act(client, city, "award", document_no="国市监质发〔2026〕8号", approved_on="2026-05-20").status_code == 302

    city.refresh_from_db()
    page = client.get(f"/cities/staff/{city.pk}/").content.decode()
    title = services.city_title(city)
    assert city.state == State.NAMED
    assert f"/titles/staff/{title.pk}/revoke/" in page and "2029-05-19" in page
    directory = client.get("/cities/", {"status": "named"}).content.decode()
    assert "青岛市" in directory and "2026-05-20 — 2029-05-19" in directory


def test_the_desk_renews_or_ends_a_city_in_renewal_review(client, secretariat):
    cms.demo.seed()
    renewed, ended = named_city(secretariat), named_city(secretariat, name="宁波市")
    for city in (renewed, ended):
        services.transition_city(city, "start_renewal_review", actor=secretariat)
        city.refresh_from_db()
    client.force_login(secretariat)

    assert act(client, renewed, "renew", reason="复核合格。").status_code == 302
    refused = act(client, ended, "expire", reason="")
    assert refused.status_code == 400 and "请填写理由" in refused.content.decode()
    assert act(client, ended, "expire", reason="复核不合格。").status_code == 302

    renewed.refresh_from_db()
    ended.refresh_from_db()
    assert (renewed.state, renewed.demonstration_ends_on) == (State.NAMED, dt.date(2032, 5, 19))
    assert (ended.state, services.city_title(ended).state) == (State.EXPIRED, TitleState.EXPIRED)


def test_a_banned_government_is_told_before_it_types_and_its_post_is_refused(client, secretariat):
    cms.demo.seed()
    city = named_city(secretariat)
    services.delist_city(
        city,
        actor=secretariat,
        reason="发生重大质量安全事故。",
        trigger=Revocation.Trigger.MAJOR_INCIDENT,
        authority="国家市场监督管理总局",
        document_no="国市监质发〔2026〕30号",
    )
    later = CityRulesFactory(edition__program=city.edition.program).edition
    client.force_login(applicant_for(city.organization))

    response = client.get(f"/cities/mine/new/{later.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == "/cities/mine/"
    assert "本单位已被禁止申报" in response.content.decode()

    posted = client.post(
        f"/cities/mine/new/{later.pk}/",
        {"organization": city.organization.pk, "name": "青岛市", "city_type": "prefecture", "region_code": "370200"},
    )
    assert posted.status_code == 200 and "本单位已被禁止申报" in posted.content.decode()
    assert 'value="青岛市"' in posted.content.decode()
    assert not City.objects.filter(edition=later).exists()
