"""APScheduler adapter: one date job per running deadline, derived from the deadline read model.

The events are the truth and the job store (`scheduler_jobs`, in the product database) is a cache.
On becoming the scheduler a process fires everything already overdue, then reconciles the jobs
with the read model (adds missing, removes stale) in bulk; it reconciles again every
`sync_seconds` to pick up deadlines that other processes set or met. A job is the module-level
`fire_deadline` with (case reference, deadline kind): never a pickled object.

One scheduler at a time (APScheduler does not support several sharing a job store): on PostgreSQL
the holder of a session advisory lock schedules; the others poll for it and take over when the
holder's connection ends, which releases the lock. On SQLite the process that calls
`start_scheduler` (`scc serve`, `scc scheduler run`) is the scheduler.

With a fixed clock (SCC_NOW) time stands still, so APScheduler's real-time processing stays
paused: the jobs are kept, and reconciliation fires what is due at the simulated moment.
"""

from __future__ import annotations

import functools
import logging
import pickle
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor  # type: ignore[import-untyped]
from apscheduler.job import Job  # type: ignore[import-untyped]
from apscheduler.jobstores.base import JobLookupError  # type: ignore[import-untyped]
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore  # type: ignore[import-untyped]
from apscheduler.schedulers.background import BackgroundScheduler  # type: ignore[import-untyped]
from apscheduler.triggers.date import DateTrigger  # type: ignore[import-untyped]
from sqlalchemy import Connection, Engine, delete, select, text
from sqlalchemy.exc import DBAPIError

from scc.application.deadlines import DeadlineService
from scc.bootstrap import Services
from scc.clock import LONDON
from scc.projections.queries import chunks

log = logging.getLogger("scc.scheduler")

JOB_TABLE = "scheduler_jobs"
LOCK_KEY = 0x5CC_0003  # the advisory lock that names "the scc scheduler" in this database
JOB_DEFAULTS = {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}
BULK = 200  # more job changes than this are applied in bulk while processing is stopped

# The deadline service of the process currently leading; jobs reach it through this name
# because a job may hold only a function reference and plain arguments.
_leader: DeadlineService | None = None


def fire_deadline(case_reference: str, kind: str) -> None:
    """The job APScheduler runs when a deadline passes: the same code path as `run-due`."""
    service = _leader
    if service is not None:  # else this process stepped down; the next leader reconciles
        service.fire_due(service.ctx.clock.now(), only=[(case_reference, kind)])


def job_id(reference: str, kind: str) -> str:
    return f"{reference}/{kind}"


@functools.lru_cache(maxsize=4096)
def passes_at(due: date) -> datetime:
    """A deadline due on D passes at 00:00 Europe/London on D+1."""
    return datetime.combine(due + timedelta(days=1), clock_time(), LONDON)


@functools.lru_cache(maxsize=4096)
def _stamp(due: date) -> float:
    return passes_at(due).timestamp()


class DeadlineJobStore(SQLAlchemyJobStore):
    """APScheduler's SQLAlchemy job store, plus the bulk paths reconciliation needs."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine=engine, tablename=JOB_TABLE)

    def shutdown(self) -> None:
        """The engine belongs to the services (which dispose of it), not to the job store."""

    def run_times(self) -> dict[str, float]:
        """Job id -> next run (UTC timestamp), read without unpickling any job."""
        c = self.jobs_t.c
        with self.engine.connect() as conn:
            return {job: when for job, when in conn.execute(select(c.id, c.next_run_time))}

    def replace(self, remove: list[str], states: list[dict[str, Any]]) -> None:
        """Deletes `remove` and inserts the pickled `states`, in one transaction."""
        c = self.jobs_t.c
        with self.engine.begin() as conn:
            for chunk in chunks(remove, 500):
                conn.execute(delete(self.jobs_t).where(c.id.in_(chunk)))
            rows = [(s["id"], s["next_run_time"].timestamp(),
                     pickle.dumps(s, self.pickle_protocol)) for s in states]
            _insert(conn, rows)


def _insert(conn: Connection, rows: list[tuple[str, float, bytes]]) -> None:
    """Job rows in bulk through the driver: COPY on PostgreSQL, executemany on SQLite.
    (SQLAlchemy's per-row parameter processing would cost as much as the pickling itself.)"""
    if not rows:
        return
    columns = f"{JOB_TABLE} (id, next_run_time, job_state)"
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {columns} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    conn.exec_driver_sql(f"INSERT INTO {columns} VALUES (?, ?, ?)", rows)  # type: ignore[arg-type]


class _JobStates:
    """Job states as APScheduler pickles them, built from one validated template job: building
    a Job per deadline (its callable's signature checked every time) is what makes a naive
    reconciliation of 100,000 deadlines slow."""

    def __init__(self, scheduler: BackgroundScheduler) -> None:
        first = passes_at(date(2000, 1, 1))
        job = Job(scheduler, id="template", func=fire_deadline, args=("", ""), kwargs={},
                  trigger=DateTrigger(first, timezone=LONDON), executor="default",
                  name="fire_deadline", next_run_time=first, **JOB_DEFAULTS)
        self.template = job.__getstate__()
        self.triggers: dict[date, DateTrigger] = {}

    def state(self, reference: str, kind: str, due: date) -> dict[str, Any]:
        trigger = self.triggers.get(due)
        if trigger is None:
            trigger = self.triggers[due] = DateTrigger(passes_at(due), timezone=LONDON)
        return {**self.template, "id": job_id(reference, kind), "args": (reference, kind),
                "trigger": trigger, "next_run_time": trigger.run_date}


@dataclass
class Reconciliation:
    recorded: int = 0
    added: int = 0
    removed: int = 0
    jobs: int = 0


class _Leadership:
    """On PostgreSQL, a session advisory lock on a connection of its own; on SQLite, always."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.shared = engine.dialect.name == "postgresql"
        self.conn: Connection | None = None

    def acquire(self) -> bool:
        if not self.shared:
            return True
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        if conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar():
            self.conn = conn
            return True
        conn.close()
        return False

    def held(self) -> bool:
        if not self.shared:
            return True
        try:
            assert self.conn is not None
            self.conn.execute(text("SELECT 1"))
            return True
        except DBAPIError:
            self.release()
            return False

    def release(self) -> None:
        if self.conn is not None:
            # The connection is discarded, not pooled: a pooled session would keep the lock.
            self.conn.invalidate()
            self.conn.close()
            self.conn = None


class SchedulerHandle:
    """The scheduler of this process: leads when it can, until `shutdown()`."""

    def __init__(self, services: Services, sync_seconds: float, poll_seconds: float) -> None:
        self.service = services.deadlines
        self.sync_seconds, self.poll_seconds = sync_seconds, poll_seconds
        self.leading = threading.Event()
        self.last: Reconciliation | None = None
        self._leadership = _Leadership(services.ctx.engine)
        self.scheduler: BackgroundScheduler | None = None  # while leading
        self._store: DeadlineJobStore | None = None
        self._seen_events = -1
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scc-scheduler", daemon=True)

    @property
    def simulated(self) -> bool:
        return self.service.ctx.clock.fixed is not None

    def start(self) -> SchedulerHandle:
        self._thread.start()
        return self

    def shutdown(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        next_sync = 0.0
        while not self._stop.is_set():
            try:
                if not self.leading.is_set() and self._leadership.acquire():
                    self._lead()
                    next_sync = time.monotonic() + self.sync_seconds
                elif self.leading.is_set() and not self._leadership.held():
                    log.warning("lost the scheduler lock; stepping down")
                    self._step_down()
                elif self.leading.is_set() and time.monotonic() >= next_sync:
                    self.reconcile()
                    next_sync = time.monotonic() + self.sync_seconds
            except Exception:  # a database outage must not end the loop: retry as a follower
                log.exception("scheduler error; stepping down and retrying")
                self._step_down()
            self._stop.wait(self.poll_seconds)
        self._step_down()

    def _lead(self) -> None:
        global _leader
        _leader = self.service
        self._start_processing()
        self.leading.set()
        log.info("leading: %s", self.last)

    def _step_down(self) -> None:
        global _leader
        if self.scheduler is not None:
            self._stop_processing()
            self.scheduler = self._store = None
        if self.leading.is_set():
            log.info("stepped down")
        _leader = None
        self.leading.clear()
        self._leadership.release()

    def _start_processing(self) -> None:
        """A fresh APScheduler, paused until its jobs match the read model (bulk)."""
        self._store = DeadlineJobStore(self.service.ctx.engine)
        self.scheduler = BackgroundScheduler(
            jobstores={"default": self._store}, job_defaults=JOB_DEFAULTS, timezone=LONDON,
            # One worker: the jobs of a process are serialised, like the rest of its writes.
            executors={"default": ThreadPoolExecutor(max_workers=1)},
        )
        self.scheduler.start(paused=True)
        self._seen_events = -1
        self.reconcile(bulk=True)
        if not self.simulated:
            self.scheduler.resume()

    def _stop_processing(self) -> None:
        assert self.scheduler is not None
        # APScheduler runs one last round of due jobs as it shuts down, even when paused: without
        # its job store that round finds nothing (and cannot drop jobs a fixed clock holds back).
        self.scheduler.remove_jobstore("default")
        self.scheduler.shutdown(wait=True)

    def reconcile(self, bulk: bool = False) -> Reconciliation:
        """Fires what is overdue, then makes the jobs match the running deadlines."""
        assert self.scheduler is not None and self._store is not None
        done = Reconciliation(recorded=self.service.run_due(self.service.ctx.clock.now())
                              ["deadlines_recorded"])
        events = self.service.projected_position()
        if events == self._seen_events:  # nothing projected since: the deadlines are unchanged
            self.last = done
            return done
        wanted = {job_id(r, k): (r, k, due) for r, k, due in self.service.open_deadlines()}
        have = self._store.run_times()
        remove = [j for j, at in have.items() if j not in wanted or at != _stamp(wanted[j][2])]
        add = [w for j, w in wanted.items() if have.get(j) != _stamp(w[2])]
        if bulk or self.simulated or len(remove) + len(add) <= BULK:
            self._apply(remove, add, bulk=bulk or self.simulated)
        else:
            self._stop_processing()
            self._start_processing()
            return self.last or done
        self._seen_events = events
        done.added, done.removed, done.jobs = len(add), len(remove), len(wanted)
        self.last = done
        return done

    def _apply(self, remove: list[str], add: list[tuple[str, str, date]], bulk: bool) -> None:
        assert self.scheduler is not None and self._store is not None
        if bulk:  # processing is paused, so the store may be written directly
            states = _JobStates(self.scheduler)
            self._store.replace(remove, [states.state(*w) for w in add])
            return
        for job in remove:
            try:
                self.scheduler.remove_job(job)
            except JobLookupError:  # it ran meanwhile
                pass
        for reference, kind, due in add:
            self.scheduler.add_job(fire_deadline, "date", run_date=passes_at(due),
                                    args=(reference, kind), id=job_id(reference, kind),
                                    name="fire_deadline", replace_existing=True)


def start_scheduler(services: Services, sync_seconds: float = 60.0,
                    poll_seconds: float = 5.0) -> SchedulerHandle:
    """Starts this process's scheduler in a background thread; call `.shutdown()` to stop it.
    For `scc serve` and `scc scheduler run`."""
    return SchedulerHandle(services, sync_seconds, poll_seconds).start()
