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
