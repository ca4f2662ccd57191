import pytest

from accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def secretariat(db):
    return UserFactory(roles=[Role.SECRETARIAT])


@pytest.fixture
def shandong_recommender(db):
    return UserFactory(roles=[(Role.RECOMMENDER, "370000")])


@pytest.fixture
def guangdong_recommender(db):
    return UserFactory(roles=[(Role.RECOMMENDER, "440000")])
