"""A command's events, audit links and read-model rows commit together or not at all.

A command is killed with SIGKILL at each point of its write (after the events are inserted, after
they are sealed, after the read models are written, after the commit); many commands run at once
as separate processes on one database. Afterwards `scc audit verify` is OK and every read model
equals a fresh rebuild from the events, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from scc.application.recorders import holds_nul
from scc.application.schools import DETAIL_FIELDS
from scc.domain.errors import SccError
from scc.domain.school import School
from scc.projections import tables as t
from tests.conftest import TODAY, add_people, cli_against, make_services

D = date.fromisoformat

# Where the child process kills itself: the function that has just returned when it dies.
KILL_POINTS = {
    "after the events are inserted": "scc.application.recorders:SQLiteUnitRecorder.insert_events",
    "after they are sealed": "scc.audit.chain:_write_links",
    "after the read models are written": "scc.projections.projector:Projector.project",
    "after the commit": "scc.application.store:EventStore.snapshot",
}
POSTGRES_INSERT = "scc.application.postgres_recorder:PostgresUnitRecorder.insert_events"

CHILD = textwrap.dedent("""
    import os, signal, sys
    from importlib import import_module
    module_name, _, attribute = sys.argv[1].partition(":")
    module = import_module(module_name)
    owner, name = (module, attribute) if "." not in attribute else (
        getattr(module, attribute.split(".")[0]), attribute.split(".")[1])
    original = getattr(owner, name)

    def dying(*args, **kwargs):
        original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)

    setattr(owner, name, dying)
    from scc.cli import main
    main(sys.argv[2:])
""")


def environment(url: str, user: str = "sam") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCC_")}
    return env | {"SCC_DATABASE_URL": url, "SCC_NOW": f"{TODAY}T12:00", "SCC_USER": user}


def read_models(svc) -> dict[str, list[tuple]]:
    """Every read-model table, rows sorted, so two states compare equal when they hold the same."""
    with svc.ctx.engine.connect() as conn:
        return {table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
                for table in t.metadata.sorted_tables}


def assert_consistent(url: str) -> None:
    """`audit verify` is OK, and the read models equal a rebuild from the events."""
    cli = cli_against(url)
    verified = cli("audit", "verify", "--json", user="lee")
    assert verified.code == 0, verified.out
    svc = make_services(url)
    try:
        before = read_models(svc)
        svc.admin.rebuild_projections("ada")
        assert read_models(svc) == before
    finally:
        svc.close()


@pytest.fixture
def oak(database_url):
    """A school with an open case, on either database."""
    svc = make_services(database_url)
    add_people(svc)
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.cases.open("sam", "100001", "Attainment falling for three years", D("2025-11-03"))
    svc.close()
    return database_url


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_command_killed_at_any_point_leaves_a_history_that_verifies(oak, point):
    target = KILL_POINTS[point]
    if oak.startswith("postgres") and target.startswith("scc.application.recorders"):
        target = POSTGRES_INSERT
    svc = make_services(oak)
    before = svc.ctx.store.event_count()
    svc.close()

    child = subprocess.run(
        [sys.executable, "-c", CHILD, target, "case", "concerns-shared", "100001-1",
         "--on", "2025-11-10", "--reason", "Shared at the autumn meeting"],
        check=False, env=environment(oak), capture_output=True, text=True)

    assert child.returncode == -9, child.stderr
    svc = make_services(oak)
    after = svc.ctx.store.event_count()
    svc.close()
    # All or nothing: the event is there only if the commit was reached.
    assert after == (before + 1 if point == "after the commit" else before)
    assert_consistent(oak)
    # And the case can be written again at once: no half-written state blocks it.
    again = cli_against(oak)("case", "close", "100001-1", "--on", "2025-11-20",
                             "--reason", "Improvement secured", user="sam")
    assert again.code == 0, again.err
    assert_consistent(oak)


def test_sixteen_processes_writing_at_once_all_finish_cleanly(database_url):
    svc = make_services(database_url)
    add_people(svc)
    for i in range(8):
        svc.schools.add("sam", f"{200000 + i}", f"School {i}", "community", "Primary")
    svc.close()
    env = environment(database_url)
    scc = os.path.join(os.path.dirname(sys.executable), "scc")
    commands = []
    for i in range(8):  # two writers per school: one opens its case, one adds a closure day...
        commands.append([scc, "case", "open", "--urn", f"{200000 + i}", "--on", "2026-01-05",
                         "--reason", f"Concern {i}"])
        commands.append([scc, "school", "ofsted", f"{200000 + i}", "--on", "2025-10-01",
                         "--grade", "leadership-and-management=requires-improvement"])
    running = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for c in commands]
    outcomes = [(p.wait(), p.stderr.read()) for p in running]

    assert len(outcomes) == 16
    for code, err in outcomes:
        assert code in (0, 5), err
        assert "Traceback" not in err
    assert sum(code == 0 for code, _ in outcomes) >= 8
    assert_consistent(database_url)


def test_two_processes_racing_for_one_case_one_wins_and_one_is_told(oak):
    env = environment(oak)
    scc = os.path.join(os.path.dirname(sys.executable), "scc")
    racing = [subprocess.Popen([scc, "case", "concerns-shared", "100001-1", "--on", "2025-11-10",
                                "--reason", f"Shared by {who}"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for who in ("one", "two", "three", "four")]
    outcomes = [(p.wait(), p.stderr.read()) for p in racing]
    assert all(code in (0, 3, 5) for code, _ in outcomes), outcomes
    assert sum(code == 0 for code, _ in outcomes) >= 1
    assert all("Traceback" not in err for _, err in outcomes)
    assert_consistent(oak)


def test_processes_starting_together_on_a_new_database_create_it_once(database_url):
    scc = os.path.join(os.path.dirname(sys.executable), "scc")
    starting = [subprocess.Popen([scc, "policy", "show", "--json"],
                                 env=environment(database_url), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(8)]
    outcomes = [(p.wait(), p.stderr.read()) for p in starting]
    assert all(code == 0 for code, _ in outcomes), outcomes


def test_a_nul_that_reaches_the_service_layer_writes_nothing_and_blocks_nothing(oak):
    svc = make_services(oak)
    try:
        before = svc.ctx.store.event_count()
        with pytest.raises(SccError):
            svc.schools.add("sam", "100002", "Elm\x00Primary", "community", "Primary")
        assert svc.ctx.store.event_count() == before
        svc.schools.add("sam", "100002", "Elm Primary School", "community", "Primary")
        assert svc.ctx.store.event_count() == before + 1
    finally:
        svc.close()
    assert_consistent(oak)


@given(st.text())
def test_the_store_recognises_a_nul_in_any_encoded_text_and_nothing_else(text):
    state = json.dumps({"reason": text}).encode()
    assert holds_nul(state) == ("\x00" in text)


def test_a_command_saving_hundreds_of_records_at_once_commits_them_together(database_url):
    svc = make_services(database_url)
    add_people(svc)
    details = {f: None for f in DETAIL_FIELDS} | {
        "name": "Bulk School", "type": "Community school", "governance": "maintained",
        "phase": "Primary"}
    try:
        svc.ctx.save(*[School(urn=f"{300000 + i}", details=details, actor="ada", role="admin",
                              source="test")
                       for i in range(600)])
        assert len(svc.schools.list("sam")) == 600
    finally:
        svc.close()
    assert_consistent(database_url)


def test_a_command_that_cannot_get_the_write_lock_is_told_to_repeat_it(oak):
    """Another writer holds the store's write lock for longer than a command waits."""
    svc = make_services(oak)
    before = svc.ctx.store.event_count()
    holder = svc.ctx.engine.connect()
    if oak.startswith("sqlite"):
        holder.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        holder.exec_driver_sql(f"LOCK TABLE {svc.ctx.events_table().name} IN EXCLUSIVE MODE")
    try:
        waited = cli_against(oak)("case", "concerns-shared", "100001-1", "--on", "2025-11-10",
                                  user="sam")
    finally:
        holder.rollback()
        holder.close()
    assert waited.code == 5, waited.err
    assert "busy with another change" in waited.err and "nothing was written" in waited.err
    assert svc.ctx.store.event_count() == before
    svc.close()
