"""Authorization-matrix rows for expert review (/review/) (merged in test_authorization_matrix.py)."""

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
    # --- expert review ---------------------------------------------------------------------------
    "review/": [
        Row(
            access(expert_assigned=SHOWN, expert_unassigned=OK, expert_conflict=OK),
            [path("/review/")],
            secret=lambda w: f"/review/a/{w['assignment'].pk}/",
        ),
        # Once a tie with A is on record, A's name is no longer served to that expert, not even in the queue.
        Row(
            access(expert_assigned=SHOWN, expert_unassigned=OK, expert_conflict=OK),
            [path("/review/")],
            secret=name_of("org_a"),
        ),
    ],
    "review/a/<int:assignment_id>/": [
        Row(access(expert_assigned=OK), [url("/review/a/{}/", "assignment")]),
        # Drawn before declaring a tie with A: the dossier stays closed to them (and to everyone else).
        Row(access(), [url("/review/a/{}/", "conflicted_assignment")]),
    ],
    "review/a/<int:assignment_id>/score/": [
        Row(access(expert_assigned=INVALID), [url("/review/a/{}/score/", "assignment")], method="post"),
        Row(access(), [url("/review/a/{}/score/", "conflicted_assignment")], method="post"),
    ],
    # The dossier the expert scores, and its documents: the declared, unconflicted expert only.
    "review/a/<int:assignment_id>/dossier/": [
        Row(
            access(expert_assigned=SHOWN),
            [url("/review/a/{}/dossier/", "assignment")],
            secret=lambda w: f"/review/a/{w['assignment'].pk}/dossier/documents/{w['document_a'].pk}/",
        ),
        Row(access(), [url("/review/a/{}/dossier/", "conflicted_assignment")]),
    ],
    "review/a/<int:assignment_id>/dossier/documents/<int:document_id>/": [
        # A presigned S3 URL: the test storage is S3 (moto).
        Row(access(expert_assigned=REDIRECT), [url("/review/a/{}/dossier/documents/{}/", "assignment", "document_a")]),
        Row(access(), [url("/review/a/{}/dossier/documents/{}/", "conflicted_assignment", "document_a")]),
    ],
    "review/a/<int:assignment_id>/panel/": [
        Row(access(expert_assigned=OK), [url("/review/a/{}/panel/", "assignment")]),
        Row(access(), [url("/review/a/{}/panel/", "conflicted_assignment")]),
    ],
    "review/a/<int:assignment_id>/amend/": Row(
        access(expert_assigned=REDIRECT), [url("/review/a/{}/amend/", "assignment")], method="post"
    ),
    "review/a/<int:assignment_id>/consensus/": [
        Row(access(expert_assigned=OK), [url("/review/a/{}/consensus/", "assignment")]),
        Row(access(), [url("/review/a/{}/consensus/", "conflicted_assignment")]),
    ],
    # The leader's summary (评审组长意见): the panel's own, unconflicted experts; an empty post saves an empty draft.
    "review/a/<int:assignment_id>/summary/": [
        Row(access(expert_assigned=OK), [url("/review/a/{}/summary/", "assignment")]),
        Row(access(expert_assigned=REDIRECT), [url("/review/a/{}/summary/", "assignment")], method="post"),
        Row(access(), [url("/review/a/{}/summary/", "conflicted_assignment")]),
    ],
    "review/a/<int:assignment_id>/opinion.pdf": [
        Row(access(expert_assigned=OK, secretariat=OK), [url("/review/a/{}/opinion.pdf", "assignment")]),
        Row(access(), [url("/review/a/{}/opinion.pdf", "conflicted_assignment")]),
    ],
    "review/profile/": Row(access(**EXPERTS), [path("/review/profile/")]),
    "review/staff/panel/<int:panel_id>/conflicts/": Row(
        access(secretariat=OK), [url("/review/staff/panel/{}/conflicts/", "panel")]
    ),
    # The committee's way in to the ranking and the ballot.
    "review/staff/": [
        Row(access(secretariat=OK, committee=OK), [path("/review/staff/")]),
        # A pending amendment names its expert: the secretariat decides it; the committee never sees who.
        Row(
            access(secretariat=SHOWN, committee=OK),
            [path("/review/staff/")],
            secret=lambda w: str(w["amendment"].scorecard.expert),
        ),
    ],
    "review/staff/panel/new/": Row(access(secretariat=OK), [path("/review/staff/panel/new/")]),
    "review/staff/panel/<int:panel_id>/": Row(access(secretariat=OK), [url("/review/staff/panel/{}/", "panel")]),
    "review/staff/edition/<int:edition_id>/ranking/": Row(
        access(secretariat=OK, committee=OK), [url("/review/staff/edition/{}/ranking/", "edition")]
    ),
    "review/staff/edition/<int:edition_id>/ballot/<int:content_type_id>/<int:object_id>/": Row(
        access(secretariat=REDIRECT, committee=REDIRECT),
        [url("/review/staff/edition/{}/ballot/{}/{}/", "edition", "dossier_ct", "application_a")],
        method="post",
    ),
    # Score exports are background jobs: ask (POST, no format: refused with a message, nothing made),
    # follow one, download its file (a presigned S3 URL): the secretariat's alone.
    "review/staff/edition/<int:edition_id>/exports/": [
        Row(access(secretariat=OK), [url("/review/staff/edition/{}/exports/", "edition")]),
        Row(access(secretariat=REDIRECT), [url("/review/staff/edition/{}/exports/", "edition")], method="post"),
    ],
    "review/staff/exports/<int:job_id>/": Row(access(secretariat=OK), [url("/review/staff/exports/{}/", "export_job")]),
    "review/staff/exports/<int:job_id>/download/": Row(
        access(secretariat=REDIRECT), [url("/review/staff/exports/{}/download/", "export_job")]
    ),
    # Held results per stage and their release: the secretariat's alone.
    "review/staff/edition/<int:edition_id>/results/": [
        Row(access(secretariat=OK), [url("/review/staff/edition/{}/results/", "edition")]),
        Row(access(secretariat=REDIRECT), [url("/review/staff/edition/{}/results/", "edition")], method="post"),
    ],
    # Feedback reports: the secretariat's preview list; a release without the confirmation box releases nothing.
    "review/staff/edition/<int:edition_id>/feedback/": [
        Row(access(secretariat=OK), [url("/review/staff/edition/{}/feedback/", "edition")]),
        Row(access(secretariat=REDIRECT), [url("/review/staff/edition/{}/feedback/", "edition")], method="post"),
    ],
    # A's dossier has no sealed leader's summary: no report to preview, for anyone.
    "review/staff/edition/<int:edition_id>/feedback/<int:content_type_id>/<int:object_id>.pdf": Row(
        access(), [url("/review/staff/edition/{}/feedback/{}/{}.pdf", "edition", "dossier_ct", "application_a")]
    ),
    "review/staff/amendment/<int:request_id>/": Row(
        access(secretariat=REDIRECT), [url("/review/staff/amendment/{}/", "amendment")], method="post"
    ),
    # Bulk reminders to the experts of the checked panels: the secretariat only (then back to the desk).
    "review/staff/remind/": Row(
        access(secretariat=REDIRECT), [path("/review/staff/remind/")], method="post", data={"ids": ["1"]}
    ),
    # --- the expert pool: the secretariat's import, export and invitations ---------------------------
    "review/staff/pool/": [
        Row(access(secretariat=OK), [path("/review/staff/pool/")]),
        # The pool lists experts' addresses: the secretariat's alone.
        Row(
            access(secretariat=SHOWN),
            [path("/review/staff/pool/")],
            secret=lambda w: w["users"]["expert_conflict"].email,
        ),
    ],
    "review/staff/pool/import/": [
        Row(access(secretariat=OK), [path("/review/staff/pool/import/")]),
        # An empty upload reaches the form (400) for the secretariat only; nothing is imported for anyone.
        Row(access(secretariat=INVALID), [path("/review/staff/pool/import/")], method="post"),
    ],
    "review/staff/pool/template.<str:fmt>": Row(
        access(secretariat=OK), [path("/review/staff/pool/template.csv"), path("/review/staff/pool/template.xlsx")]
    ),
    "review/staff/pool/export.<str:fmt>": [
        Row(access(secretariat=OK), [path("/review/staff/pool/export.xlsx")]),
        Row(
            access(secretariat=SHOWN),
            [path("/review/staff/pool/export.csv")],
            secret=lambda w: w["users"]["expert_conflict"].email,
        ),
    ],
    # The expert has accepted already: the secretariat is sent back with a message, nothing is sent.
    "review/staff/pool/<int:user_id>/resend/": Row(
        access(secretariat=REDIRECT),
        [lambda w: f"/review/staff/pool/{w['users']['expert_assigned'].pk}/resend/"],
        method="post",
    ),
    # Public (the invited expert has no password yet); a forged link is refused with a page, for everyone.
    "review/invitation/<str:uidb64>/<str:token>/": Row(
        access(others=INVALID, anonymous=INVALID), [path("/review/invitation/MQ/forged-token/")]
    ),
    # --- the applicant's feedback report: nothing before the edition's release, and never another's ------------
    "review/feedback/<int:content_type_id>/<int:object_id>.pdf": Row(
        access(), [url("/review/feedback/{}/{}.pdf", "dossier_ct", "application_a")]
    ),
    "portal/applications/<int:pk>/feedback.pdf": Row(
        access(), [url("/portal/applications/{}/feedback.pdf", "application_a")]
    ),
    # --- applicant-requested avoidance (in the portal, built on workflows/review) ----------------------
    # Only the applying organisation, while undecided; staff and recommenders who may read the dossier get 403.
    "portal/applications/<int:pk>/avoidance/": [
        Row(access(applicant_a=OK), [url("/portal/applications/{}/avoidance/", "application_a")]),
        # An empty request is let through to the form (400) for applicant A only; nothing is filed for others.
        Row(access(applicant_a=INVALID), [url("/portal/applications/{}/avoidance/", "application_a")], method="post"),
        Row(access(applicant_b=OK), [url("/portal/applications/{}/avoidance/", "application_b")]),
    ],
}
