import pytest

from accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def secretariat(db):
    return UserFactory(roles=[Role.SECRETARIAT])


@pytest.fixture
def shandong_group(db):
    """The Shandong 质量强省 leading group's officer (a recommender for 370000)."""
    return UserFactory(roles=[(Role.RECOMMENDER, "370000")])


@pytest.fixture
def guangdong_group(db):
    return UserFactory(roles=[(Role.RECOMMENDER, "440000")])
