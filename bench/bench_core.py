"""Latency of the core commands (open, warning notice, show) through the service layer, against
two baselines in the same run: a bare eventsourcing application (the library's own recorders)
making the same appends on the same database, and on SQLite raw durable commits (one INSERT and a
COMMIT with full fsync, in WAL mode) of rows of the same size, and the commands' own SQL replayed
raw (bench/same_sql.py)."""

from __future__ import annotations

import cProfile
import os
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench import same_sql
from bench.databases import library_env, on_each_database
from bench.timing import Figures, Report, measure
from scc.application.store import DateAsISO, is_postgres, sqlite_path
from scc.bootstrap import Settings, build
from scc.clock import parse_moment

CASES = 400


class BareSchool(Aggregate):
    @event("Registered")
    def __init__(self, urn: str) -> None:
        self.open_case: str | None = None

    @event("CaseOpened")
    def case_opened(self, reference: str, effective_on: date) -> None:
        self.open_case = reference


class BareCase(Aggregate):
    """The least an event-sourced case could be: no rules, no read models, no permissions."""

    @event("Opened")
    def __init__(self, urn: str, reason: str, effective_on: date) -> None:
        self.state = "open"

    @event("WarningNoticeIssued")
    def warn(self, grounds: list[str], effective_on: date, compliance_end: date) -> None:
        self.state = "warning_notice"


class BareApp(Application[Any]):
    def register_transcodings(self, transcoder: Any) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())


def bare(url: str) -> list[Figures]:
    app = BareApp(env=library_env(url))
    ids: list[Any] = []
    schools = []
    for i in range(CASES):
        school = BareSchool(urn=f"{200000 + i}")
        app.save(school)
        schools.append(school.id)

    def open_case(i: int) -> None:
        # As `scc case open`: the school is read, and the school and its new case are saved.
        school = app.repository.get(schools[i])
        school.case_opened(reference=f"{200000 + i}-1", effective_on=date(2025, 11, 3))
        case = BareCase(urn=f"{200000 + i}", reason="bench", effective_on=date(2025, 11, 3))
        app.save(school, case)
        ids.append(case.id)

    def warn(i: int) -> None:
        case = app.repository.get(ids[i])
        case.warn(grounds=["standards"], effective_on=date(2025, 12, 19),
                  compliance_end=date(2026, 1, 14))
        app.save(case)

    figures = [measure("baseline open", open_case, CASES),
               measure("baseline warning-notice", warn, CASES),
               measure("baseline show", lambda i: app.repository.get(ids[i]), CASES)]
    app.close()
    return figures


def set_up(url: str) -> Any:
    """scc's services on a new database, with a user and the schools the commands act on."""
    svc = build(Settings(database_url=url, policy="calderdale",
                         now=parse_moment("2026-01-05"), user=None))
    svc.admin.add_user(None, "ada", "admin")
    svc.admin.add_user("ada", "sam", "service-manager")
    for i in range(CASES):
        svc.schools.add("sam", f"{200000 + i}", f"School {i}", "community", "Primary")
    return svc


def commands(svc: Any) -> dict[str, Callable[[int], object]]:
    on = date(2025, 11, 3)
    return {
        "open": lambda i: svc.cases.open("sam", f"{200000 + i}", "bench", on),
        "warning-notice": lambda i: svc.cases.warning_notice(
            "sam", f"{200000 + i}-1", "s60", ["standards"], date(2025, 12, 19)),
    }


def scc(url: str) -> list[Figures]:
    svc = set_up(url)
    figures = [profiled(url, name, partial(measure, f"scc case {name}", command, CASES))
               for name, command in commands(svc).items()]
    figures.append(measure("scc case show", lambda i: svc.cases.show("sam", f"{200000 + i}-1"),
                           CASES))
    svc.close()
    return figures


def replayed(url: str) -> list[Figures]:
    """The same commands' SQL, recorded on one database and replayed raw on a copy of it taken
    before the commands (bench/same_sql.py): the floor of scc's own transactions."""
    svc = set_up(url)
    path = sqlite_path(url)
    copy = path.with_name("replay.sqlite3")
    same_sql.copy_database(path, copy)
    sent = same_sql.record(svc.ctx.engine)
    by_command = {}
    for name, command in commands(svc).items():
        statements = []
        for i in range(CASES):
            start = len(sent)
            command(i)
            statements.append(sent[start:])
        by_command[name] = statements
    svc.close()
    replay = same_sql.Replay(copy)
    figures = [measure(f"same SQL, raw ({name})", lambda i, sent=statements: replay.send(sent[i]), CASES)
               for name, statements in by_command.items()]
    replay.close()
    return figures


def profiled(url: str, command: str, run: Callable[[], Figures]) -> Figures:
    """`run`, under cProfile when SCC_BENCH_PROFILE names a folder: the statistics of each
    command's 400 calls are written there (`python -m pstats FILE`), one file per database.
    The figures of a profiled run are not comparable with the others."""
    folder = os.environ.get("SCC_BENCH_PROFILE")
    if not folder:
        return run()
    profile = cProfile.Profile()
    figures = profile.runcall(run)
    database = "postgresql" if is_postgres(url) else "sqlite"
    profile.dump_stats(Path(folder) / f"core-{command}-{database}.prof")
    return figures


def raw_sqlite(url: str) -> Figures:
    """The floor of a durable write on SQLite: one INSERT and a fsynced COMMIT per operation."""
    db = sqlite3.connect(sqlite_path(url), isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, topic TEXT, state BLOB)")
    state = bytes(400)

    def commit(i: int) -> None:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO rows (topic, state) VALUES (?, ?)", (f"topic {i}", state))
        db.execute("COMMIT")

    figures = measure("raw SQLite durable commit", commit, CASES)
    db.close()
    return figures


def compare(report: Report, label: str, database: Callable[[], AbstractContextManager[str]]) -> None:
    report.section(f"core commands on {label} ({CASES} cases each)")
    sqlite = label == "SQLite"
    with database() as url:
        floor = raw_sqlite(url) if sqlite else None
    with database() as url:
        baseline = bare(url)
    with database() as url:
        same = replayed(url) if sqlite else []
    with database() as url:
        ours = scc(url)
    if floor is not None:
        report.say(floor.line())
    for base, mine in zip(baseline, ours):
        report.say(base.line())
        raw = next((f for f in same if f.name.endswith(f"({mine.name.split()[-1]})")), None)
        if raw is not None:
            report.say(raw.line(base))
        report.say(mine.line(base))
        if raw is not None:
            # What the command costs beyond its own SQL is the Python around it.
            report.say(f"{'':<44} p95 {mine.p95_ms / raw.p95_ms:5.2f}x its own SQL replayed "
                       "raw")
        if floor is not None and base.name != "baseline show":
            # The bare library's own figure says how much of the goal any command built on it
            # could reach.
            report.say(f"{'':<44} throughput {mine.per_second / floor.per_second:5.2f}x raw "
                       "durable commits (goal at least 0.5x; the bare library "
                       f"{base.per_second / floor.per_second:4.2f}x)")


def run(report: Report) -> None:
    on_each_database(report, compare)
