"""The support forms as letters (issue 14, item 4), on SQLite and PostgreSQL: a bid's Form A1 and
its Funding Impact Report (A2), a support plan, and a cluster's Form A3, each rendered through the
notices pipeline as HTML and PDF, kept by SHA-256 on its record and given back exactly as kept."""

from __future__ import annotations

import re
from datetime import date
from hashlib import sha256

import pytest

from scc.domain.errors import InvalidInput, RuleViolation
from scc.notice_rules import statements_in

TEXTS = {"summary": "Phonics catch-up in Key Stage 1", "reason": "Ofsted key issue",
         "budget_position": "Small deficit", "brokering": "SLE from a cluster school",
         "impact": "80% meet the phonics standard", "monitoring": "Termly phonics data"}


@pytest.fixture
def brighouse(services):
    services.schools.add("sam", "100004", "Brighouse High School", "community", "Secondary")
    services.categorisation.allocate("sam", "100004", "sue", date(2025, 9, 1))
    bid = services.support.submit_bid("sue", "100004", {"literacy": "6000",
                                                        "governance": "1500.50"},
                                      "two-terms", TEXTS, date(2026, 1, 7))
    services.support.decide_bid("sam", bid, date(2026, 1, 14), True, "Agreed at CPSIB",
                                {"literacy": "6000", "governance": "1000"})
    services.support.impact_report("sue", bid, date(2026, 3, 20), [
        {"strategy": "SLE coaching", "timescale": "February", "impact": "Consistent phonics"}],
        "2450.25", commentary="Share the keep-up model.")
    return services


def kept(services, reference: str, notice: dict) -> str:
    meta, html = services.support.form_document("sam", reference, notice["html_sha256"])
    assert sha256(html).hexdigest() == notice["html_sha256"]
    assert meta["media_type"].startswith("text/html")
    pdf = services.support.form_document("sam", reference, notice["pdf_sha256"])[1]
    assert pdf.startswith(b"%PDF")
    return html.decode()


def test_a_bid_is_issued_as_form_a1_and_its_impact_report_as_form_a2(brighouse) -> None:
    a1 = brighouse.support.issue_bid_form("sue", "100004-B1", "A1", date(2026, 3, 23))
    assert a1["reference"] == "100004-B1/A1/1"
    said = statements_in(kept(brighouse, "100004-B1", a1))
    assert "£6,000.00" in said["request"] and "£1,500.50" in said["request"]
    assert "approved £7,000.00 for 2 terms" in " ".join(said["decision"].split())
    a2 = brighouse.support.issue_bid_form("sue", "100004-B1", "A2", date(2026, 3, 23), 1)
    assert a2["reference"] == "100004-B1/1/A2/1"
    said = statements_in(kept(brighouse, "100004-B1", a2))
    assert "£2,450.25 of £7,000.00 approved; £4,549.75 remaining" in " ".join(
        said["finance"].split())
    assert "20 March 2026" in said["report"]
    again = brighouse.support.issue_bid_form("sue", "100004-B1", "A1", date(2026, 3, 24))
    assert again["reference"] == "100004-B1/A1/2"
    assert [f["form"] for f in brighouse.support.show_bid("sue", "100004-B1")["forms"]] == \
        ["A1", "A2", "A1"]
    before = brighouse.ctx.store.event_count()
    with pytest.raises(InvalidInput, match="there is no report 2"):
        brighouse.support.issue_bid_form("sue", "100004-B1", "A2", date(2026, 3, 23), 2)
    assert brighouse.ctx.store.event_count() == before


def test_a_support_plan_is_issued_with_its_costed_activities(brighouse) -> None:
    plan = brighouse.support.draft_plan("sue", "100004", ["Reading"], [
        {"activity": "Coaching", "priority": 1, "impact": "Reading", "role": "teacher",
         "who": "Lead teacher", "when": "Spring", "days": "1", "am": "1"}], date(2026, 1, 8))
    notice = brighouse.support.issue_plan_form("sue", plan, date(2026, 1, 9))
    said = statements_in(kept(brighouse, plan, notice))
    # A day (£200) and a morning (£125) of a teacher, Calderdale's appendix F.
    assert "1 day, 1 morning" in said["activities"] and "£325.00" in said["costs"]


def test_a_cluster_reports_its_progress_on_form_a3_with_its_schools_bids(brighouse) -> None:
    notice = brighouse.support.issue_cluster_report(
        "sue", "Secondary Cluster", "progress", "A. Head", "S. Officer",
        {"pupils": {"impact": "Reading ages up 8 months", "action": ""},
         "staff": {"impact": "", "action": ""}}, "Keep-up model shared.", date(2026, 3, 25))
    said = statements_in(brighouse.support.cluster_report_document(
        "sam", "381", notice["html_sha256"])[1].decode())
    assert "mid-year progress report of the Secondary Cluster" in " ".join(
        said["cluster"].split())
    assert "100004-B1" in said["impact-reports"]
    assert "Approved £7,000.00; spent £2,450.25; remaining £4,549.75" in said["finance"]
    [listed] = brighouse.support.cluster_reports("sam")
    assert (listed["cluster"], listed["kind"]) == ("Secondary Cluster", "progress")
    with pytest.raises(RuleViolation, match="not a cluster of"):
        brighouse.support.issue_cluster_report("sue", "Nowhere", "progress", "A", "B", {}, "",
                                               date(2026, 3, 25))


def test_the_forms_are_issued_and_downloaded_through_the_web(brighouse) -> None:
    from scc.web import create_app
    from tests.test_support_forms import day, people, recorded

    browser = people(brighouse, create_app(brighouse))
    page = recorded(browser["sue"], "/support/bids/100004-B1/letter",
                    {"form": "A2-1", **day("on", "2026-03-23")})
    assert "Funding Impact Report (Form A2) issued as 100004-B1/1/A2/1" in page
    pdf, html = dict.fromkeys(re.findall(r"/support/bids/100004-B1/documents/[0-9a-f]{64}", page))
    assert browser["sam"].get(html).headers["content-type"].startswith("text/html")
    got = browser["sam"].get(pdf)
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    board = recorded(browser["sue"], "/support/board/cluster-report", {
        "cluster": "Secondary Cluster", "kind": "impact", "lead": "A. Head",
        "officer": "S. Officer", "impact_pupils": "Reading ages up", "action_pupils": "",
        "impact_processes": "", "action_processes": "", "impact_staff": "",
        "action_staff": "", "comment": "", **day("on", "2026-05-20")})
    assert "Cluster Plan Cumulative Progress and Impact Report (Form A3) issued" in board
    # The report names every school of the cluster with support: the Service Manager reads it,
    # an SEO (who sees only their own schools) does not.
    assert "Secondary Cluster, Cluster Plan Cumulative Progress and Impact Report" in \
        browser["sam"].get("/support/board").text
    assert "No cluster report issued yet." in browser["sue"].get("/support/board").text
