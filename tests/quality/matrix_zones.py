"""Authorization-matrix rows for demonstration zones (/zones/) (merged in test_authorization_matrix.py)."""

from tests.quality.matrix_support import (  # noqa: F401
    APPLICANT_A_ONLY,
    DENIED,
    EXPERTS,
    INVALID,
    NOT_ALLOWED,
    OK,
    REDIRECT,
    SHOWN,
    Row,
    access,
    everyone,
    name_of,
    path,
    url,
)

ROWS: dict[str, Row | list[Row]] = {
    # --- demonstration zones ---------------------------------------------------------------------
    "zones/": Row(everyone(SHOWN), [path("/zones/")], secret=name_of("public_zone")),
    "zones/<int:pk>/": [
        Row(everyone(OK), [url("/zones/{}/", "public_zone")]),
        # Not yet approved for creation: it does not exist publicly.
        Row(everyone(DENIED), [url("/zones/{}/", "draft_zone")]),
    ],
    "zones/mine/": Row(access(OK, applicant_a=SHOWN), [path("/zones/mine/")], secret=name_of("draft_zone")),
    "zones/mine/<int:pk>/": Row(APPLICANT_A_ONLY, [url("/zones/mine/{}/", "draft_zone")]),
    "zones/mine/<int:pk>/report/": Row(
        access(applicant_a=REDIRECT), [url("/zones/mine/{}/report/", "public_zone")], method="post"
    ),
    "zones/mine/<int:pk>/extension/": Row(
        access(applicant_a=REDIRECT), [url("/zones/mine/{}/extension/", "public_zone")], method="post"
    ),
    "zones/mine/<int:pk>/acceptance/": Row(
        access(applicant_a=REDIRECT), [url("/zones/mine/{}/acceptance/", "draft_zone")], method="post"
    ),
}
