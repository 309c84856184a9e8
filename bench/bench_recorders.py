"""Why the unit of work subclasses the library's own recorders: the CPU cost of an append through
`eventsourcing.sqlite` against `eventsourcing_sqlalchemy` (the other way the library supports to
share one transaction), same aggregate, same SQLite file system, measured in the same run.

`eventsourcing_sqlalchemy` is not a dependency: install it to run this comparison
(`.venv/bin/pip install eventsourcing-sqlalchemy sqlalchemy-utils`); otherwise it is skipped."""

from __future__ import annotations

import importlib.util
import time
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.databases import sqlite_database
from bench.timing import Figures, Report

APPENDS = 2000


class Thing(Aggregate):
    @event("Made")
    def __init__(self, n: int) -> None:
        self.n = n


def _cpu_per_append(env: dict[str, str], label: str) -> Figures:
    app: Application[Any] = Application(env=env)
    samples = []
    for i in range(APPENDS):
        started = time.process_time()  # CPU only: the fsync both pay is not the difference
        app.save(Thing(i))
        samples.append(time.process_time() - started)
    app.close()
    return Figures(label, samples)


def run(report: Report) -> None:
    report.section(f"recorders: CPU per append, {APPENDS} appends to SQLite")
    if importlib.util.find_spec("eventsourcing_sqlalchemy") is None:
        report.say("skipped: eventsourcing_sqlalchemy is not installed")
        return
    with sqlite_database() as url:
        library = _cpu_per_append({"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                                   "SQLITE_DBNAME": url.removeprefix("sqlite:///")},
                                  "(b) eventsourcing.sqlite (chosen)")
    with sqlite_database() as url:
        alchemy = _cpu_per_append({"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
                                   "SQLALCHEMY_URL": url}, "(a) eventsourcing_sqlalchemy")
    report.say(library.line())
    report.say(alchemy.line(library))
