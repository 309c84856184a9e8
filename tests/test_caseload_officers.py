"""Whose school it is, on the lists and the dashboard, once a school changes hands: the caseload
reads only the allocations of the schools it shows (issue 16, item 6), and a school reallocated
is its new officer's, not its old one's. On SQLite and PostgreSQL."""

from __future__ import annotations

from scc.application.caseload import Filters
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

