import pytest

from accounts.roles import Role
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from workflows.review import services
from workflows.review.models import ReviewSettings

from .factories import make_experts


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.SECRETARIAT])


@pytest.fixture
def edition(db):
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition)
    return edition


@pytest.fixture
def drawn_panel(edition, staff):
    """Five experts drawn for two material-review dossiers; returns (panel, dossiers, experts)."""
    dossiers = [AwardApplicationFactory(edition=edition, state="material_review") for _ in range(2)]
    experts = make_experts(5)
    panel = services.create_panel(
        edition,
        stage="material_review",
        name="第一组",
        dossiers=dossiers,
        deadline=edition.closes_at,
        actor=staff,
    )
    services.draw_panel(panel, actor=staff, seed="fixed-seed")
    return panel, dossiers, experts
