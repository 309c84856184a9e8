"""The support and funding pages in Debian's Chromium (issue 14): the board's view with its chart,
a bid's and a plan's page, and their forms (with errors, and a check page) have no axe-core
violation and do not scroll sideways on a 375 px phone; the chart is drawn without any script."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from scc.demo import load
from tests.browser.conftest import TODAY, Site, fill_date, serve, sign_in
from tests.browser.test_accessibility import NARROW, axe_source, violations  # noqa: F401
from tests.conftest import make_services

TEXTS = dict.fromkeys(("summary", "reason", "budget_position", "brokering", "impact",
                       "monitoring"), "Early reading in Key Stage 3")
PAGES = ["/support/board", "/support/bids/900004-B1", "/support/bids/900004-B2",
         "/support/plans/900004-S1", "/schools/900004/support/bid",
         "/schools/900004/support/plan", "/support/bids/900004-B2/decide",
         "/support/bids/900004-B1/impact-report", "/support/plans/900004-S1/log",
         "/support/board/cluster-report", "/schools/900004"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo authority with a funded bid reported on, a bid awaiting the board and an
    approved support plan with support logged, all of Brighouse High School (900004)."""
    services = make_services(f"sqlite:///{tmp_path_factory.mktemp('support') / 'db.sqlite3'}",
                             now=TODAY)
    passwords = load(services).passwords
    support, on = services.support, date(2026, 5, 1)
    bid = support.submit_bid("sam", "900004", {"literacy": "6000", "governance": "1500"},
                             "one-term", TEXTS, on)
    support.decide_bid("sam", bid, on, True, "Agreed at the board")
    support.impact_report("sam", bid, date(2026, 5, 20), [
        {"strategy": "SLE coaching", "timescale": "May", "impact": "Teaching consistent"}],
        "2450.25")
    support.issue_bid_form("sam", bid, "A1", date(2026, 5, 21))
    support.submit_bid("sam", "900004", {"numeracy": "3000"}, "two-terms", TEXTS, on)
    plan = support.draft_plan("sam", "900004", ["Reading", "Maths"], [
        {"activity": "Coaching", "priority": 1, "impact": "Reading", "role": "nle",
         "who": "NLE", "when": "Summer", "days": "2", "am": "1"}], on)
    support.submit_plan("sam", plan, on)
    support.decide_plan("sam", plan, on, True, "")
    support.log_support("sam", plan, date(2026, 5, 12), {
        "hours": "6", "support_person": "A. Leader", "role": "nle", "days": "1",
        "focus": "Phonics", "actions": ["Daily keep-up"]})
    yield from serve(services, passwords)


@pytest.mark.parametrize("width", [1200, NARROW])
def test_the_support_pages_and_forms_have_no_violation_and_fit_a_phone(
        browser: Any, site: Site, axe_source: str, width: int) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, site, "sam")
        found = {}
        for path in PAGES:
            assert page.goto(site.url + path).status == 200, path
            found[path] = violations(page, axe_source) + (
                [f"{wide} px wide"] if (wide := page.evaluate(
                    "document.documentElement.scrollWidth")) > width else [])
        assert {path: problems for path, problems in found.items() if problems} == {}
    finally:
        context.close()


def test_the_board_chart_is_drawn_without_script_and_a_form_s_errors_pass_axe(
        page: Any, site: Site, axe_source: str) -> None:  # noqa: F811
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/support/board")
    chart = page.get_by_role("img", name="Spent against approved, by cluster")
    assert chart.count() == 1 and chart.locator("rect").count() >= 2
    assert "Secondary Cluster" in page.get_by_role("region", name="Spending by cluster").inner_text()
    assert blocked == []
    entitled = page.get_by_role("region", name="Entitlements this year").inner_text()
    assert "Brighouse High School" in entitled and "up to 3 progress-and-impact visits" in entitled
    # A bid with no amount: the error summary names the first area, with no violation.
    page.goto(f"{site.url}/schools/900004/support/bid")
    page.get_by_role("button", name="Continue").click()
    assert "There is a problem" in page.get_by_role("alert").inner_text()
    assert violations(page, axe_source) == []
    # The board's decision, on its check page.
    page.goto(f"{site.url}/support/bids/900004-B2/decide")
    page.get_by_role("radio", name="Approve").check()
    fill_date(page, "Date of the board's decision", "2026-05-28")
    page.get_by_role("button", name="Continue").click()
    assert "Check your answers" in page.get_by_role("heading", level=1).inner_text()
    assert violations(page, axe_source) == []
