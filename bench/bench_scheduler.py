"""The scheduler: reconciliation on start with 100,000 open deadlines, and firing throughput.

Baselines in the same run: plain APScheduler `add_job` of as many jobs into a MemoryJobStore
(and, extrapolated from a sample, one by one into the same SQLAlchemyJobStore), and a bare
eventsourcing loop that loads an aggregate, records one event and saves it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from typing import Any

from apscheduler.jobstores.memory import MemoryJobStore  # type: ignore[import-untyped]
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore  # type: ignore[import-untyped]
from apscheduler.schedulers.background import BackgroundScheduler  # type: ignore[import-untyped]
from sqlalchemy import insert
from tests.conftest import add_people
from tests.deadline_cases import action_plans_due

from bench.bench_core import BareApp, BareCase
from bench.databases import library_env, postgres_database, postgres_server, sqlite_database
from bench.timing import Report
from scc.application.deadlines import DeadlineService
from scc.bootstrap import Services, Settings, build
from scc.clock import LONDON, parse_moment
from scc.projections import tables as t
from scc.scheduler import JOB_DEFAULTS, fire_deadline, passes_at, start_scheduler

OPEN_DEADLINES = 100_000
NAIVE_SAMPLE = 2_000
FIRED = 2_000
START = date(2026, 1, 5)


def _services(url: str, now: str) -> Services:
    return build(Settings(database_url=url, policy="calderdale", now=parse_moment(now), user=None))


def _seconds(action: Callable[[], Any]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def _open_deadlines(svc: Services) -> None:
    """100,000 read-model rows written directly: the scheduler reads only this table."""
    rows = [{"case_reference": f"{100000 + i // 5}-1", "kind": f"kind-{i % 5}",
             "urn": f"{100000 + i // 5}", "due": START + timedelta(days=1 + i % 300),
             "rule": "bench", "met_on": None, "case_open": True, "passed_on": None}
            for i in range(OPEN_DEADLINES)]
    with svc.ctx.engine.begin() as conn:
        for first in range(0, len(rows), 10_000):
            conn.execute(insert(t.deadlines), rows[first:first + 10_000])


def _start(svc: Services) -> float:
    def lead() -> None:
        handle = start_scheduler(svc, poll_seconds=0.001, sync_seconds=3600)
        while not handle.leading.wait(0.001):
            pass
        handle.shutdown()
    return _seconds(lead)


def _add_jobs(store: Any, count: int) -> float:
    scheduler = BackgroundScheduler(jobstores={"default": store}, job_defaults=JOB_DEFAULTS,
                                    timezone=LONDON)
    scheduler.start(paused=True)
    seconds = _seconds(lambda: [
        scheduler.add_job(fire_deadline, "date", run_date=passes_at(START + timedelta(i % 300)),
                          args=(f"{100000 + i // 5}-1", f"kind-{i % 5}"), id=f"job-{i}")
        for i in range(count)])
    scheduler.remove_all_jobs()
    scheduler.shutdown(wait=False)
    return seconds


def reconciliation(report: Report, url: str) -> None:
    svc = _services(url, "2026-01-05T12:00")
    _open_deadlines(svc)
    first = _start(svc)
    again = _start(svc)
    memory = _add_jobs(MemoryJobStore(), OPEN_DEADLINES)
    naive = _add_jobs(SQLAlchemyJobStore(engine=svc.ctx.engine, tablename="bench_jobs"),
                      NAIVE_SAMPLE) * OPEN_DEADLINES / NAIVE_SAMPLE
    svc.close()
    report.say(f"start, {OPEN_DEADLINES:,} deadlines, empty job store   {first:7.2f} s  "
               f"({first / memory:.2f}x baseline MemoryJobStore add_job {memory:.2f} s)")
    report.say(f"start again, job store already matching      {again:7.2f} s  "
               f"({again / memory:.2f}x baseline)")
    report.say(f"naive add_job into SQLAlchemyJobStore          {naive:7.2f} s  "
               f"(extrapolated from {NAIVE_SAMPLE:,}; ours is {naive / first:.1f}x faster)")


def firing(report: Report, url: str) -> None:
    svc = _services(url, "2026-01-05T12:00")
    add_people(svc)
    action_plans_due(svc, FIRED, START - timedelta(days=14), lambda i: START - timedelta(days=1))
    ours = _seconds(lambda: DeadlineService(svc.ctx).fire_due(datetime.now(LONDON)))
    svc.close()

    app = BareApp(env=library_env(url.replace(".sqlite3", "-bare.sqlite3")))
    cases = [BareCase(urn=f"{200000 + i}", reason="bench", effective_on=START)
             for i in range(FIRED)]
    app.save(*cases)

    def bare_loop() -> None:
        for case in cases:
            loaded: BareCase = app.repository.get(case.id)
            loaded.warn(grounds=[], effective_on=START, compliance_end=START)
            app.save(loaded)

    bare = _seconds(bare_loop)
    app.close()
    report.say(f"fire_due, {FIRED:,} passed deadlines                {FIRED / ours:7.0f} events/s  "
               f"({(FIRED / ours) / (FIRED / bare):.2f}x baseline bare load-record-save "
               f"{FIRED / bare:.0f} events/s)")


def run(report: Report) -> None:
    databases: list[tuple[str, Callable[[], AbstractContextManager[str]]]] = [
        ("SQLite", sqlite_database)]
    server = postgres_server()
    if server:
        databases.append(("PostgreSQL", lambda: postgres_database(server)))
    for name, database in databases:
        report.section(f"scheduler on {name}: reconciliation on start")
        with database() as url:
            reconciliation(report, url)
        report.section(f"scheduler on {name}: firing throughput")
        with database() as url:
            firing(report, url)
