"""The vocabulary of the authorization matrix: user kinds, outcomes, rows and sample-path helpers.

Rows live in tests/quality/test_authorization_matrix.py and, per area, in tests/quality/matrix_*.py
(so the zone, review and search rows can grow beside their code); all of them are merged there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

USER_KINDS = [
    "anonymous",
    "applicant_a",
    "applicant_b",
    "recommender_x",
    "recommender_y",
    "expert_assigned",
    "expert_unassigned",
    "expert_conflict",
    "secretariat",
    "committee",
]
SIGNED_IN = USER_KINDS[1:]
STAFF = {"secretariat"}

# Outcomes: what a user gets for a request of the sample path.
OK = "ok"  # 200
LOGIN = "login"  # redirected to a login page / 401 from the API
DENIED = "denied"  # 403 or 404 (404 where existence itself must not leak)
REDIRECT = "redirect"  # redirected somewhere other than a login page
NOT_ALLOWED = "method"  # 405: the URL only accepts POST
SHOWN = "shown"  # 200 and the row's secret is in the page
INVALID = "invalid"  # 400/422: let through, then refused for the (empty) input


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(USER_KINDS, outcome)


def signed_in(outcome: str, anonymous: str = LOGIN) -> dict[str, str]:
    return {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, outcome)}


def staff_only(outcome: str = OK, others: str = REDIRECT, anonymous: str = LOGIN) -> dict[str, str]:
    return {kind: outcome if kind in STAFF else others for kind in SIGNED_IN} | {"anonymous": anonymous}


@dataclass
class Row:
    """Expected outcomes per user kind for one URL pattern (or a prefix of third-party patterns).

    `method="post"` probes a POST-only URL with `data` (a GET there only says 405). With `secret`,
    a 200 whose body contains the secret text counts as SHOWN rather than OK, so lists and search
    results prove they hold only what the user may see.
    """

    expected: dict[str, str]
    samples: list[Callable[[dict], str]] = field(default_factory=list)
    method: str = "get"
    data: dict = field(default_factory=dict)
    secret: Callable[[dict], str] | None = None


def access(others: str = DENIED, anonymous: str = LOGIN, **outcomes: str) -> dict[str, str]:
    """Signed-in kinds get `others` unless named; anonymous users are sent to log in."""
    assert set(outcomes) <= set(SIGNED_IN), outcomes
    return {"anonymous": anonymous, **{kind: outcomes.get(kind, others) for kind in SIGNED_IN}}


def path(text: str) -> Callable[[dict], str]:
    return lambda world: text


def url(template: str, *keys: str) -> Callable[[dict], str]:
    """A sample path filled with real ids: url("/x/{}/", "application_a") uses world["application_a"].pk."""
    return lambda world: template.format(*(world[key].pk for key in keys))


def name_of(key: str) -> Callable[[dict], str]:
    return lambda world: world[key].name


EXPERTS = {"expert_assigned": OK, "expert_unassigned": OK, "expert_conflict": OK}
APPLICANT_A_ONLY = access(applicant_a=OK)
