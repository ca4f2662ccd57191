import pytest
from django.urls import reverse

from awards.models import AwardEditionSettings
from tests.factories import UserFactory
from workflows.eligibility.models import Ban, EligibilityRule

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [EligibilityRule, Ban, AwardEditionSettings])
def test_superuser_sees_the_snippet_listing(client, model):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    response = client.get(reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:list"))

    assert response.status_code == 200
