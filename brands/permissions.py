"""Object permissions for zones, used by the state machine's `permission=` arguments and by views.

The engine's predicates (workflows/permissions.py) under the zone's names: the creating body is the
zone's organisation, and a provincial recommender's region must cover the zone's own region.
"""

from workflows.permissions import (  # noqa: F401 (the zone program's vocabulary)
    is_committee_or_secretariat,
    is_secretariat,
    nobody,
)
from workflows.permissions import is_member_of_organization as is_creating_body_member  # noqa: F401
from workflows.permissions import is_recommender_for as is_provincial_recommender_for  # noqa: F401
