"""A cluster's Form A3 as a deadline (issue 14; seed 000, 'Monitoring Process' 4 and 6), on SQLite
and PostgreSQL: due for each cluster with support on each of the pack's board meetings, met by
issuing the A3, recorded as passed by the scheduler when missed, seen only by those who see the
whole authority, and rebuilt exactly as the commands projected it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from scc.application.deadlines import DeadlineService
from scc.clock import parse_moment
from scc.projections import tables as t
from tests.test_rebuild import read_models
from tests.test_support_letters import TEXTS


@pytest.fixture
def funded(services):
    """Brighouse High School (the Secondary Cluster) with a bid approved in January."""
    services.schools.add("sam", "100004", "Brighouse High School", "community", "Secondary")
    services.categorisation.allocate("sam", "100004", "sue", date(2025, 9, 1))
    bid = services.support.submit_bid("sue", "100004", {"literacy": "6000"}, "one-term", TEXTS,
                                      date(2026, 1, 7))
    services.support.decide_bid("sam", bid, date(2026, 1, 14), True, "Agreed at CPSIB",
                                {"literacy": "6000"})
    return services


def run_due(svc, day: str) -> dict[str, int]:
    return DeadlineService(svc.ctx).run_due(parse_moment(f"{day}T09:00"))


def a3_rows(svc) -> list[dict]:
    d = t.deadlines.c
    with svc.ctx.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(t.deadlines).where(d.kind.like("a3-%")).order_by(d.due))]


def test_the_seed_s_board_meetings_give_the_cluster_its_a3_due_dates(funded) -> None:
    run_due(funded, "2026-01-15")
    rows = a3_rows(funded)
    assert [(r["cluster"], r["due"], r["urn"], r["authority"]) for r in rows] == [
        ("Secondary Cluster", date(2026, 3, 25), None, "381"),
        ("Secondary Cluster", date(2026, 7, 15), None, "381")]
    assert [r["kind"] for r in rows] == ["a3-secondary-2026-03-25", "a3-secondary-2026-07-15"]
    run_due(funded, "2026-01-16")  # once only
    assert len(a3_rows(funded)) == 2


def test_a_cluster_without_support_owes_no_a3(services) -> None:
    services.schools.add("sam", "100004", "Brighouse High School", "community", "Secondary")
    run_due(services, "2026-01-15")
    assert a3_rows(services) == []


def test_issuing_the_a3_meets_it_and_a_missed_one_is_recorded_as_passed(funded) -> None:
    run_due(funded, "2026-01-15")
    funded.support.issue_cluster_report(
        "sam", "Secondary Cluster", "progress", "A. Head", "S. Officer",
        {"pupils": {"impact": "Reading ages up", "action": ""}}, "", date(2026, 3, 25))
    spring, summer = a3_rows(funded)
    assert spring["met_on"] == date(2026, 3, 25) and summer["met_on"] is None
    assert run_due(funded, "2026-07-16")["deadlines_recorded"] >= 1
    spring, summer = a3_rows(funded)[:2]
    assert summer["passed_on"] == date(2026, 7, 16) and spring["passed_on"] is None
    run_due(funded, "2026-07-17")  # recorded once
    assert a3_rows(funded)[1]["passed_on"] == date(2026, 7, 16)


def test_the_a3_is_seen_and_reminded_only_by_those_who_see_the_whole_authority(funded) -> None:
    run_due(funded, "2026-01-15")
    deadlines = DeadlineService(funded.ctx)
    today = funded.ctx.clock.today()
    assert deadlines.recipients([{"urn": None, "authority": "381"}], today) == [["sam"]]
    mine = [r for r in deadlines.deadlines("sam") if r["kind"].startswith("a3-")]
    assert [(r["school"], r["urn"], r["due"], r["status"]) for r in mine] == [
        ("Secondary Cluster", None, "2026-03-25", "passed"),  # overdue, computed: not recorded
        ("Secondary Cluster", None, "2026-07-15", "open")]
    overdue = [r for r in deadlines.deadlines("sam", overdue=True)
               if r["kind"].startswith("a3-")]
    assert [r["due"] for r in overdue] == ["2026-03-25"]
    assert not [r for r in deadlines.deadlines("sue") if r["kind"].startswith("a3-")]
    assert [(d["cluster"], d["due"], d["overdue"]) for d in funded.support.a3_due("sam")] == [
        ("Secondary Cluster", "2026-03-25", True), ("Secondary Cluster", "2026-07-15", False)]
    assert funded.support.a3_due("sue") == []
    from scc.web import create_app
    from tests.test_support_forms import people
    browser = people(funded, create_app(funded))
    assert "Cluster reports due to the board" in browser["sam"].get("/support/board").text
    assert "Cluster reports due to the board" not in browser["sue"].get("/support/board").text
    assert "Secondary Cluster" in browser["sam"].get("/deadlines").text


def test_a_rebuild_gives_the_a3_rows_the_commands_projected(funded) -> None:
    run_due(funded, "2026-01-15")
    funded.support.issue_cluster_report(
        "sam", "Secondary Cluster", "impact", "A. Head", "S. Officer",
        {"staff": {"impact": "Coaching shared", "action": ""}}, "", date(2026, 3, 20))
    run_due(funded, "2026-07-16")
    projected = read_models(funded)
    funded.admin.rebuild_projections("ada")
    assert read_models(funded) == projected


def test_the_a3_is_reminded_to_the_service_managers_and_on_their_dashboard(funded) -> None:
    run_due(funded, "2026-03-24")  # one working day before the spring meeting
    deadlines = DeadlineService(funded.ctx)
    sent = [r for r in deadlines.reminders("sam") if r["case_reference"] == "381-A3"]
    assert {r["recipient"] for r in sent} == {"sam"}
    assert "Secondary Cluster (381): the cluster's Cumulative Progress" in sent[0]["text"]
    assert not [r for r in deadlines.reminders("sue") if r["case_reference"] == "381-A3"]
    from scc.web import create_app
    from tests.test_support_forms import people
    browser = people(funded, create_app(funded))
    assert "Secondary Cluster" in browser["sam"].get("/dashboard").text
    assert "Secondary Cluster" not in browser["sue"].get("/dashboard").text
