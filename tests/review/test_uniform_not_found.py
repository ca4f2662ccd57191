"""Opinions one may not see answer exactly like ids that do not exist, so ids reveal nothing."""

import pytest

from accounts.roles import Role
from tests.factories import UserFactory

from .factories import ExpertProfileFactory
from .helpers import declare_and_submit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["another expert", "an applicant", "a recommender"])
def test_someone_elses_opinion_pdf_is_a_plain_404(client, drawn_panel, who):
    panel, (dossier, _), _ = drawn_panel
    assignment = panel.assignments.filter(object_id=dossier.pk).first()
    declare_and_submit(assignment, 70)
    user = {
        "another expert": lambda: ExpertProfileFactory().user,
        "an applicant": lambda: UserFactory(roles=[Role.APPLICANT]),
        "a recommender": lambda: UserFactory(roles=[(Role.RECOMMENDER, "370200")]),
    }[who]()
    client.force_login(user)

    existing = client.get(f"/review/a/{assignment.pk}/opinion.pdf")
    missing = client.get("/review/a/999999/opinion.pdf")

    # Same status, same page (only the URL and the CSRF token of the language switch differ).
    assert (existing.status_code, [t.name for t in existing.templates]) == (
        404,
        [t.name for t in missing.templates],
    )
