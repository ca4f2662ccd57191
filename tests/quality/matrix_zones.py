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
    "zones/mine/<int:pk>/": [
        Row(APPLICANT_A_ONLY, [url("/zones/mine/{}/", "draft_zone")]),
        # The workspace links the zone's uploaded documents.
        Row(
            access(applicant_a=SHOWN),
            [url("/zones/mine/{}/", "public_zone")],
            secret=lambda w: f"/zones/mine/{w['public_zone'].pk}/documents/{w['zone_document'].pk}/",
        ),
    ],
    # A zone's document: its creating body only (a presigned download, so a redirect); through another
    # zone's URL, even A's own, it does not exist.
    "zones/mine/<int:pk>/documents/<int:doc_pk>/": [
        Row(access(applicant_a=REDIRECT), [url("/zones/mine/{}/documents/{}/", "public_zone", "zone_document")]),
        Row(access(), [url("/zones/mine/{}/documents/{}/", "draft_zone", "zone_document")]),
    ],
    "zones/mine/<int:pk>/report/": Row(
        access(applicant_a=REDIRECT), [url("/zones/mine/{}/report/", "public_zone")], method="post"
    ),
    "zones/mine/<int:pk>/extension/": Row(
        access(applicant_a=REDIRECT), [url("/zones/mine/{}/extension/", "public_zone")], method="post"
    ),
    "zones/mine/<int:pk>/acceptance/": Row(
        access(applicant_a=REDIRECT), [url("/zones/mine/{}/acceptance/", "draft_zone")], method="post"
    ),
    # Only local governments and park committees apply; organisation A is an enterprise.
    "zones/mine/new/<int:edition_pk>/": Row(
        access(), [lambda world: f"/zones/mine/new/{world['public_zone'].edition_id}/"]
    ),
    "zones/mine/<int:pk>/edit/": Row(APPLICANT_A_ONLY, [url("/zones/mine/{}/edit/", "draft_zone")]),
    # Empty figures: the member gets the form back with its errors (400); outsiders never reach it.
    "zones/mine/<int:pk>/figures/": Row(
        access(applicant_a=INVALID), [url("/zones/mine/{}/figures/", "draft_zone")], method="post"
    ),
    "zones/mine/<int:pk>/submit/": Row(
        access(applicant_a=REDIRECT), [url("/zones/mine/{}/submit/", "draft_zone")], method="post"
    ),
    "zones/mine/<int:pk>/withdraw/": Row(
        access(applicant_a=REDIRECT), [url("/zones/mine/{}/withdraw/", "public_zone")], method="post"
    ),
    # The provincial recommender of the zone's region only; Jinan's recommender sees an empty list.
    "zones/recommender/": Row(
        access(recommender_x=SHOWN, recommender_y=OK), [path("/zones/recommender/")], secret=name_of("applied_zone")
    ),
    "zones/recommender/<int:pk>/": Row(access(recommender_x=OK), [url("/zones/recommender/{}/", "applied_zone")]),
    "zones/recommender/<int:pk>/decide/": Row(
        access(recommender_x=REDIRECT), [url("/zones/recommender/{}/decide/", "applied_zone")], method="post"
    ),
    # The secretariat's desk.
    "zones/staff/": Row(access(secretariat=SHOWN), [path("/zones/staff/")], secret=name_of("applied_zone")),
    "zones/staff/bulk/": Row(access(secretariat=REDIRECT), [path("/zones/staff/bulk/")], method="post"),
    "zones/staff/<int:pk>/": Row(
        access(secretariat=SHOWN),
        [url("/zones/staff/{}/", "public_zone")],
        secret=lambda w: f"/zones/staff/{w['public_zone'].pk}/documents/{w['zone_document'].pk}/",
    ),
    "zones/staff/<int:pk>/documents/<int:doc_pk>/": [
        Row(access(secretariat=REDIRECT), [url("/zones/staff/{}/documents/{}/", "public_zone", "zone_document")]),
        Row(access(), [url("/zones/staff/{}/documents/{}/", "applied_zone", "zone_document")]),
    ],
    # An action the zone's state does not allow: a message and back to the case, nothing changes.
    "zones/staff/<int:pk>/action/": Row(
        access(secretariat=REDIRECT),
        [url("/zones/staff/{}/action/", "public_zone")],
        method="post",
        data={"action": "start_national_review"},
    ),
}
