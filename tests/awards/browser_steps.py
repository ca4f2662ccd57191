"""Browser steps shared by the applicant's walk-through and the whole-journey test."""

REQUIRED_DOCUMENT_SLOTS = ["business_licence", "self_assessment_report", "financial_statements"]


def fill_award_application(page, *, base_url: str, edition_id: int, contact_name: str, email: str, pdf_path) -> None:
    """From the call's apply link: fill every section, save the draft, upload the required PDFs.

    Stops on the dossier page with the submit button available (submitting is the caller's step).
    """
    page.goto(f"{base_url}/portal/apply/{edition_id}/")
    page.click("text=开始填报")
    page.fill("[name=contact_name]", contact_name)
    page.fill("[name=contact_phone]", "0532-88888888")
    page.fill("[name=contact_email]", email)
    page.fill("[name=main_products]", "轨道交通装备")
    page.fill("[name=profile]", "本公司专注于轨道交通装备制造。")
    for score in page.locator("input[name^=sa_][name$=_score]").all():
        score.fill("10")
    for text in page.locator("textarea[name^=sa_][name$=_text]").all():
        text.fill("自评说明")
    for i, year in enumerate([2023, 2024, 2025]):
        page.fill(f"[name=kf_{i}_year]", str(year))
        page.fill(f"[name=kf_{i}_revenue]", "100")
        page.fill(f"[name=kf_{i}_profit]", "10")
        page.fill(f"[name=kf_{i}_quality_indicator]", "99%")
    page.check("[name=decl_no_major_incident]")
    page.check("[name=decl_good_credit]")
    page.check("[name=integrity_commitment]")
    page.fill("[name=integrity_signed_by]", contact_name)
    with page.expect_navigation():
        page.click("#save-draft")
    for slot in REQUIRED_DOCUMENT_SLOTS:
        page.set_input_files(f"input[data-slot={slot}]", str(pdf_path))
        with page.expect_navigation():
            page.click(f"button[name=upload][value={slot}]")


def arrange_journey_edition(title: str):
    """An edition a walk can take from submission to naming in one sitting: no defence or site review, a
    panel of three, a one-calendar-day notice starting today, applicants from Shandong (region 37)."""
    from tests.factories import EditionFactory, ProgramFactory
    from workflows.eligibility.models import EligibilityRule, RuleType
    from workflows.review.models import ReviewSettings

    edition = EditionFactory(
        # A one-day notice needs a program without a working-day floor (docs/notice-rules.md).
        program=ProgramFactory(min_notice_working_days=0),
        title=title,
        has_defence=False,
        has_site_review=False,
        notice_length=1,
        notice_unit="calendar",
        notice_start_day_counts=True,
    )
    EligibilityRule.objects.create(edition=edition, rule_type=RuleType.JURISDICTION, params={"region_prefix": "37"})
    ReviewSettings.objects.create(edition=edition, panel_size=3, deviation_limit=20)
    return edition


def fill_preliminary_review(page, pdf_path) -> None:
    """The recommender's preliminary-review form on the dossier page: all checks passed, the sealed letter."""
    page.check("[name=complete]")
    page.check("[name=authentic]")
    page.check("[name=well_formed]")
    page.fill("[name=opinion]", "材料齐全，同意推荐。")
    page.set_input_files("[name=letter]", str(pdf_path))


def fill_committee_ballot(page) -> None:
    """The ranking page's first row (the walk's edition has one dossier): award, 8 of 9 for, 1 abstention."""
    row = page.locator("#ranking tbody tr").first
    row.locator("select[name=tier]").select_option("award")
    row.locator("[name=members_present]").fill("9")
    row.locator("[name=votes_for]").fill("8")
    row.locator("[name=votes_against]").fill("0")
    row.locator("[name=abstentions]").fill("1")
