import os

import pytest

from accounts.roles import Role
from tests.factories import UserFactory

# The quota race needs real row locks: collected only on PostgreSQL (DATABASE_URL=postgres://...), as in CI.
_database_url = os.environ.get("DATABASE_URL", "")
collect_ignore = [] if _database_url.startswith(("postgres://", "postgresql://")) else ["test_quota_concurrency_pg.py"]


@pytest.fixture
def secretariat(db):
    return UserFactory(roles=[Role.SECRETARIAT])


@pytest.fixture
def shandong_recommender(db):
    return UserFactory(roles=[(Role.RECOMMENDER, "370000")])


@pytest.fixture
def guangdong_recommender(db):
    return UserFactory(roles=[(Role.RECOMMENDER, "440000")])
