"""The scheduler: jobs derived from the deadlines, catch-up after downtime, jobs removed when a
deadline is met, and the APScheduler job firing through the same code path as `run-due`."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest
from apscheduler.jobstores.base import JobLookupError
from sqlalchemy import select

from scc.bootstrap import Settings, build
from scc.clock import LONDON
from scc.projections import tables
from scc.scheduler import DeadlineJobStore, fire_deadline, job_id, start_scheduler
from tests.conftest import add_people, make_services
from tests.deadline_cases import action_plans_due, oak_warning_notice

D = date.fromisoformat


def wait_for(condition, what, seconds=120.0):
    """The scheduler works in a thread of its own: wait (generously) for what it should do."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.05)


def jobs(svc):
    """Job id -> when it runs, as kept in the job store table."""
    stored = DeadlineJobStore(svc.ctx.engine).run_times()
    return {j: datetime.fromtimestamp(t, LONDON).isoformat() for j, t in stored.items()}


def deadline_rows(svc):
    with svc.ctx.engine.connect() as conn:
        return conn.execute(select(tables.deadlines)).all()


@pytest.fixture
def before_christmas(database_url):
    svc = make_services(database_url, now="2025-12-19T10:00")
    add_people(svc)
    yield svc
    svc.close()


def test_each_running_deadline_has_a_job_at_midnight_after_its_due_day(before_christmas):
    svc = before_christmas
    ref = oak_warning_notice(svc)
    handle = start_scheduler(svc, poll_seconds=0.05, sync_seconds=0.1)
    try:
        wait_for(handle.leading.is_set, "leadership")
        assert jobs(svc) == {
            job_id(ref, "compliance-period"): "2026-01-15T00:00:00+00:00",
            **{job_id(ref, f"intervention-window-{p}"): "2026-03-15T00:00:00+00:00"
               for p in ("s63", "s64", "s65", "s66")},
        }
        restored = {job.id: (job.func, job.args, job.misfire_grace_time, job.coalesce)
                    for job in handle.scheduler.get_jobs()}
        assert restored[job_id(ref, "compliance-period")] == (
            fire_deadline, (ref, "compliance-period"), None, True)
        # Closing the case meets every deadline: the next reconciliation drops the jobs.
        svc.cases.close("sam", ref, D("2025-12-19"), reason="school amalgamated")
        wait_for(lambda: jobs(svc) == {}, "the met deadlines' jobs to go")
    finally:
        handle.shutdown()
    assert not handle.leading.is_set()


def test_after_ten_days_down_every_passed_deadline_is_recorded_once_and_none_early(database_url):
    start = D("2026-02-02")
    svc = make_services(database_url, now=start.isoformat())
    add_people(svc)
    # 1,000 action plans due over the 20 days from start; the scheduler sees them all.
    action_plans_due(svc, 1000, start - timedelta(days=1), lambda i: start + timedelta(days=i % 20))
    handle = start_scheduler(svc, poll_seconds=0.05, sync_seconds=3600)
    wait_for(handle.leading.is_set, "leadership")
    handle.shutdown()
    assert (handle.last.recorded, len(jobs(svc))) == (0, 1000)
    svc.close()

    # Ten days later it starts again: due on start .. start+9 have passed (50 deadlines a day).
    later = make_services(database_url, now=(start + timedelta(days=10)).isoformat())
    before = later.ctx.store.event_count()
    handle = start_scheduler(later, poll_seconds=0.05, sync_seconds=3600)
    wait_for(handle.leading.is_set, "leadership")
    handle.shutdown()
    assert handle.last.recorded == 500
    assert later.ctx.store.event_count() - before == 500
    passed = {r.case_reference for r in deadline_rows(later) if r.passed_on is not None}
    early = [r for r in deadline_rows(later) if r.passed_on is not None and r.due >= D("2026-02-12")]
    assert (len(passed), early) == (500, [])
    assert len(jobs(later)) == 500

    # And once more: nothing is recorded twice.
    handle = start_scheduler(later, poll_seconds=0.05, sync_seconds=3600)
    wait_for(handle.leading.is_set, "leadership")
    handle.shutdown()
    assert handle.last.recorded == 0
    assert later.ctx.store.event_count() - before == 500
    later.close()


@pytest.fixture
def real_time(sqlite_url):
    """Services on the real clock: APScheduler then runs jobs as they fall due."""
    svc = build(Settings(database_url=sqlite_url, policy="calderdale", now=None, user=None))
    add_people(svc)
    yield svc
    svc.close()


def test_apscheduler_runs_the_job_and_it_records_the_deadline(real_time):
    svc = real_time
    today = svc.ctx.clock.today()
    handle = start_scheduler(svc, poll_seconds=0.05, sync_seconds=3600)
    try:
        wait_for(handle.leading.is_set, "leadership")
        [ref] = action_plans_due(svc, 1, today - timedelta(days=3), lambda i: today - timedelta(1))
        before = svc.ctx.store.event_count()
        # A job stored as APScheduler stores ours (function reference, case, kind) falls due now.
        handle.scheduler.add_job(fire_deadline, "date", args=(ref, "action-plan"),
                                 run_date=datetime.now(LONDON) + timedelta(seconds=0.2))
        wait_for(lambda: svc.ctx.store.event_count() > before, "the job to run")
        history = svc.cases.history("sam", ref)
        assert [e["type"] for e in history].count("ActionPlanOverdue") == 1
    finally:
        handle.shutdown()


def test_deadlines_set_while_it_runs_get_jobs_one_by_one_or_in_bulk(real_time):
    svc = real_time
    today = svc.ctx.clock.today()
    handle = start_scheduler(svc, poll_seconds=0.05, sync_seconds=0.2)
    try:
        wait_for(handle.leading.is_set, "leadership")
        first = action_plans_due(svc, 3, today, lambda i: today + timedelta(days=30))
        wait_for(lambda: len(jobs(svc)) == 3, "three jobs")
        # More changes than BULK at once: applied with processing stopped, then resumed.
        action_plans_due(svc, 250, today, lambda i: today + timedelta(days=40), first_urn=400000)
        wait_for(lambda: len(jobs(svc)) == 253, "253 jobs")
        svc.cases.close("sam", first[0], today, reason="school closed")
        wait_for(lambda: job_id(first[0], "action-plan") not in jobs(svc), "the job to go")
        assert handle.scheduler is not None and handle.scheduler.running
        with pytest.raises(JobLookupError):
            handle.scheduler.remove_job(job_id(first[0], "action-plan"))
    finally:
        handle.shutdown()
