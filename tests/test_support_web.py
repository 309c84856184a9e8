"""The school page's support and funding panel (issue 14): the school's bids and support plans with
their amounts in pounds and pence, for whoever may see the school; nobody else's."""

from __future__ import annotations

from datetime import date

from scc.demo import load
from scc.web import create_app
from tests.conftest import make_services
from tests.web_helpers import signed_in

TEXTS = dict.fromkeys(("summary", "reason", "budget_position", "brokering", "impact",
                       "monitoring"), "Early reading")


def test_the_school_page_shows_its_bids_and_support_plans_with_exact_amounts(tmp_path) -> None:
    services = make_services(f"sqlite:///{tmp_path / 'scc.sqlite3'}")
    try:
        demo = load(services)
        on = date(2026, 5, 20)
        bid = services.support.submit_bid("sam", "900004", {"literacy": "12000.50"}, "one-term",
                                          TEXTS, on)
        plan = services.support.draft_plan("sam", "900004", ["Reading"], [
            {"activity": "Coaching", "priority": 1, "impact": "Reading", "role": "nle",
             "who": "NLE", "when": "Summer", "days": "2.5"}], on)
        app = create_app(services)
        sue = signed_in(app, "sue", demo.passwords["sue"])
        page = sue.get("/schools/900004").text
        assert "Support and funding" in page
        assert bid in page and "£12,000.50" in page
        assert plan in page and "£1,375.00" in page  # 2.5 days x £550 (appendix F, NLE)
        other = sue.get("/schools/900001").text
        assert "No bid or support plan recorded." in other and bid not in other
        # The board's decision due in four days is on the dashboard, linked to the bid's page.
        services.support.schedule_board("sam", bid, on, date(2026, 6, 5))
        dashboard = signed_in(app, "sam", demo.passwords["sam"]).get("/dashboard").text
        assert f'<a href="/support/bids/{bid}" class="govuk-link">{bid}</a>' in dashboard
    finally:
        services.close()
