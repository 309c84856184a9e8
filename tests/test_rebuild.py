"""`scc projections rebuild` gives exactly the rows the commands projected one by one, from any
state the read models are in (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from scc import demo
from scc.application.deadlines import DeadlineService
from scc.clock import parse_moment
from scc.domain import ofsted
from scc.projections import tables as t
from scc.projections.queries import school_row
from tests.conftest import make_services

D = date.fromisoformat


def read_models(svc) -> dict[str, list[tuple]]:
    """Every read-model table, rows sorted."""
    with svc.ctx.engine.connect() as conn:
        return {table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
                for table in t.metadata.sorted_tables}


@pytest.fixture
def authority(database_url):
    """The demo authority, then a year of work on top of it: categories confirmed and lowered
    (the register followed), Ofsted judgements (one recorded late), visits to a final report and
    one whose report deadline passed, a progress meeting held with its outcome, a closure day, a
    role change and GIAS details updated."""
    svc = make_services(database_url)
    demo.load(svc)
    today = svc.ctx.clock.today()
    days = lambda n: today - timedelta(days=n)
    categorise = svc.categorisation
    categorise.confirm("sam", "900004", "RED", "Results fell again.", days(30))
    categorise.allocate("sam", "900008", "sue", days(40))
    for ago, level in ((300, "requires-improvement"), (200, "requires-improvement"),
                       (600, "good")):  # the last recorded late; each in the grades of its era
        svc.schools.record_ofsted("sam", "900002", days(ago), **ofsted.as_given_on(days(ago), level))
    visit = svc.visits.plan("sue", "900004", days(60), on=days(70))
    svc.visits.hold("sue", visit, days(60), "Maths", "Book scrutiny", "secure", "Fluency")
    svc.visits.send_report("sue", visit, days(55))
    svc.visits.report_agreed("sue", visit, days(52))
    svc.visits.to_service_manager("sue", visit, days(51))
    svc.visits.quality_assure("sam", visit, days(50), "Clear next steps")
    svc.visits.finalise("sam", visit, days(50))
    categorise.confirm("sam", "900004", "GREEN", "Recovered.", days(20))
    late = svc.visits.plan("sue", "900008", days(40), on=days(45))
    svc.visits.hold("sue", late, days(40), "Attendance", "Registers", "limited", "Calls")
    DeadlineService(svc.ctx).fire_due(parse_moment(f"{today.isoformat()}T09:00"))
    meeting = svc.meetings.list("sam")[0]["reference"]
    svc.meetings.documents("sue", meeting, ["sdp", "sef", "gb-minutes-1", "gb-minutes-2"],
                           days(0))
    svc.admin.add_closure("ada", D("2026-07-20"), "Staff training day")
    svc.admin.change_role("ada", "lee", "seo")
    svc.schools.add("ada", "900009", "Luddenden Primary School", "community", "Primary")
    yield svc
    svc.close()


def test_a_rebuild_gives_the_rows_the_commands_projected(authority):
    svc = authority
    projected = read_models(svc)
    assert all(projected[name] for name in ("schools", "cases", "deadlines", "users",
                                            "closure_days", "category_history",
                                            "register_entries", "allocations",
                                            "warning_notices", "visits", "meetings", "case_events",
                                            "category_spans", "officer_spans", "case_spans"))
    assert any(row[t.deadlines.c.keys().index("passed_on")] for row in projected["deadlines"])
    seen = []
    count = svc.admin.rebuild_projections("ada", lambda done, last: seen.append((done, last)))
    assert count == svc.ctx.store.event_count() == seen[-1][0] == seen[-1][1]
    assert read_models(svc) == projected


def test_a_rebuild_repairs_read_models_in_any_state(authority):
    svc = authority
    projected = read_models(svc)
    with svc.ctx.engine.begin() as conn:
        conn.execute(text("DELETE FROM deadlines"))
        conn.execute(text("UPDATE schools SET name = 'wrong'"))
        conn.execute(text("DROP TABLE visits"))
        conn.execute(text("UPDATE projection_positions SET position = 3"))
    svc.admin.rebuild_projections("ada")
    assert read_models(svc) == projected
    # And the commands after it project onto the rebuilt rows as before.
    svc.schools.record_ofsted("sam", "900009", D("2026-05-01"), None,
                              {"achievement": "expected-standard"})
    assert school_row(svc.ctx.engine, "900009")["ofsted_outcome"] == "report-card"
