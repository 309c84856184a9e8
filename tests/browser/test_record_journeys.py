"""Issue 15's must-show journeys in Debian's Chromium: a progress meeting with three uploaded
papers and an outcome letter; an improvement plan with two termly reviews; and a visit report
written by the SEO, answered "inaccurate" by the headteacher, quality-assured by the Service
Manager, whose PDF says what the SEO wrote."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from tests.browser.conftest import Site, fill_date, sign_in
from tests.browser.test_journeys import expect_heading
from tests.test_wales_letters import pdf_text


def status(page: Any) -> str:
    return str(page.get_by_role("status").inner_text())


def pdf_at(page: Any, site: Site, link: Any, folder: Path) -> str:
    """The text of the PDF a link on the page points at, fetched in the signed-in session."""
    response = page.request.get(site.url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return pdf_text(response.body(), folder)


def test_a_progress_meeting_with_three_uploaded_papers_and_an_outcome_letter(
        page: Any, site: Site, tmp_path: Path) -> None:
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/schools/900004")
    page.get_by_role("button", name="Add a contact").click()
    page.get_by_label("Headteacher", exact=True).check()
    page.get_by_label("Name", exact=True).fill("Mrs Ann Patel")
    page.get_by_label("Postal address").fill("Brighouse High School\nBrighouse HD6 2NY")
    page.get_by_label("Email address").fill("head@brighouse.sch.uk")
    page.get_by_role("button", name="Add contact").click()
    assert "Mrs Ann Patel recorded as contact C1" in status(page)

    page.get_by_role("button", name="Schedule a progress meeting").click()
    fill_date(page, "Date of the meeting", "2026-06-24")
    page.get_by_label("Time").fill("16:00")
    page.get_by_label("Place").fill("Brighouse High School, the library")
    page.get_by_label("Attendees").fill("Service Manager\nSchool Effectiveness Officer")
    page.get_by_role("button", name="Schedule meeting").click()
    reference = re.search(r"Progress meeting (\S+) scheduled", status(page)).group(1)
    page.goto(f"{site.url}/meetings/{reference}")
    page.get_by_role("button", name="Invite the school's contacts").click()
    page.get_by_label("Mrs Ann Patel (headteacher)").check()
    page.get_by_role("button", name="Invite").click()
    assert "Mrs Ann Patel (headteacher)" in page.locator(".govuk-summary-list").inner_text()

    sign_in(page, site, "sue")
    for key, title, name in (("sdp", "School development plan", "sdp-2026.pdf"),
                             ("sef", "Self-evaluation form", "sef-2026.pdf"),
                             ("gb-minutes-1", "Governing body minutes (most recent)", "gb-minutes-may.pdf")):
        page.goto(f"{site.url}/meetings/{reference}")
        page.get_by_role("link", name=re.compile(f"^Upload {re.escape(title)}")).first.click()
        page.set_input_files("#file", files=[{"name": name, "mimeType": "application/pdf",
                                              "buffer": b"%PDF-1.4\n% " + key.encode()}])
        page.get_by_role("button", name="Upload file").click()
        assert f"{name} uploaded" in status(page)
    papers = page.get_by_role("region", name="Papers").inner_text()
    for name in ("sdp-2026.pdf", "sef-2026.pdf", "gb-minutes-may.pdf"):
        assert name in papers

    sign_in(page, site, "sam")
    page.goto(f"{site.url}/meetings/{reference}")
    page.get_by_role("button", name="Record the meeting as held").click()
    page.get_by_label("Mrs Ann Patel (headteacher)").check()
    page.get_by_role("button", name="Record meeting held").click()
    expect_heading(page, "Held")
    page.get_by_role("button", name="Record notes, decisions and actions").click()
    page.get_by_label("Notes").fill("Year 9 writing has improved since Easter.")
    page.get_by_label("Decisions").fill("Commission a review of pupil premium spending")
    page.get_by_label("Actions").fill("Moderate Year 9 writing | Head of English | 2026-07-17")
    page.get_by_role("button", name="Record", exact=True).click()
    page.get_by_role("button", name="Record the outcome of the meeting").click()
    page.get_by_label("Continue").check()
    page.get_by_label("Why").fill("Steady progress; not yet secure.")
    page.get_by_role("button", name="Record outcome").click()
    expect_heading(page, "Outcome recorded")
    page.get_by_role("button", name="Send the outcome letter").click()
    page.get_by_role("button", name="Continue").click()
    preview = page.get_by_role("region", name="Preview of the notice").inner_text()
    assert "Dear Mrs Patel" in preview and "Moderate Year 9 writing" in preview
    page.get_by_role("button", name="Send letter").click()
    assert f"Outcome letter {reference}/PMO/1 sent" in status(page)
    text = pdf_at(page, site, page.get_by_role("link", name="download the PDF"), tmp_path)
    for said in ("Mrs Ann Patel", "Commission a review of pupil premium spending",
                 "Head of English", "Steady progress; not yet secure.", "16:00"):
        assert said in text, said


def test_an_improvement_plan_with_two_termly_reviews(page: Any, site: Site) -> None:
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/schools/900001")
    page.get_by_role("button", name="Record a plan received").click()
    page.get_by_label("The school's own improvement plan").check()
    page.get_by_label("Title").fill("Reading improvement plan 2026")
    fill_date(page, "Date the plan was received", "2026-01-12")
    page.get_by_label("Objective 1", exact=True).fill("Phonics screening pass rate above 80%")
    page.get_by_label("Objective 1: success criteria").fill("All staff trained\nTermly checks")
    page.get_by_label("Objective 1: owner").fill("Reading lead")
    fill_date(page, "Objective 1: to be achieved by", "2026-07-17")
    page.get_by_role("button", name="Record plan").click()
    plan = page.get_by_role("link", name=re.compile(r"^900001-P\d+$")).last.inner_text()

    sign_in(page, site, "sue")
    for term, on, rating, evidence in (
            ("Spring 2026", "2026-03-25", "At risk", "Only half the staff trained so far."),
            ("Summer 2026", "2026-05-28", "On track", "Mock screening: 83% passed.")):
        page.goto(f"{site.url}/plans/{plan}")
        page.get_by_role("button", name="Record a termly review").click()
        page.get_by_label("Term reviewed").fill(term)
        fill_date(page, "Date of the review", on)
        page.get_by_label(rating, exact=True).check()
        page.get_by_label("Objective 1: evidence for the rating").fill(evidence)
        page.get_by_role("button", name="Record review").click()
    page.goto(f"{site.url}/plans/{plan}")
    shown = page.locator("main").inner_text()
    for said in ("Spring 2026", "Summer 2026", "Only half the staff trained so far.",
                 "Mock screening: 83% passed."):
        assert said in shown, said


def test_a_visit_report_is_quality_assured_and_its_pdf_says_what_the_seo_wrote(
        page: Any, site: Site, tmp_path: Path) -> None:
    visit = site.services.visits.plan("sue", "900001", date(2026, 5, 20), on=date(2026, 5, 15))
    sign_in(page, site, "sue")
    page.goto(f"{site.url}/visits/{visit}")
    page.get_by_role("button", name="Record the visit as held").click()
    fill_date(page, "Date of the visit", "2026-05-20")
    page.get_by_label("Focus of the visit").fill("Behaviour at lunchtimes")
    page.get_by_label("Evidence seen").fill("Behaviour logs for the spring term")
    page.get_by_label("Secure").check()
    page.get_by_label("Next steps").fill("Train midday supervisors in de-escalation")
    page.get_by_role("button", name="Record visit").click()
    page.get_by_role("button", name="Send the report to the headteacher").click()
    page.get_by_role("button", name="Record report sent").click()
    expect_heading(page, "Report sent to the headteacher")

    sign_in(page, site, "hana")
    page.get_by_role("link", name=f"Read and respond to the report of visit {visit}").click()
    page.get_by_label("Inaccurate: a fact in the report is wrong").check()
    page.get_by_label("Your comments").fill("The logs seen were for the autumn term.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send your response").click()

    sign_in(page, site, "sue")
    page.goto(f"{site.url}/visits/{visit}")
    page.get_by_role("button", name="Send the report to the Service Manager").click()
    page.get_by_role("button", name="Record report sent").click()

    sign_in(page, site, "sam")
    page.goto(f"{site.url}/visits/{visit}")
    page.get_by_role("button", name="Quality-assure the report").click()
    page.get_by_role("button", name="Record quality assurance").click()
    assert "Report quality-assured." in status(page)
    text = pdf_at(page, site, page.get_by_role("link", name=re.compile("^PDF of version")).last,
                  tmp_path)
    for said in ("Behaviour at lunchtimes", "Behaviour logs for the spring term",
                 "Train midday supervisors in de-escalation"):
        assert said in text, said
