"""`scc scheduler ...`, `scc deadlines` and `scc reminders ...`: time passing, and what is due."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import date, datetime
from typing import TYPE_CHECKING

import click

from scc.cli.common import (
    DATE,
    MOMENT,
    acting,
    authority_option,
    emit,
    json_flag,
    say,
    services,
    table,
)

if TYPE_CHECKING:
    from scc.application.deadlines import DeadlineService


def _deadline_service() -> DeadlineService:
    return services().deadlines


@click.group(help="The deadline scheduler: records deadlines as they pass.")
def scheduler() -> None:
    pass


@scheduler.command("run", help="Run the scheduler until interrupted (Ctrl-C or SIGTERM).")
@click.option("--sync-seconds", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="How often to reconcile the jobs with the deadlines other processes set.")
@click.option("--poll-seconds", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
              help="How often to check (or try to take) the scheduler lock.")
def run(sync_seconds: float, poll_seconds: float) -> None:
    from scc.scheduler import start_scheduler  # APScheduler loads only for this command

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    handle = start_scheduler(services(), sync_seconds, poll_seconds)
    say("Scheduler started; Ctrl-C to stop.")
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        handle.shutdown()
        say("Scheduler stopped.")


@scheduler.command("run-due", help="Record every deadline passed by now, queue reminders, exit.")
@click.option("--now", "now", type=MOMENT,
              help="The moment to run at (default: now, or SCC_NOW), e.g. 2026-01-15T00:00.")
@json_flag
def run_due(now: datetime | None, as_json: bool) -> None:
    service = _deadline_service()
    done = service.run_due(now or service.ctx.clock.now())
    emit(done, as_json, lambda d: (f"{d['deadlines_recorded']} deadline(s) recorded as passed; "
                                   f"{d['reminders_queued']} reminder(s) queued, "
                                   f"{d['reminders_sent']} sent."))


@click.command("deadlines", help="Deadlines not yet met on open cases, soonest first.")
@click.option("--due-before", type=DATE, help="Only those due before this date.")
@click.option("--overdue", is_flag=True, help="Only those already past their due date.")
@click.option("--mine", is_flag=True, help="Only those I am reminded of.")
@authority_option
@json_flag
@acting
def deadlines(due_before: date | None, overdue: bool, mine: bool, authority: str | None,
              as_json: bool, user: str | None) -> None:
    rows = services().deadline_list.deadlines(user, due_before, overdue, mine, authority)
    emit(rows, as_json, lambda r: table(r, ["due", "status", "case", "school", "authority",
                                            "kind"]))


@click.group(help="Reminders of deadlines (the outbox).")
def reminders() -> None:
    pass


@reminders.command("list", help="Every reminder queued, and when it was sent.")
@json_flag
@acting
def list_reminders(as_json: bool, user: str | None) -> None:
    rows = services().deadline_list.reminders(user)
    emit(rows, as_json, lambda r: table(r, ["created_at", "recipient", "case_reference", "kind",
                                            "due", "days_before", "sent_at"]))
