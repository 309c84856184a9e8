"""Start-up of the `scc` command, against `python -c "import eventsourcing, sqlalchemy, click"` in
the same run (the least a command built on those libraries can cost), on an empty store and on
the demo's data (the lists then read categories, officers and deadlines). Goal: at most 1.3x."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.databases import sqlite_database
from bench.timing import Report

RUNS = 15
SCC = str(Path(sys.executable).parent / "scc")


def _median_seconds(command: list[str], env: dict[str, str]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(report: Report) -> None:
    report.section(f"CLI start-up (median of {RUNS} runs, SQLite)")
    # As installed: with bytecode written once and read after (an environment that forbids
    # writing it would compile every edited module on every start, which no install does).
    bare = {k: v for k, v in os.environ.items()
            if not k.startswith("SCC_") and k != "PYTHONDONTWRITEBYTECODE"}
    floor = _median_seconds([sys.executable, "-c", "import eventsourcing, sqlalchemy, click"],
                            bare)
    report.say(f"{'floor: import eventsourcing, sqlalchemy, click':<52} {floor * 1000:8.0f} ms")
    with sqlite_database() as url:
        env = bare | {"SCC_DATABASE_URL": url, "SCC_USER": "ada"}
        subprocess.run([SCC, "user", "add", "ada", "--role", "admin"], env=env, check=True,
                       capture_output=True)
        _commands(report, floor, env, "empty store", (
            ("scc --help", ["--help"]), ("scc case list --json", ["case", "list", "--json"]),
            ("scc calendar is-working-day 2026-01-14",
             ["calendar", "is-working-day", "2026-01-14"])))
    with sqlite_database() as url:
        # With data on record: the demo's schools categorised, cases under warning notices with
        # their deadlines, listed by their authority's Service Manager.
        env = bare | {"SCC_DATABASE_URL": url, "SCC_USER": "sam"}
        subprocess.run([SCC, "demo", "load"], env=env, check=True, capture_output=True)
        _commands(report, floor, env, "demo data", (
            ("scc case list --json", ["case", "list", "--json"]),
            ("scc deadlines --json", ["deadlines", "--json"])))


def _commands(report: Report, floor: float, env: dict[str, str], store: str,
              commands: tuple[tuple[str, list[str]], ...]) -> None:
    for label, args in commands:
        subprocess.run([SCC, *args], env=env, check=True, capture_output=True)  # bytecode
        seconds = _median_seconds([SCC, *args], env)
        report.say(f"{label + ' (' + store + ')':<52} {seconds * 1000:8.0f} ms  "
                   f"{seconds / floor:5.2f}x the floor (goal at most 1.3x)")
