"""Authorization-matrix rows for quality-strong demonstration cities (/cities/) (merged in
test_authorization_matrix.py). Organisation A's cases: a draft, one awaiting the province, one named."""

from tests.quality.matrix_support import (
    APPLICANT_A_ONLY,
    DENIED,
    INVALID,
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
    "cities/": Row(everyone(SHOWN), [path("/cities/")], secret=name_of("public_city")),
    "cities/<int:pk>/": [
        Row(everyone(SHOWN), [url("/cities/{}/", "public_city")], secret=name_of("public_city")),
        # Before its creation is approved a case does not exist publicly.
        Row(everyone(DENIED), [url("/cities/{}/", "applied_city")]),
    ],
    "cities/mine/": Row(access(OK, applicant_a=SHOWN), [path("/cities/mine/")], secret=name_of("draft_city")),
    "cities/mine/new/<int:edition_pk>/": Row(
        access(), [lambda world: f"/cities/mine/new/{world['draft_city'].edition_id}/"]
    ),
    "cities/mine/<int:pk>/": Row(APPLICANT_A_ONLY, [url("/cities/mine/{}/", "draft_city")]),
    "cities/mine/<int:pk>/edit/": Row(APPLICANT_A_ONLY, [url("/cities/mine/{}/edit/", "draft_city")]),
    # Empty figures: the member gets the form back with its errors (400); outsiders never reach it.
    "cities/mine/<int:pk>/figures/": Row(
        access(applicant_a=INVALID), [url("/cities/mine/{}/figures/", "draft_city")], method="post"
    ),
    "cities/mine/<int:pk>/submit/": Row(
        access(applicant_a=REDIRECT), [url("/cities/mine/{}/submit/", "draft_city")], method="post"
    ),
    "cities/mine/<int:pk>/action/": Row(
        access(applicant_a=REDIRECT),
        [url("/cities/mine/{}/action/", "applied_city")],
        method="post",
        data={"action": "withdraw"},
    ),
    # The creation plan: an empty item is refused with the form's errors; outsiders never reach it.
    "cities/mine/<int:pk>/plan/": Row(
        access(applicant_a=INVALID), [url("/cities/mine/{}/plan/", "draft_city")], method="post"
    ),
    "cities/mine/<int:pk>/plan/<int:item_pk>/remove/": Row(
        access(applicant_a=REDIRECT), [lambda w: f"/cities/mine/{w['draft_city'].pk}/plan/999999/remove/"], method="post"
    ),
    "cities/mine/<int:pk>/plan/submit/": Row(
        access(applicant_a=REDIRECT), [url("/cities/mine/{}/plan/submit/", "draft_city")], method="post"
    ),
    "cities/staff/bulk/": Row(access(secretariat=REDIRECT), [path("/cities/staff/bulk/")], method="post"),
    # Creation-period forms: the member gets the form back (no open year / empty form, 400); others 404.
    "cities/mine/<int:pk>/progress/": Row(
        access(applicant_a=INVALID), [url("/cities/mine/{}/progress/", "draft_city")], method="post"
    ),
    "cities/mine/<int:pk>/acceptance/": Row(
        access(applicant_a=INVALID), [url("/cities/mine/{}/acceptance/", "draft_city")], method="post"
    ),
    # A report's attachment: the city's members and the secretariat (tests/cities/test_progress.py);
    # an unknown report is a 404 for everyone.
    "cities/<int:pk>/progress/<int:report_pk>/document/": Row(
        access(), [url("/cities/{}/progress/999999/document/", "applied_city")]
    ),
    # Deciding a report: the secretariat only (403 for the rest); an unknown report is a 404.
    "cities/staff/<int:pk>/progress/<int:report_pk>/": Row(
        access(), [url("/cities/staff/{}/progress/999999/", "applied_city")], method="post", data={"decision": "accept"}
    ),
    # The leading group of the city's province only; Jinan's recommender sees an empty list.
    "cities/province/": Row(
        access(recommender_x=SHOWN, recommender_y=OK), [path("/cities/province/")], secret=name_of("applied_city")
    ),
    "cities/province/<int:pk>/": Row(access(recommender_x=OK), [url("/cities/province/{}/", "applied_city")]),
    "cities/staff/": Row(access(secretariat=SHOWN), [path("/cities/staff/")], secret=name_of("applied_city")),
    "cities/staff/<int:pk>/": Row(access(secretariat=OK), [url("/cities/staff/{}/", "applied_city")]),
    # Open data: the public directory and profile, never a case before its creation is approved.
    # (The API escapes Chinese in JSON, so the secrets are the cities' links.)
    "api/v1/cities": [
        Row(everyone(SHOWN), [path("/api/v1/cities")], secret=lambda w: f"/cities/{w['public_city'].pk}/"),
        Row(everyone(OK), [path("/api/v1/cities")], secret=lambda w: f"/cities/{w['applied_city'].pk}/"),
    ],
    "api/v1/cities/<city_id>": [
        Row(everyone(OK), [url("/api/v1/cities/{}", "public_city")]),
        Row(everyone(DENIED), [url("/api/v1/cities/{}", "applied_city")]),
    ],
    # An action the state does not allow: a message and back to the case, nothing changes.
    "cities/staff/<int:pk>/action/": Row(
        access(secretariat=REDIRECT),
        [url("/cities/staff/{}/action/", "public_city")],
        method="post",
        data={"action": "reject"},
    ),
}

# The satisfaction survey's pages (cities/survey/).
from tests.quality.matrix_cities_survey import ROWS as _SURVEY_ROWS  # noqa: E402

ROWS.update(_SURVEY_ROWS)
