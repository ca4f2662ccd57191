"""Authorization-matrix rows for the cities' satisfaction survey (cities/survey/, merged into
matrix_cities.ROWS). The world's public city is named, so it has no public survey page (404 for
everyone); its results are its government's and the secretariat's alone."""

from tests.quality.matrix_support import APPLICANT_A_ONLY, DENIED, OK, Row, access, everyone, url

ROWS = {
    "cities/survey/<int:pk>/": Row(everyone(DENIED), [url("/cities/survey/{}/", "public_city")]),
    "cities/survey/<int:pk>/code/": Row(
        everyone(DENIED), [url("/cities/survey/{}/code/", "public_city")], method="post", data={"phone": "13800138000"}
    ),
    # The world's public city's survey has ended, so its aggregates are public.
    "cities/survey/<int:pk>/results/": Row(everyone(OK), [url("/cities/survey/{}/results/", "public_city")]),
    "cities/mine/<int:pk>/survey/": Row(APPLICANT_A_ONLY, [url("/cities/mine/{}/survey/", "public_city")]),
    "cities/staff/survey/": Row(access(secretariat=OK), [lambda world: "/cities/staff/survey/"]),
    "cities/staff/survey/edition/<int:edition_pk>/": Row(
        access(secretariat=OK), [lambda world: f"/cities/staff/survey/edition/{world['public_city'].edition_id}/"]
    ),
    "cities/staff/survey/city/<int:pk>/": Row(
        access(secretariat=OK), [url("/cities/staff/survey/city/{}/", "public_city")]
    ),
}
