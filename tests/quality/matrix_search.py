"""Authorization-matrix rows for search (/search/) (merged in test_authorization_matrix.py)."""

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
    # --- search: dossier metadata is for the secretariat alone (queried by B's credit code) ----------
    "search/": Row(
        everyone(OK) | {"secretariat": SHOWN},
        [lambda w: f"/search/?q={w['org_b'].credit_code}"],
        secret=name_of("org_b"),
    ),
    "search/dossiers/": Row(
        access(secretariat=SHOWN), [lambda w: f"/search/dossiers/?q={w['org_b'].credit_code}"], secret=name_of("org_b")
    ),
    "search/api/": Row(
        everyone(OK) | {"secretariat": SHOWN},
        [lambda w: f"/search/api/?q={w['org_b'].credit_code}"],
        secret=name_of("org_b"),
    ),
    "search/autocomplete/": Row(
        everyone(OK) | {"secretariat": SHOWN},
        [lambda w: f"/search/autocomplete/?q={w['org_b'].name[:4]}"],
        secret=name_of("org_b"),
    ),
}
