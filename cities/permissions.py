"""Who may act on a city case: the engine's predicates under the program's names (docs/cities.md).

The creating body is the city government (the case's organisation); the recommender is the
provincial 质量强省 leading group, a recommender grant covering the city's region.
"""

from workflows.permissions import (  # noqa: F401 (the city program's vocabulary)
    is_committee_or_secretariat,
    is_secretariat,
    nobody,
)
from workflows.permissions import is_member_of_organization as is_city_government  # noqa: F401
from workflows.permissions import is_recommender_for as is_provincial_group_for  # noqa: F401
