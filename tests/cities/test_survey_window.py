"""One city's survey window (docs/surveys.md): it starts with the acceptance review (or on its own
from the case page), closes when the acceptance is concluded, and the public profile links to the
running survey, then to its published aggregates. SMS is mocked (workflows.notifications.sms.LocmemBackend
keeps the messages in an outbox instead of sending them)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cities.models import City, State
from tests.factories import UserFactory, applicant_for
from workflows.notifications import sms
from workflows.review.models import Panel
from workflows.selectors import transition_history

from .survey_support import WEIGHTS, questionnaire_for, respond, survey_city
from .test_hearing import experts
from .test_progress import score_through_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mocked_sms(settings):
    settings.SMS_BACKEND = "workflows.notifications.sms.LocmemBackend"  # mocked: nothing is sent
    sms.outbox.clear()


def applied_city(*, districts: bool = True):
    """A city that has applied for acceptance, its edition's questionnaire open, its survey not started."""
    city = survey_city(min_responses=2)
    questionnaire_for(city.edition)
    City.objects.filter(pk=city.pk).update(state=State.ACCEPTANCE_APPLIED, survey_opened_at=None)
    if not districts:
        city.survey_districts.all().delete()
    city.refresh_from_db()
    return city


def start_post(**overrides):
    deadline = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "action": "start_acceptance_review",
        "name": "验收专家组",
        "deadline": deadline,
        "size": "1",
        "open_survey": "on",
        "expected_state": State.ACCEPTANCE_APPLIED,
    }
    return data | overrides


def test_the_acceptance_review_starts_the_survey_and_the_conclusion_closes_it_and_counts_it(
    client, secretariat, django_capture_on_commit_callbacks
):
    city = applied_city()
    officer = applicant_for(city.organization)
    experts(1)
    client.force_login(secretariat)
    action = reverse("cities:staff_action", args=[city.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(action, start_post()).status_code == 302
    city.refresh_from_db()
    assert (city.state, city.survey_running) == (State.ACCEPTANCE_REVIEW, True)
    assert [m.to for m in mail.outbox] == [[officer.email], [officer.email]]  # the review, the survey
    page = client.get(reverse("cities:staff_city", args=[city.pk])).content.decode()
    assert "进行中" in page and "样本不足，计0分（满分 10 分）" in page

    for n, score in enumerate((5, 4)):
        respond(city, f"1380013800{n}", dict.fromkeys(WEIGHTS, score))
    page = client.get(reverse("cities:staff_city", args=[city.pk])).content.decode()
    assert "8.75 / 10" in page  # (100 + 75) / 2 = 87.5 of 100 → 8.75 of the 10 points

    panel = Panel.objects.get()
    client.post(reverse("review:staff_panel", args=[panel.pk]), {"action": "draw", "seed": "window"})
    score_through_pages(client, panel, 100)
    client.force_login(secretariat)
    client.post(reverse("review:staff_panel", args=[panel.pk]), {"action": "finalize"})
    assert client.post(action, {"action": "propose", "expected_state": State.ACCEPTANCE_REVIEW}).status_code == 302
    city.refresh_from_db()
    assert (city.state, city.survey_running, city.survey_score, city.final_score) == (
        State.PROPOSED,
        False,
        Decimal("8.75"),
        Decimal("98.75"),
    )
    moves = [log.transition for log in transition_history(city)]
    assert moves == ["start_acceptance_review", "open_survey", "close_survey", "propose"]


def test_a_survey_that_cannot_start_leaves_the_acceptance_unopened_and_keeps_the_form(client, secretariat):
    city = applied_city(districts=False)
    client.force_login(secretariat)
    response = client.post(reverse("cities:staff_action", args=[city.pk]), start_post(name="青岛验收组"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "请先设置区县样本配额。" in page and 'value="青岛验收组"' in page
    city.refresh_from_db()
    assert (city.state, city.survey_opened_at, Panel.objects.count()) == (State.ACCEPTANCE_APPLIED, None, 0)
    # Without the box ticked the review starts alone.
    response = client.post(reverse("cities:staff_action", args=[city.pk]), start_post(open_survey=""))
    city.refresh_from_db()
    assert (response.status_code, city.state, city.survey_opened_at) == (302, State.ACCEPTANCE_REVIEW, None)


def test_staff_open_and_close_a_creating_citys_survey_on_its_survey_page(client, secretariat):
    city = applied_city()
    City.objects.filter(pk=city.pk).update(state=State.CREATING)
    client.force_login(secretariat)
    page = reverse("cities:survey_staff_case", args=[city.pk])
    assert client.post(page, {"op": "open_case", "expected_state": State.CREATING}).status_code == 302
    city.refresh_from_db()
    assert city.survey_running
    assert client.post(page, {"op": "close_case", "expected_state": State.CREATING}).status_code == 302
    city.refresh_from_db()
    assert (city.survey_running, city.survey_closed_at is not None) == (False, True)
    # Without quotas it does not start, and says why.
    city.survey_districts.all().delete()
    response = client.post(page, {"op": "open_case"})
    assert response.status_code == 400 and "请先设置区县样本配额。" in response.content.decode()
    # Only the secretariat opens it; a creating city does not wait on the desk for it.
    from workflows.staff_desks import dossiers_needing

    assert dossiers_needing(City, secretariat).count() == 0
    client.force_login(applicant_for(city.organization))
    assert client.post(page, {"op": "open_case"}).status_code == 403


def test_the_profile_links_to_the_running_survey_then_to_its_public_aggregates(client, django_assert_max_num_queries):
    city = survey_city(min_responses=1)
    questionnaire_for(city.edition)
    respond(city, "13800138000", dict.fromkeys(WEIGHTS, 4))
    profile = reverse("cities:profile", args=[city.pk])
    results = reverse("cities:survey_results", args=[city.pk])
    page = client.get(profile).content.decode()
    assert reverse("cities:survey", args=[city.pk]) in page and results not in page
    assert client.get(results).status_code == 404  # aggregates are published once the survey has ended

    City.objects.filter(pk=city.pk).update(survey_closed_at=timezone.now())
    page = client.get(profile).content.decode()
    assert results in page and f'href="{reverse("cities:survey", args=[city.pk])}"' not in page
    with django_assert_max_num_queries(12):
        page = client.get(results).content.decode()
    assert 'id="survey-n">1<' in page and "75.00" in page
    for n in range(1, 5):  # more responses, the same queries
        City.objects.filter(pk=city.pk).update(survey_closed_at=None)
        respond(city, f"1390013900{n}", dict.fromkeys(WEIGHTS, 5))
    City.objects.filter(pk=city.pk).update(survey_closed_at=timezone.now())
    with django_assert_max_num_queries(12):
        assert 'id="survey-n">5<' in client.get(results).content.decode()


def test_the_results_page_speaks_one_language(client):
    from django.utils import translation

    from tests.i18n.test_every_page import bilingual_labels, chinese_left, data_texts
    from tests.i18n.test_one_language import visible_text

    city = survey_city(min_responses=1)
    questionnaire_for(city.edition)
    respond(city, "13800138000", dict.fromkeys(WEIGHTS, 4))
    City.objects.filter(pk=city.pk).update(survey_closed_at=timezone.now())
    staff = UserFactory(roles=["secretariat"])
    data = data_texts() + ["市场监督管理局", "质量奖评审办公室"]
    out = {}
    for lang in ("zh-hans", "en"):
        client.cookies["django_language"] = lang
        for user, path in (
            (None, f"/cities/survey/{city.pk}/results/"),
            (None, f"/cities/{city.pk}/"),
            (staff, f"/cities/staff/{city.pk}/"),
        ):
            client.logout()
            if user:
                client.force_login(user)
            with translation.override(lang):
                html = client.get(path, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
            left = chinese_left(visible_text(html), data) if lang == "en" else bilingual_labels(visible_text(html))
            if left:
                out[f"{lang} {path}"] = left
    assert out == {}
