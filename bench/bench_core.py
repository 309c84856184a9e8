"""Latency of the core commands (open, warning notice, show) through the service layer, against
the same operations on a bare eventsourcing application on the same database as the baseline."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.databases import on_each_database
from bench.timing import Figures, Report, measure
from scc.application.store import DateAsISO, persistence_env
from scc.bootstrap import Settings, build
from scc.clock import parse_moment

CASES = 400


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
    app = BareApp(env=persistence_env(url))
    ids: list[Any] = []

    def open_case(i: int) -> None:
        case = BareCase(urn=f"{200000 + i}", reason="bench", effective_on=date(2025, 11, 3))
        app.save(case)
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


def scc(url: str) -> list[Figures]:
    svc = build(Settings(database_url=url, policy="calderdale",
                         now=parse_moment("2026-01-05"), user=None))
    svc.admin.add_user(None, "ada", "admin")
    svc.admin.add_user("ada", "sam", "service-manager")
    for i in range(CASES):
        svc.schools.add("sam", f"{200000 + i}", f"School {i}", "community", "Primary")
    on = date(2025, 11, 3)
    figures = [
        measure("scc case open", lambda i: svc.cases.open("sam", f"{200000 + i}", "bench", on),
                CASES),
        measure("scc case warning-notice", lambda i: svc.cases.warning_notice(
            "sam", f"{200000 + i}-1", "s60", ["standards"], date(2025, 12, 19)), CASES),
        measure("scc case show", lambda i: svc.cases.show("sam", f"{200000 + i}-1"), CASES),
    ]
    svc.close()
    return figures


def compare(report: Report, label: str, database: Callable[[], AbstractContextManager[str]]) -> None:
    report.section(f"core commands on {label} ({CASES} cases each)")
    with database() as url:
        baseline = bare(url)
    with database() as url:
        ours = scc(url)
    for base, mine in zip(baseline, ours):
        report.say(base.line())
        report.say(mine.line(base))


def run(report: Report) -> None:
    on_each_database(report, compare)
