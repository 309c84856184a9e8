"""Support and funding through the web (issue 14), on SQLite and PostgreSQL: a Calderdale bid from
its Form A1 on the school page to the board's decision and two Funding Impact Reports, then the
board's view, its chart and its CSV; a Bury support plan drafted, approved, three support logs and
the spending against the amount approved; a £12,000 commitment with too few quotes and no reason
refused on the form with nothing written."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from scc.web import create_app
from tests.conftest import add_people, make_services
from tests.web_helpers import Browser, signed_in

TEXTS = {"summary": "Phonics catch-up", "reason": "Ofsted key issue: early reading",
         "budget_position": "Small deficit", "brokering": "SLE from a cluster school",
         "impact": "80% meet the phonics standard", "monitoring": "Termly phonics data"}
PASSWORD = "a long enough password"


def people(services, app) -> dict[str, Browser]:
    for name in ("sam", "sue"):
        app.state.web.credentials.set_password(name, PASSWORD)
    return {name: signed_in(app, name, PASSWORD) for name in ("sam", "sue")}


def day(prefix: str, text: str) -> dict[str, str]:
    year, month, dd = text.split("-")
    return {f"{prefix}-day": dd, f"{prefix}-month": month, f"{prefix}-year": year}


def confirmed(browser: Browser, path: str, answers: dict[str, str]) -> str:
    """Posts a check-first form, then confirms it; returns the page it leads to."""
    check = browser.post(path, answers)
    assert check.status_code == 200 and "Check your answers" in check.text, check.text[:2000]
    done = browser.post(path, {**answers, "confirmed": "yes"})
    assert done.status_code == 303, done.text[:2000]
    return browser.get(done.headers["location"]).text


def recorded(browser: Browser, path: str, answers: dict[str, str]) -> str:
    done = browser.post(path, answers)
    assert done.status_code == 303, done.text[:2000]
    return browser.get(done.headers["location"]).text


@pytest.fixture
def calderdale(database_url):
    svc = make_services(database_url, now="2026-06-10")
    add_people(svc)
    # Brighouse High School is in the Secondary Cluster by its name (seed 000, Appendix B).
    svc.schools.add("sam", "100004", "Brighouse High School", "community", "Secondary")
    svc.categorisation.allocate("sam", "100004", "sue", date(2025, 9, 1))
    yield svc
    svc.close()


def test_a_bid_goes_from_form_a1_to_decision_to_two_impact_reports_and_the_board_sees_it(
        calderdale) -> None:
    app = create_app(calderdale)
    browser = people(calderdale, app)
    sue, sam = browser["sue"], browser["sam"]
    school = sue.get("/schools/100004").text
    assert 'href="/schools/100004/support/bid"' in school
    # Form A1: an amount for two areas; one typed as a float-looking wrong amount first.
    answers = {"recipient": "school", "amount_literacy": "6000", "amount_governance": "1500.5",
               "period": "two-terms", **TEXTS, **day("on", "2026-01-07")}
    wrong = sue.post("/schools/100004/support/bid", {**answers, "amount_literacy": "6,00.1"})
    assert wrong.status_code == 400 and "is not an amount of money" in wrong.text
    page = confirmed(sue, "/schools/100004/support/bid", answers)
    assert "Bid 100004-B1 recorded" in page
    board = sam.get("/support/board").text
    assert "100004-B1" in board and "Secondary Cluster" in board and "£7,500.50" in board
    # The board approves literacy in full and £1,000 for governance for the two terms.
    decided = confirmed(sam, "/support/bids/100004-B1/decide", {
        "decision": "approve", "amount_literacy": "6000", "amount_governance": "1000",
        "terms": "", "reason": "Agreed at CPSIB", **day("on", "2026-01-14")})
    assert "impact reports due by 27 March 2026, 22 July 2026" in decided
    report = {"strategy_1": "SLE coaching", "timescale_1": "February",
              "impact_1": "Phonics teaching consistent", "deviations": "", "commentary": ""}
    recorded(sue, "/support/bids/100004-B1/impact-report",
             {**report, "spent": "2450.25", **day("on", "2026-03-20")})
    bid = recorded(sue, "/support/bids/100004-B1/impact-report",
                   {**report, "spent": "6999.75", **day("on", "2026-05-29")})
    assert "Report 2, 29 May 2026: £6,999.75 spent" in bid and "£0.25" in bid
    board = sam.get("/support/board").text
    assert "No bid awaits a decision." in board and "No impact report is overdue." in board
    main = board.split("<main")[1].split("</main>")[0]
    assert '<svg class="scc-chart"' in main and "<script" not in main  # drawn on the server
    assert "Secondary Cluster: £6,999.75 spent of £7,000.00 approved" in board
    rows = list(csv.DictReader(io.StringIO(sam.get("/support/board.csv").text.split("\n", 1)[1])))
    assert {"table": "cluster", "cluster": "Secondary Cluster", "area": "",
            "approved": "7000.00", "spent": "6999.75", "remaining": "0.25"} in rows
    areas = {r["area"]: (r["approved"], r["spent"]) for r in rows if r["table"] == "area"}
    assert areas["More than one area"] == ("0.00", "6999.75")
    assert areas["Quality of teaching, learning and assessment: literacy"] == ("6000.00", "0.00")


def test_an_impact_report_not_in_by_the_end_of_term_is_overdue_on_the_board(calderdale) -> None:
    calderdale.support.submit_bid("sue", "100004", {"numeracy": "3000"}, "one-term", TEXTS,
                                  date(2026, 1, 7))
    calderdale.support.decide_bid("sam", "100004-B1", date(2026, 1, 14), True, "Agreed")
    board = calderdale.support.board("sam")
    assert [(o["reference"], o["report"], o["due"]) for o in board["overdue"]] == \
        [("100004-B1", "1", "2026-03-27")]


@pytest.fixture
def bury(database_url):
    svc = make_services(database_url, policy="bury", now="2026-06-10")
    add_people(svc)
    svc.schools.add("sam", "200001", "Elm Primary School", "community", "Primary")
    svc.categorisation.allocate("sam", "200001", "sue", date(2025, 9, 1))
    yield svc
    svc.close()


def test_a_bury_plan_is_costed_approved_and_logged_three_times_through_the_forms(bury) -> None:
    app = create_app(bury)
    browser = people(bury, app)
    sue, sam = browser["sue"], browser["sam"]
    assert 'href="/schools/200001/support/bid"' not in sue.get("/schools/200001").text
    page = recorded(sue, "/schools/200001/support/plan", {
        "priorities": "Early reading\nMaths mastery", "supporting": "Ash Primary",
        "case": "", "bid": "",
        "activity_1": "Coaching the reading lead", "priority_1": "1", "impact_1": "Phonics",
        "role_1": "nle", "who_1": "NLE from Ash", "when_1": "Spring", "activity_1_days": "2.5",
        "activity_2": "Maths lesson study", "priority_2": "2", "impact_2": "Fluency",
        "role_2": "sle", "who_2": "SLE", "when_2": "Summer", "activity_2_days": "3",
        **day("on", "2026-01-05")})
    assert "Support plan 200001-S1 drafted" in page
    plan = sue.get("/support/plans/200001-S1").text
    assert "£1,250.00" in plan and "£1,050.00" in plan and "£2,300.00" in plan  # 2.5x500, 3x350
    recorded(sue, "/support/plans/200001-S1/submit", day("on", "2026-01-06"))
    confirmed(sam, "/support/plans/200001-S1/decide", {
        "decision": "approve", "amount": "", "reason": "", **day("on", "2026-01-12")})
    log = {"hours_in_school": "", "support_person": "A. Leader", "role": "nle", "contact": "",
           "focus": "Phonics", "actions": "Daily keep-up", "cost": ""}
    for on, days in (("2026-01-20", "1"), ("2026-02-03", "0.5"), ("2026-03-03", "")):
        extra = {"days": days} if days else {"cost": "333.33"}
        page = recorded(sue, "/support/plans/200001-S1/log",
                        {**log, "hours": "6", **extra, **day("on", on)})
    assert "£1,216.67 of the amount approved remains" in page  # 2300 - 500 - 250 - 333.33
    plan = sue.get("/support/plans/200001-S1").text
    assert "£1,083.33" in plan and plan.count("A. Leader") == 3
    assert bury.support.entitlement("sue", "200001", "2025/26")["support_hours_logged"] == \
        "18.00"


def test_a_12000_commitment_with_three_quotes_and_no_reason_is_refused_with_nothing_written(
        calderdale) -> None:
    calderdale.support.submit_bid("sue", "100004", {"literacy": "15000"}, "one-term", TEXTS,
                                  date(2026, 1, 7))
    calderdale.support.decide_bid("sam", "100004-B1", date(2026, 1, 14), True, "Agreed")
    sue = people(calderdale, create_app(calderdale))["sue"]
    before = calderdale.ctx.store.event_count()
    answers = {"description": "Phonics scheme", "supplier": "Acme Learning", "amount": "12000",
               "method": "", "quotes": "3", "reason": "", **day("on", "2026-02-01")}
    refused = sue.post("/support/bids/100004-B1/commit", {**answers, "confirmed": "yes"})
    assert refused.status_code == 409, refused.text[:500]
    assert "needs 4 written quotes or a written reason" in refused.text
    assert "govuk-error-summary" in refused.text
    assert calderdale.ctx.store.event_count() == before
    # With the head teacher's written reason, it is recorded.
    page = confirmed(sue, "/support/bids/100004-B1/commit",
                     {**answers, "reason": "Only three suppliers in the region quote."})
    assert "Phonics scheme from Acme Learning, £12,000.00 (3 written quotes)" in page
