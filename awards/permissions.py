"""Who may act on an award application: the engine's predicates (workflows/permissions.py) by the
names the award state machine and views use."""

from workflows.permissions import (  # noqa: F401 (the award program's vocabulary)
    is_committee_or_secretariat,
    is_recommender_for,
    is_secretariat,
    nobody,
)
from workflows.permissions import is_member_of_organization as is_applicant_member  # noqa: F401
