"""Deadlines: recording those that pass, reminding before they do, and listing what is due.

`fire_due` is the one code path that records passing deadlines: `scc scheduler run-due`, each
scheduler job and the scheduler's reconciliation all call it. The read model only proposes
candidates; the case aggregate decides (already met, already recorded, case closed: no event), and
optimistic concurrency settles a race, so firing a deadline twice records it once.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from typing import Any, Protocol

from sqlalchemy import and_, or_, select

from scc import reminders as outbox
from scc.application.context import SYSTEM, Context
from scc.application.permissions import authorise
from scc.application.visits import deadline_owner
from scc.clock import LONDON
from scc.domain import ids
from scc.domain.case import ConcernCase, deadline_family, deadline_status
from scc.domain.errors import ConcurrentChange
from scc.domain.values import Role
from scc.projections import tables as t
from scc.projections.projector import POSITION

FIRE_BATCH = 50  # cases saved per transaction: a crash loses at most one uncommitted batch
RETRIES = 5
DEFAULT_REMINDERS = (5, 1)  # working days before the due date, when the policy names none

DeadlineKey = tuple[str, str]  # (case reference, deadline kind)

LABELS = {
    "compliance-period": "compliance period of the warning notice ends",
    "intervention-window": "window to exercise {power} closes",
    "action-plan": "action plan is due",
    "representations-period": "initial period for representations to Ofsted ends",
}


class Mailer(Protocol):
    """Delivers one reminder to a user (scc.reminders.SmtpMailer is the e-mail adapter)."""

    def send(self, recipient: str, subject: str, text: str) -> None: ...


def london_date(moment: datetime) -> date:
    """The day in Europe/London: a deadline due on D has passed from 00:00 on D+1."""
    return moment.astimezone(LONDON).date()


class DeadlineService:
    def __init__(self, ctx: Context, mailer: Mailer | None = None) -> None:
        self.ctx = ctx
        self.mailer = mailer
        # The scheduler's jobs and its reconciliation run on different threads of one process.
        self._lock = threading.RLock()

    # Firing

    def fire_due(self, now: datetime, only: Collection[DeadlineKey] | None = None) -> int:
        """Records every deadline (or those in `only`) that has passed by `now` and is not yet
        recorded; returns the number of events recorded. Candidates come from the read model,
        which every process brings up to date when it starts and after each save."""
        authorise(SYSTEM, "case.deadline")
        today = london_date(now)
        with self._lock:
            candidates = self._passed_unrecorded(today, only)
            return sum(self._fire_batch(batch, today) for batch in chunks(candidates, FIRE_BATCH))

    def _passed_unrecorded(self, today: date,
                           only: Collection[DeadlineKey] | None) -> list[tuple[str, list[str]]]:
        d = t.deadlines.c
        query = select(d.case_reference, d.kind).where(
            d.due < today, d.met_on.is_(None), d.passed_on.is_(None), d.case_open.is_(True),
        ).order_by(d.case_reference, d.kind)
        if only is not None:
            query = query.where(or_(*(and_(d.case_reference == r, d.kind == k) for r, k in only)))
        by_case: dict[str, list[str]] = {}
        with self.ctx.engine.connect() as conn:
            for reference, kind in conn.execute(query):
                by_case.setdefault(reference, []).append(kind)
        return list(by_case.items())

    def _fire_batch(self, batch: list[tuple[str, list[str]]], today: date) -> int:
        changed, fired = [], 0
        for reference, kinds in batch:
            case = self._case(reference)
            recorded = _record_passed(case, kinds, today)
            if recorded:
                changed.append(case)
                fired += recorded
        if not changed:
            return 0
        try:
            self.ctx.save(*changed)
            return fired
        except ConcurrentChange:
            # One of these cases changed meanwhile (a person, or another scheduler firing it).
            # Nothing of the batch was written: decide each case again on its latest state.
            return sum(self._fire_case(reference, kinds, today) for reference, kinds in batch)

    def _fire_case(self, reference: str, kinds: list[str], today: date) -> int:
        for _ in range(RETRIES):
            case = self._case(reference)
            recorded = _record_passed(case, kinds, today)
            if not recorded:
                return 0
            try:
                self.ctx.save(case)
                return recorded
            except ConcurrentChange:
                continue
        raise ConcurrentChange(f"Case {reference} kept changing; its deadlines will be retried.")

    def _case(self, reference: str) -> Any:
        # Visit and meeting deadlines share the read model; their aggregates record passing alike.
        return deadline_owner(self.ctx, reference) or \
            self.ctx.get(ids.case_id(reference), ConcernCase, f"There is no case {reference}.")

    def open_deadlines(self) -> list[tuple[str, str, date]]:
        """(case, kind, due) of every deadline still running on an open case: what to schedule."""
        d = t.deadlines.c
        query = select(d.case_reference, d.kind, d.due).where(
            d.met_on.is_(None), d.passed_on.is_(None), d.case_open.is_(True))
        with self.ctx.engine.connect() as conn:
            return [(r, k, due) for r, k, due in conn.execute(query)]

    def projected_position(self) -> int:
        """The last event the read models include: unchanged means no deadline changed."""
        c = t.positions.c
        with self.ctx.engine.connect() as conn:
            return int(conn.execute(select(c.position).where(c.name == POSITION)).scalar() or 0)

    # Reminders

    def queue_reminders(self, now: datetime) -> int:
        """Queues, for each running deadline, the reminder of the nearest threshold reached
        (a scheduler that was down skips a stale '5 days' reminder once '1 day' is due)."""
        today = london_date(now)
        offsets = self._reminder_offsets()
        furthest = max((n for ns in offsets.values() for n in ns), default=0)
        if furthest < 1:
            return 0
        calendar = self.ctx.calendar(self.ctx.rules.in_force_on(today).calendar_variant)
        horizon = calendar.working_days_after(today, furthest + 1)
        recipients = self._recipients()
        drafts = []
        for row in self._rows(_open_between(today, horizon)):
            left = calendar.working_days_between(today, row["due"])
            reached = [n for n in offsets.get(deadline_family(row["kind"]), offsets["default"]) if left <= n]
            if reached:
                text = _reminder_text(row, left)
                drafts += [{"recipient": name, "case_reference": row["case"], "kind": row["kind"],
                            "due": row["due"], "days_before": min(reached), "text": text}
                           for name in recipients]
        with self._lock:
            return outbox.queue(self.ctx.engine, drafts, now)

    def _reminder_offsets(self) -> dict[str, list[int]]:
        configured = dict(self.ctx.policy.settings.get("reminders") or {})
        configured.setdefault("default", list(DEFAULT_REMINDERS))
        return {kind: [int(n) for n in days] for kind, days in configured.items()}

    def _recipients(self) -> list[str]:
        """Service Managers must never lose track of a statutory deadline: they get every
        reminder. (Allocated officers join them once allocations exist.)"""
        query = select(t.users.c.name).where(t.users.c.role == Role.SERVICE_MANAGER.value)
        with self.ctx.engine.connect() as conn:
            return sorted(conn.execute(query).scalars())

    def send_reminders(self) -> int:
        """Sends the unsent reminders when a mailer is configured; returns how many were sent."""
        if self.mailer is None:
            return 0
        sent = 0
        for row in outbox.unsent(self.ctx.engine):
            self.mailer.send(row["recipient"], f"Deadline reminder: case {row['case_reference']}",
                             row["text"])
            outbox.mark_sent(self.ctx.engine, row["id"], self.ctx.clock.now())
            sent += 1
        return sent

    def run_due(self, now: datetime) -> dict[str, int]:
        """Everything time brings by `now`: passed deadlines recorded, reminders queued and sent."""
        return {"deadlines_recorded": self.fire_due(now),
                "reminders_queued": self.queue_reminders(now),
                "reminders_sent": self.send_reminders()}

    # Views

    def deadlines(self, user: str | None, due_before: date | None = None, overdue: bool = False,
                  mine: bool = False) -> list[dict[str, Any]]:
        """Deadlines not yet met on open cases, soonest first, with their school and case."""
        actor = self.ctx.actor(user, "case.read")
        if mine and actor.name not in self._recipients():
            return []
        today = self.ctx.clock.today()
        d = t.deadlines.c
        query = _deadline_rows().where(d.met_on.is_(None), d.case_open.is_(True))
        if due_before is not None:
            query = query.where(d.due < due_before)
        if overdue:
            query = query.where(d.due < today)
        return [{**row, "status": deadline_status(row, today), "due": row["due"].isoformat(),
                 "passed_on": row["passed_on"] and row["passed_on"].isoformat()}
                for row in self._rows(query)]

    def reminders(self, user: str | None) -> list[dict[str, Any]]:
        self.ctx.actor(user, "case.read")
        return outbox.listing(self.ctx.engine)

    def _rows(self, query: Any) -> Iterator[dict[str, Any]]:
        with self.ctx.engine.connect() as conn:
            yield from (dict(row._mapping) for row in conn.execute(query))


def _record_passed(case: ConcernCase, kinds: Iterable[str], today: date) -> int:
    return [case.record_deadline_passed(kind, today, SYSTEM) for kind in kinds].count(True)


def _deadline_rows() -> Any:
    # Joined on the school rather than the case: visit and meeting deadlines have no case.
    d, s = t.deadlines.c, t.schools.c
    return (select(d.case_reference.label("case"), s.name.label("school"), d.urn, d.kind,
                   d.due, d.rule, d.met_on, d.passed_on, d.set_by)
            .join_from(t.deadlines, t.schools, d.urn == s.urn)
            .order_by(d.due, d.case_reference, d.kind))


def _open_between(first: date, before: date) -> Any:
    d = t.deadlines.c
    return _deadline_rows().where(d.met_on.is_(None), d.passed_on.is_(None),
                                  d.case_open.is_(True), d.due >= first, d.due < before)


def _reminder_text(row: dict[str, Any], left: int) -> str:
    power = row["kind"].removeprefix("intervention-window-")
    label = LABELS.get(deadline_family(row["kind"]), row["kind"]).format(power=power)
    days = "today is the last day" if left == 0 else \
        f"{left} working day{'s' if left != 1 else ''} left"
    return (f"{row['school']} (URN {row['urn']}, case {row['case']}): the {label} on "
            f"{row['due']:%A %d %B %Y}; {days}.")


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
