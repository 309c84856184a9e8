"""The board's entitlements (issue 14, items 3 and 4) are read for all its schools at once: the
board of an authority with many schools with support reads the database as many times as the
board of one with few, and shows each school what `scc support entitlement` shows it. On SQLite
and PostgreSQL through the service."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import add_people, make_services
from tests.reads import reads_of
from tests.test_support_evidence import TEXTS

ACTIVITY = {"activity": "Coaching", "priority": 1, "impact": "Reading", "role": "nle",
            "who": "NLE", "when": "Summer", "days": "2"}


def _supported(svc, urn: str, logged: str) -> None:
    """A category 1 school (special measures since May) with an approved support plan and
    `logged` hours of support logged on it, and one visit planned."""
    svc.schools.add("sam", urn, f"School {urn}", "community", "Primary")
    svc.categorisation.allocate("sam", urn, "sue", date(2025, 9, 1))
    svc.schools.record_ofsted("sam", urn, date(2026, 5, 4), "special-measures")
    svc.visits.plan("sue", urn, date(2026, 6, 2))
    plan = svc.support.draft_plan("sue", urn, ["Reading"], [ACTIVITY], date(2026, 5, 11))
    svc.support.submit_plan("sue", plan, date(2026, 5, 12))
    svc.support.decide_plan("sam", plan, date(2026, 5, 13), True, "")
    svc.support.log_support("sue", plan, date(2026, 5, 20), {
        "hours": logged, "support_person": "A. Leader", "role": "nle", "days": "1",
        "focus": "Phonics"})


@pytest.fixture
def bury(database_url):
    svc = make_services(database_url, policy="bury", now="2026-06-10")
    add_people(svc)
    yield svc
    svc.close()


def _board_reads(svc) -> tuple[int, list[dict]]:
    svc.ctx._kept.clear()  # as a fresh web process: nothing kept from the commands above
    with reads_of(svc) as reads:
        shown = svc.support.board_page("sam")["entitlements"]
    return reads.count, shown


def test_the_board_reads_the_database_as_often_for_six_schools_as_for_two(bury) -> None:
    for number in range(2):
        _supported(bury, f"20000{number}", "1.5")
    few, shown = _board_reads(bury)
    assert [(e["urn"], e["used"], e["support_hours_logged"]) for e in shown] == \
        [("200000", 1, "1.50"), ("200001", 1, "1.50")]
    for number in range(2, 6):
        _supported(bury, f"20000{number}", "2")
    many, shown = _board_reads(bury)
    assert len(shown) == 6 and many == few
    # Each row is what the school's own entitlement says.
    for row in shown:
        assert row == bury.support.entitlement("sam", row["urn"])


def _funded(svc, urn: str) -> None:
    """A school with a bid approved by the board, and its first impact report."""
    svc.schools.add("sam", urn, f"School {urn}", "community", "Primary")
    svc.categorisation.allocate("sam", urn, "sue", date(2025, 9, 1))
    bid = svc.support.submit_bid("sue", urn, {"literacy": "6000", "governance": "1000"},
                                 "one-term", TEXTS, date(2026, 1, 7))
    svc.support.decide_bid("sam", bid, date(2026, 1, 14), True, "Agreed")
    svc.support.impact_report("sue", bid, date(2026, 3, 20), [
        {"strategy": "SLE coaching", "timescale": "Spring", "impact": "Taken up"}], "1200.10")


def test_the_board_of_six_schools_with_bids_reads_as_often_as_of_two(database_url) -> None:
    svc = make_services(database_url, now="2026-06-10")
    add_people(svc)
    try:
        for number in range(2):
            _funded(svc, f"10000{number}")
        few, _shown = _board_reads(svc)
        for number in range(2, 6):
            _funded(svc, f"10000{number}")
        many, _shown = _board_reads(svc)
        board = svc.support.board("sam")
        assert board["total"] == {"approved": "42000.00", "spent": "7200.60",
                                  "remaining": "34799.40"}
        assert many == few
    finally:
        svc.close()
