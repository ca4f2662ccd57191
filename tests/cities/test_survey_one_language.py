"""The survey's pages speak one language: no bilingual label in Chinese, no Chinese left in English
beyond stored data (the checks of tests/i18n/test_every_page.py, which does not visit these pages)."""

import pytest
from django.utils import translation

from tests.factories import UserFactory, applicant_for
from tests.i18n.test_every_page import bilingual_labels, chinese_left, data_texts
from tests.i18n.test_one_language import visible_text

from .survey_support import WEIGHTS, questionnaire_for, respond, survey_city

pytestmark = pytest.mark.django_db


def test_survey_pages_show_one_language(client, settings):
    settings.SMS_BACKEND = "workflows.notifications.sms.LocmemBackend"
    city = survey_city()
    questionnaire_for(city.edition)
    for n in range(3):
        respond(city, f"1380013800{n}", dict.fromkeys(WEIGHTS, 4))
    staff = UserFactory(roles=["secretariat"])
    paths = [
        (None, f"/cities/survey/{city.pk}/"),
        (staff, "/cities/staff/survey/"),
        (staff, "/cities/staff/"),
        (staff, f"/cities/staff/{city.pk}/"),
        (staff, f"/cities/staff/survey/edition/{city.edition_id}/"),
        (staff, f"/cities/staff/survey/city/{city.pk}/"),
        (applicant_for(city.organization), f"/cities/mine/{city.pk}/survey/"),
        (applicant_for(city.organization), f"/cities/mine/{city.pk}/"),
    ]
    data = data_texts() + ["市场监督管理局", "质量奖评审办公室"]  # the site settings' authority names
    out = {}
    for lang in ("zh-hans", "en"):
        client.cookies["django_language"] = lang
        for user, path in paths:
            client.logout()
            if user:
                client.force_login(user)
            with translation.override(lang):
                html = client.get(path, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
            if lang == "en":
                left = chinese_left(visible_text(html), data)
            else:
                left = bilingual_labels(visible_text(html))
            if left:
                out[f"{lang} {path}"] = left
    assert out == {}
