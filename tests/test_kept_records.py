"""A process keeps the cases and schools its own commands saved, so that its next command on them
needs no replay (issue 10). What it keeps never stands in for what the store holds: a record that
another process, a refused command or a forged row has changed since is read again, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from scc.audit.chain import UnsealedHistory
from scc.domain import ids
from scc.domain.errors import NotPermitted, RuleViolation, SccError
from tests.conftest import add_people, make_services

D = date.fromisoformat
REF = "100001-1"


@pytest.fixture
def two_processes(database_url):
    """Two deployments' worth of services on one database, e.g. the web server and `scc`."""
    first, second = make_services(database_url), make_services(database_url)
    add_people(first)
    first.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    first.cases.open("sam", "100001", "Attainment falling for three years", D("2025-11-03"))
    yield first, second
    first.close()
    second.close()


def academy_extract(tmp_path: Path) -> Path:
    """A GIAS extract in which Oak has become an academy."""
    extract = tmp_path / "gias.csv"
    extract.write_text("URN,EstablishmentName,TypeOfEstablishment (name)\n"
                       "100001,Oak Academy,Academy converter\n", encoding="utf-8")
    return extract


def recorded(svc) -> list[tuple[int, str]]:
    return [(e.originator_version, type(e).__name__)
            for e in svc.ctx.store.events.get(ids.case_id(REF))]


def test_a_case_another_process_moved_on_is_read_again_by_the_next_command(two_processes):
    first, second = two_processes
    second.cases.share_concerns("sam", REF, D("2025-11-10"), "Shared at the autumn meeting")
    first.cases.warning_notice("sam", REF, "s60", ["standards"], D("2025-12-19"))
    assert recorded(first) == [(1, "Opened"), (2, "ConcernsShared"), (3, "WarningNoticeIssued")]
    assert first.cases.show("sam", REF)["state"] == "warning_notice"


def test_a_school_another_process_records_as_an_academy_is_refused_a_warning_notice(
        two_processes, tmp_path):
    first, second = two_processes
    second.schools.import_gias("sam", academy_extract(tmp_path))
    with pytest.raises(RuleViolation, match="Oak Academy is an academy"):
        first.cases.warning_notice("sam", REF, "s60", ["standards"], D("2025-12-19"))
    assert recorded(first) == [(1, "Opened")]


def test_a_refused_command_leaves_nothing_of_itself_in_the_next(two_processes):
    first, _ = two_processes
    with pytest.raises(SccError):  # the store refuses a NUL, after the case took the act
        first.cases.share_concerns("sam", REF, D("2025-11-10"), "Shared\x00")
    first.cases.share_concerns("sam", REF, D("2025-11-10"), "Shared at the autumn meeting")
    assert recorded(first) == [(1, "Opened"), (2, "ConcernsShared")]
    assert first.cases.show("sam", REF)["state"] == "concerns_shared"


def test_a_row_forged_behind_the_process_that_saved_the_case_refuses_its_next_command(
        two_processes):
    first, _ = two_processes
    first.cases.share_concerns("sam", REF, D("2025-11-10"), "Shared at the autumn meeting")
    table, engine = first.ctx.events_table().name, first.ctx.engine
    oid = ids.case_id(REF).hex if engine.dialect.name == "sqlite" else str(ids.case_id(REF))
    with engine.begin() as conn:  # a copy of the concerns-shared event, as the next version
        conn.execute(text(f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
                          f"SELECT originator_id, 3, topic, state FROM {table} "
                          "WHERE originator_id = :oid AND originator_version = 2"), {"oid": oid})
    with pytest.raises(UnsealedHistory, match="not recorded through scc"):
        first.cases.warning_notice("sam", REF, "s60", ["standards"], D("2025-12-19"))
    assert [v for v, _ in recorded(first)] == [1, 2, 3]


def test_a_user_another_process_deactivated_cannot_act_on_a_case_this_process_kept(
        two_processes):
    """The process that kept the case checks its user, case, school and authority in one
    look-up: a deactivation recorded by another process since its last command still counts."""
    first, second = two_processes
    first.cases.share_concerns("sam", REF, D("2025-11-10"), "Shared at the autumn meeting")
    second.admin.deactivate("ada", "sam", "Left the authority")
    with pytest.raises(NotPermitted, match="deactivated"):
        first.cases.warning_notice("sam", REF, "s60", ["standards"], D("2025-12-19"))
    assert [v for v, _ in recorded(first)] == [1, 2]


def test_a_closure_day_another_process_added_moves_the_next_notices_deadline(two_processes):
    """The authority is checked with the case: a closure day recorded elsewhere since the
    process cached its authority is in the working-day count of its next warning notice."""
    first, second = two_processes
    first.cases.share_concerns("sam", REF, D("2025-11-10"), "Shared at the autumn meeting")
    second.admin.add_closure("ada", D("2026-01-13"), "Staff training day")
    first.cases.warning_notice("sam", REF, "s60", ["standards"], D("2025-12-19"))
    # 15 working days after 19 December 2025 is 14 January 2026; the closure moves it a day.
    due = {d["kind"]: d["due"] for d in first.cases.show("sam", REF)["deadlines"]}
    assert due["compliance-period"] == "2026-01-15"


def test_a_school_kept_after_a_case_command_is_read_again_once_another_process_changes_it(
        two_processes, tmp_path):
    """A case command keeps the school it read and left alone; the next command still sees what
    another process recorded of the school since."""
    first, second = two_processes
    first.cases.share_concerns("sam", REF, D("2025-11-10"), "Shared at the autumn meeting")
    second.schools.import_gias("sam", academy_extract(tmp_path))
    with pytest.raises(RuleViolation, match="Oak Academy is an academy"):
        first.cases.warning_notice("sam", REF, "s60", ["standards"], D("2025-12-19"))
    assert [v for v, _ in recorded(first)] == [1, 2]
