"""The main journeys, signed in as each role, in Debian's Chromium."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from scc.clock import LONDON
from tests.browser.conftest import SCREENSHOTS, Site, fill_date, sign_in


def expect_heading(page: Any, text: str) -> None:
    heading = page.get_by_role("heading", level=1)
    assert text in heading.inner_text(), heading.inner_text()


def test_service_manager_issues_a_warning_notice_after_checking_it(page: Any, site: Site) -> None:
    sign_in(page, site, "sam")
    expect_heading(page, "Dashboard")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)

    page.get_by_role("link", name="Cases").click()
    page.get_by_role("link", name="900004-1").click()
    expect_heading(page, "Stage 1")
    page.get_by_role("button", name="Issue a warning notice").click()
    page.get_by_label("s60 performance standards and safety").check()
    page.get_by_label(re.compile(r"standards of performance are unacceptably low")).check()
    # By id: the form also offers each field in Welsh (optional), whose labels begin the same.
    page.locator("#evidence").fill(
        "Key stage 4 results in the lowest 5% nationally for three years.")
    page.locator("#action_required").fill(
        "Commission an external review of teaching and act on it.")
    page.locator("#minded_to").fill("Appoint additional governors under s64.")
    page.get_by_label("Why the authority is giving this notice").fill(
        "Attainment has fallen for three years and the plan has not worked.")
    before = site.event_count()
    page.get_by_role("button", name="Continue").click()

    expect_heading(page, "Check your answers")
    preview = page.locator(".scc-preview").inner_text()
    assert "Brighouse High School" in preview and "lowest 5% nationally" in preview
    assert "Sent to" in preview
    assert site.event_count() == before  # a preview records nothing
    page.get_by_role("button", name="Issue warning notice").click()

    expect_heading(page, "Stage 3")
    assert re.search(r"warning notice \S+ issued to \d+ recipients",
                     page.get_by_role("status").first.inner_text())
    assert site.event_count() > before
    timeline = page.locator(".timeline").inner_text()
    assert "Warning notice issued" in timeline and "by sam (service manager)" in timeline
    assert "(current state)" in page.locator(".state-list").inner_text()
    notices = page.locator("section", has=page.get_by_role("heading", name="Notices"))
    assert "Performance standards and safety warning notice" in notices.inner_text()
    with page.expect_download() as download:
        notices.get_by_role("link", name=re.compile("^PDF of")).click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.screenshot(path=str(SCREENSHOTS / "case.png"), full_page=True)


def test_a_form_with_mistakes_shows_an_error_summary_linked_to_the_fields(page: Any,
                                                                         site: Site) -> None:
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/cases/900002-1/warning-notice")
    fill_date(page, "Date the notice is given", "")
    before = site.event_count()
    page.get_by_role("button", name="Continue").click()

    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert "Select kind of warning notice." in summary.inner_text()
    summary.get_by_role("link", name="Enter date the notice is given.").click()
    assert page.evaluate("document.activeElement.id") == "on-day"
    assert site.event_count() == before


def test_an_seo_is_offered_no_warning_notice_and_is_refused_one(page: Any, site: Site) -> None:
    sign_in(page, site, "sue")
    page.goto(f"{site.url}/cases/900002-1")
    expect_heading(page, "Stage 2")
    assert page.get_by_role("button", name="Issue a warning notice").count() == 0
    assert "Your role can read this case but not change it." in page.content()

    response = page.goto(f"{site.url}/cases/900002-1/warning-notice")
    assert response is not None and response.status == 403
    expect_heading(page, "You cannot do this")
    assert "may not open or escalate concern cases" in page.content()


def test_the_legal_officer_verifies_a_case_and_exports_its_bundle(page: Any, site: Site) -> None:
    sign_in(page, site, "lee")
    page.get_by_role("link", name="Audit", exact=True).click()
    assert "Verified" in page.content()
    page.get_by_role("link", name="Audit case 900006-1").click()
    expect_heading(page, "Audit of case 900006-1")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export evidence bundle").click()
    assert download.value.suggested_filename == "case-900006-1-bundle.zip"

    page.get_by_label("Date and time (UK time)").fill("2000-01-01T12:00")
    page.get_by_role("button", name="Show both answers").click()
    assert "had not been opened by" in page.content()
    # Events carry the real time they were recorded; the next minute is after all of them.
    recorded = (datetime.now(LONDON) + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Date and time (UK time)").fill(recorded)
    page.get_by_role("button", name="Show both answers").click()
    assert "What the authority had recorded by" in page.content()
    assert "The case's position on" in page.content()
    page.goto(f"{site.url}/cases/900006-1")
    assert page.get_by_role("button", name="Give notice of intention to intervene").count() == 0


def test_an_seo_records_a_visit_and_sends_the_report(page: Any, site: Site) -> None:
    sign_in(page, site, "sue")
    page.goto(f"{site.url}/schools/900004")
    page.get_by_role("link", name="900004-V1").click()
    page.get_by_role("button", name="Record the visit as held").click()
    page.get_by_label("Focus of the visit").fill("Quality of teaching in English")
    page.get_by_label("Evidence seen").fill("Lesson visits; work scrutiny")
    page.get_by_label("Secure").check()
    page.get_by_label("Next steps").fill("Moderate Year 9 writing")
    page.get_by_role("button", name="Record visit").click()
    expect_heading(page, "Held")
    page.get_by_role("button", name="Send the report to the headteacher").click()
    page.get_by_role("button", name="Record report sent").click()
    expect_heading(page, "Report sent to the headteacher")


def test_a_headteacher_reads_and_agrees_a_report_and_sees_only_their_own_school(
        page: Any, site: Site) -> None:
    sign_in(page, site, "hana")
    expect_heading(page, "Calder Vale Primary School")
    assert page.url.endswith("/portal/900001")
    page.get_by_role("link", name="Read and respond to the report of visit 900001-V1").click()
    expect_heading(page, "Report of visit 900001-V1")
    assert "Focus of the visit" in page.locator("#report").inner_text()
    before = site.event_count()
    page.get_by_label("Accurate: the report is factually correct").check()
    page.get_by_role("button", name="Continue").click()
    expect_heading(page, "Check your answers before you respond to the report")
    assert site.event_count() == before  # nothing recorded before confirming
    page.get_by_role("button", name="Send your response").click()
    assert "the report of visit 900001-V1 is accurate" in page.get_by_role("status").inner_text()
    assert "report agreed" in page.locator("table").inner_text()
    letters = page.locator("ul.govuk-list--bullet").inner_text()
    assert "warning notice" in letters.lower()
    for elsewhere in ("/portal/900002", "/schools/900001", "/cases/900001-1", "/dashboard"):
        response = page.goto(site.url + elsewhere)
        assert response is not None and response.status == 403, elsewhere


def test_the_administrator_adds_a_user_who_can_then_sign_in(page: Any, site: Site) -> None:
    sign_in(page, site, "ada")
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("button", name="Add a user").click()
    page.get_by_label("User name").fill("tom")
    page.get_by_label("seo", exact=True).check()
    page.get_by_label("First password").fill("a long first password")
    page.get_by_role("button", name="Add user").click()
    assert "tom added as seo" in page.content()
    page.get_by_role("button", name="Sign out").click()
    site.passwords["tom"] = "a long first password"
    sign_in(page, site, "tom")
    expect_heading(page, "Dashboard")


def test_sign_in_and_out_by_keyboard_alone(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/dashboard")
    assert "/sign-in" in page.url
    for _ in range(3):  # the skip link, the service name, then the first field
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "name"
    page.keyboard.type("sam")
    page.keyboard.press("Tab")
    page.keyboard.type(site.passwords["sam"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/dashboard$"))
    page.get_by_role("button", name="Sign out").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sign-in$"))
    page.goto(f"{site.url}/dashboard")
    assert "/sign-in" in page.url


def test_a_headteacher_returns_comments_and_cannot_comment_on_another_school(page: Any,
                                                                           site: Site) -> None:
    svc = site.services
    visit = svc.visits.plan("sue", "900001", date(2026, 5, 20), on=date(2026, 5, 15))
    svc.visits.hold("sue", visit, date(2026, 5, 20), "Attendance", "Registers", "secure",
                    "Follow up persistent absence")
    svc.visits.send_report("sue", visit, date(2026, 5, 27))
    sign_in(page, site, "hana")
    page.get_by_role("link", name=f"Read and respond to the report of visit {visit}").click()
    expect_heading(page, f"Report of visit {visit}")
    report = page.locator("#report").inner_text()
    assert "Attendance" in report and "Registers" in report
    before = site.event_count()
    page.get_by_label("Inaccurate: a fact in the report is wrong").check()
    page.get_by_role("button", name="Continue").click()
    assert "Enter your comments" in page.get_by_role("alert").inner_text()
    assert site.event_count() == before
    page.get_by_label("Your comments").fill("The registers seen were for Year 5, not Year 6.")
    page.get_by_role("button", name="Continue").click()
    expect_heading(page, "Check your answers before you respond to the report")
    assert site.event_count() == before
    page.get_by_role("button", name="Send your response").click()
    assert f"Your comments on the report of visit {visit} were sent" in \
        page.get_by_role("status").inner_text()
    shown = svc.visits.show("sam", visit)
    assert (shown["state"], shown["comments"]) == (
        "comments_returned", "The registers seen were for Year 5, not Year 6.")

    # Another school's visit, by changing the reference in the URL: outside her scope, so not
    # found, like a visit that does not exist; nothing written.
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    before = site.event_count()
    elsewhere = f"{site.url}/portal/900001/visits/900004-V1"
    response = page.goto(elsewhere)
    assert response is not None and response.status == 404
    posted = page.request.post(elsewhere, form={"csrf_token": token, "response": "inaccurate",
                                                "comments": "Not ours.", "confirmed": "yes"})
    assert posted.status == 404
    assert site.event_count() == before


def test_the_service_manager_confirms_a_category_from_the_school_page(page: Any,
                                                                      site: Site) -> None:
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/schools/900002")
    page.get_by_role("link", name="Confirm the school's category").click()
    expect_heading(page, "Confirm the school's category")
    page.get_by_role("button", name="Confirm category").click()
    summary = page.get_by_role("alert").inner_text()
    assert "Select category." in summary and "Enter why this category." in summary
    page.get_by_label(re.compile(r"^RED:")).check()
    page.get_by_label("Why this category").fill("Notice of concern; attainment well below.")
    page.get_by_role("button", name="Confirm category").click()
    assert "Category RED confirmed" in page.get_by_role("status").inner_text()
    history = page.locator("table", has=page.get_by_role("columnheader", name="What happened"))
    assert "Confirmed" in history.inner_text() and "RED" in history.inner_text()


def test_the_service_manager_holds_a_progress_meeting_and_records_its_outcome(
        page: Any, site: Site) -> None:
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/schools/900004")
    page.get_by_role("link", name="900004-M1").click()
    expect_heading(page, "Scheduled")
    page.get_by_role("button", name="Record the meeting as held").click()
    page.get_by_label("headteacher", exact=True).check()
    page.get_by_label("chair of governors").check()
    page.get_by_label("Notes").fill("Reviewed the school development plan.")
    page.get_by_role("button", name="Record meeting held").click()
    expect_heading(page, "Held")
    page.get_by_role("button", name="Record the outcome of the meeting").click()
    page.get_by_label("Continue").check()
    page.get_by_label("Why").fill("Steady progress against the plan.")
    page.get_by_role("button", name="Record outcome").click()
    expect_heading(page, "Outcome recorded")
    assert "Continue" in page.locator(".govuk-summary-list").inner_text()
