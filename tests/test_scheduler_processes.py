"""Several schedulers, and schedulers that die: each deadline is still recorded exactly once.

These run `scc` as separate processes, as cron and a server would, and kill them with SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from scc.application.deadlines import FIRE_BATCH, DeadlineService
from scc.application.store import sqlite_path
from tests.conftest import add_people, make_services, moment
from tests.deadline_cases import action_plans_due, stored_events, warning_notices
from tests.test_scheduler import wait_for

SCC = str(Path(sys.executable).parent / "scc")
NOW = "2026-02-01T00:00"
D = date.fromisoformat


def environment(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCC_")}
    return env | {"SCC_DATABASE_URL": url, "SCC_NOW": NOW, "SCC_POLICY": "calderdale"}


def passed_plans(svc, count, first_urn=200000):
    """`count` action plans, all due in January 2026 and so passed by NOW."""
    return action_plans_due(svc, count, D("2026-01-05"),
                            lambda i: D("2026-01-10") + timedelta(days=i % 10), first_urn)


def test_a_run_killed_mid_batch_and_run_again_records_each_deadline_once(sqlite_url):
    svc = make_services(sqlite_url, now=NOW)
    add_people(svc)
    passed_plans(svc, 1000)
    before = stored_events(svc)
    svc.close()
    events = sqlite3.connect(sqlite_path(sqlite_url), timeout=30)

    def count() -> int:
        return events.execute("SELECT count(*) FROM stored_events").fetchone()[0] - before

    run = subprocess.Popen([SCC, "scheduler", "run-due"], env=environment(sqlite_url),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while run.poll() is None and count() == 0:
        time.sleep(0.001)
    run.send_signal(signal.SIGKILL)  # the first batch is in; the run is in the middle of the rest
    assert run.wait() == -signal.SIGKILL
    partial = count()
    assert 0 < partial < 1000
    assert partial % FIRE_BATCH == 0  # a batch is one transaction: all of it or none of it

    again = subprocess.run([SCC, "scheduler", "run-due", "--json"], env=environment(sqlite_url),
                           capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert f'"deadlines_recorded": {1000 - partial}' in again.stdout
    assert count() == 1000
    checked = make_services(sqlite_url, now=NOW)
    assert DeadlineService(checked.ctx).fire_due(moment(NOW)) == 0
    checked.close()
    events.close()


def _scheduler(url: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [SCC, "scheduler", "run", "--sync-seconds", "0.3", "--poll-seconds", "0.2"],
        env=environment(url), stdout=subprocess.DEVNULL, stderr=log.open("wb"))


def _leading(log: Path) -> bool:
    return "leading" in log.read_text()


@pytest.mark.postgres
def test_two_schedulers_on_one_postgresql_database_fire_each_deadline_once(postgres_url,
                                                                           tmp_path):
    svc = make_services(postgres_url, now=NOW)
    add_people(svc)
    passed_plans(svc, 300)
    start = stored_events(svc)
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    runs = [_scheduler(postgres_url, log) for log in logs]
    try:
        wait_for(lambda: stored_events(svc) - start == 300, "300 deadlines recorded")
        time.sleep(1.5)  # several more reconciliations by the leader; polling by the other
        assert stored_events(svc) - start == 300
        leaders = [i for i, log in enumerate(logs) if _leading(log)]
        assert len(leaders) == 1, [log.read_text() for log in logs]
        leader, follower = leaders[0], 1 - leaders[0]

        runs[leader].send_signal(signal.SIGKILL)
        runs[leader].wait()
        passed_plans(svc, 100, first_urn=500000)  # set while nobody schedules
        middle = stored_events(svc)
        wait_for(lambda: _leading(logs[follower]), "the other scheduler to take over")
        wait_for(lambda: stored_events(svc) - middle == 100, "100 more recorded")
        time.sleep(1.0)
        assert stored_events(svc) - middle == 100
    finally:
        for run in runs:
            if run.poll() is None:
                run.send_signal(signal.SIGTERM)
                run.wait(timeout=60)
    assert runs[follower].returncode == 0
    assert "Scheduler stopped." in logs[follower].read_text()
    svc.close()


@pytest.mark.postgres
def test_three_processes_firing_at_once_record_each_deadline_once(postgres_url):
    """No leadership here: the aggregate and optimistic concurrency alone keep it exactly once."""
    svc = make_services(postgres_url, now=NOW)
    add_people(svc)
    warning_notices(svc, 60, D("2025-11-03"), D("2025-11-24"))  # 5 deadlines each, all passed
    start = stored_events(svc)
    firing = [make_services(postgres_url, now=NOW) for _ in range(3)]
    together = threading.Barrier(len(firing))
    recorded: list[int] = []

    def fire(other) -> None:
        together.wait()
        recorded.append(DeadlineService(other.ctx).fire_due(moment(NOW)))

    threads = [threading.Thread(target=fire, args=(other,)) for other in firing]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(recorded) == 300
    assert stored_events(svc) - start == 300
    for other in [*firing, svc]:
        other.close()
