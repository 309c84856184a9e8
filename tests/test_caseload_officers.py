"""Whose school it is, on the lists and the dashboard, once a school changes hands: the caseload
reads only the allocations of the schools it shows (issue 16, item 6), and a school reallocated
is its new officer's, not its old one's, from the day the allocation is dated (not the day it was
recorded), by the one rule the scope of an SEO follows too. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from scc.application.caseload import Filters
from scc.clock import parse_moment
from scc.demo import load
from scc.web import create_app
from tests.conftest import make_services
from tests.web_helpers import signed_in

NOW = "2026-05-20"
MOVED = "900002"  # the demo's notice-of-concern school, allocated to sue
NEVER = "930002"


def test_a_reallocated_school_is_its_new_officers_and_no_longer_the_old(database_url) -> None:
    services = make_services(database_url, now=NOW)
    try:
        passwords = load(services).passwords
        services.schools.add("sam", NEVER, "Never Allocated Primary", "community", "Primary")
        services.cases.open("sam", NEVER, "Attendance.", services.ctx.clock.today())
        case = next(c["id"] for c in services.cases.list("sam") if c["urn"] == MOVED)
        assert {d["urn"] for d in services.caseload.deadlines("sam", Filters(officer="sue"))} \
            >= {MOVED}
        services.categorisation.allocate("sam", MOVED, "cal", services.ctx.clock.today(),
                                         "Sue's caseload is full.")

        listed = {c["id"]: c for c in services.caseload.cases("sam", Filters())}
        assert listed[case]["officer"] == "cal"
        # A school never allocated has no officer, rather than another school's.
        assert {(c["officer"], c["officer_name"]) for c in listed.values()
                if c["urn"] == NEVER} == {(None, "")}
        deadlines = services.caseload.deadlines("sam", Filters())
        assert {d["officer"] for d in deadlines if d["urn"] == MOVED} == {"cal"}
        assert MOVED not in {d["urn"] for d in
                             services.caseload.deadlines("sam", Filters(officer="sue"))}

        # Sue's own lists and dashboard no longer hold the school; Cal's do.
        assert MOVED not in {d["urn"] for d in services.caseload.deadlines("sue", Filters())}
        assert MOVED in {d["urn"] for d in services.caseload.deadlines("cal", Filters())}
        app = create_app(services)
        sue = signed_in(app, "sue", passwords["sue"]).get("/dashboard").text
        cal = signed_in(app, "cal", passwords["cal"]).get("/dashboard").text
        assert f'href="/cases/{case}"' not in sue
        assert f'href="/cases/{case}"' in cal
    finally:
        services.close()



NEXT_WEEK = "2026-05-27"
Demo = tuple[Any, dict[str, str], str]


@pytest.fixture
def demo(database_url: str) -> Iterator[Demo]:
    """The demo on NOW: its services, passwords, and the case of the school that changes
    hands."""
    services = make_services(database_url, now=NOW)
    try:
        passwords = load(services).passwords
        yield services, passwords, next(c["id"] for c in services.cases.list("sam")
                                        if c["urn"] == MOVED)
    finally:
        services.close()


def _case_listed(browser: Any, case: str) -> bool:
    return f'href="/cases/{case}"' in browser.get("/cases").text


def test_a_school_reallocated_from_next_week_is_still_its_officers_until_that_day(
        demo: Demo) -> None:
    services, passwords, case = demo
    clock = services.ctx.clock
    today = clock.fixed
    # The allocate command refuses a day still to come, so the hand-over dated next week is
    # recorded with the clock on that day, then read with the clock back on today.
    clock.fixed = parse_moment(NEXT_WEEK)
    services.categorisation.allocate("sam", MOVED, "cal", clock.today(),
                                     "Sue moves to the north cluster next week.")
    clock.fixed = today
    app = create_app(services)

    # Today the school is still Sue's: on her /cases, named hers on the lists, not Cal's.
    assert _case_listed(signed_in(app, "sue", passwords["sue"]), case)
    cal = signed_in(app, "cal", passwords["cal"])
    assert not _case_listed(cal, case)
    assert cal.get(f"/cases/{case}").status_code == 404
    listed = {c["id"]: c for c in services.caseload.cases("sam", Filters())}
    assert listed[case]["officer"] == "sue"
    assert {d["officer"] for d in services.caseload.deadlines("sam", Filters())
            if d["urn"] == MOVED} == {"sue"}
    # Sue, not Cal, is reminded of its deadlines (`scc deadlines --mine`).
    assert MOVED in {d["urn"] for d in services.deadlines.deadlines("sue", mine=True)}

    # From that day it is Cal's, and no longer Sue's.
    clock.fixed = parse_moment(NEXT_WEEK)
    assert _case_listed(signed_in(app, "cal", passwords["cal"]), case)
    assert not _case_listed(signed_in(app, "sue", passwords["sue"]), case)
    listed = {c["id"]: c for c in services.caseload.cases("sam", Filters())}
    assert listed[case]["officer"] == "cal"


def test_a_handover_recorded_late_does_not_take_the_school_from_the_officer_allocated_since(
        demo: Demo) -> None:
    services, passwords, case = demo
    # Sue has had the school since early April (the demo's allocation, 45 days ago); Cal
    # covered it in March, which is recorded only now.
    services.categorisation.allocate("sam", MOVED, "cal", date(2026, 3, 20),
                                     "Cal covered the school in March.")
    app = create_app(services)
    assert _case_listed(signed_in(app, "sue", passwords["sue"]), case)
    assert not _case_listed(signed_in(app, "cal", passwords["cal"]), case)
    assert {c["officer"] for c in services.caseload.cases("sam", Filters())
            if c["id"] == case} == {"sue"}
    # The school's page names her, and a visit planned without naming an officer is hers.
    assert services.categorisation.categories("sam", MOVED)["officer"] == "sue"
    services.categorisation.confirm("sam", MOVED, "AMBER", "Results fell.", date(2026, 5, 18))
    visit = services.visits.plan("sam", MOVED, date(2026, 6, 3))
    assert services.visits.show("sam", visit)["officer"] == "sue"
