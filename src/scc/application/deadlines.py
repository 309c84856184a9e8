"""Deadlines: recording those that pass and reminding before they do (listing what is due is
application/deadline_list.py's, which this service inherits).

`fire_due` is the one code path that records passing deadlines: `scc scheduler run-due`, each
scheduler job and the scheduler's reconciliation all call it. The read model only proposes
candidates; the case aggregate decides (already met, already recorded, case closed: no event), and
optimistic concurrency settles a race, so firing a deadline twice records it once.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import and_, or_, select

from scc import reminders as outbox
from scc.application.context import SYSTEM, Context
from scc.application.deadline_list import DeadlineList, deadline_rows
from scc.application.deadline_view import family
from scc.application.permissions import authorise
from scc.application.user_contacts import contact_of
from scc.application.visits import deadline_owner
from scc.clock import LONDON
from scc.domain import ids
from scc.domain.case import ConcernCase
from scc.domain.errors import ConcurrentChange
from scc.domain.support_cluster import ClusterReports
from scc.projections import tables as t
from scc.projections.queries import chunks, list_authorities
from scc.projections.tables import POSITION

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
# The deadlines of visits, meetings, plans, bids and support plans, by the prefix of their kind
# (their kinds name the record, so they cannot be looked up whole). The longest prefix first.
PREFIX_LABELS = (
    ("visit-report-return-", "agreed visit report is due back from the school"),
    ("visit-report-", "visit report is due to the headteacher"),
    ("meeting-documents-", "school's documents for the progress meeting are due"),
    ("plan-review-", "termly review of the improvement plan is due"),
    ("impact-report-", "funding impact report is due"),
    ("board-", "board's decision on the bid is due"),
    ("support-review-", "termly review of the support plan is due"),
    ("a3-", "cluster's Cumulative Progress and Impact Report (Form A3) is due to the board"),
)


class Mailer(Protocol):
    """Delivers one reminder to a user (scc.reminders.SmtpMailer is the e-mail adapter)."""

    def send(self, recipient: str, subject: str, text: str) -> None: ...


def london_date(moment: datetime) -> date:
    """The day in Europe/London: a deadline due on D has passed from 00:00 on D+1."""
    return moment.astimezone(LONDON).date()


class DeadlineService(DeadlineList):
    def __init__(self, ctx: Context, mailer: Mailer | None = None) -> None:
        super().__init__(ctx)
        self.mailer = mailer
        # The scheduler's jobs and its reconciliation run in threads of their own: one at a time
        # fires deadlines or queues reminders.
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
        if reference.endswith("-A3"):  # an authority's cluster reports (Form A3)
            authority = reference.removesuffix("-A3")
            return self.ctx.get(ClusterReports.create_id(authority), ClusterReports,
                                f"There are no cluster reports of {authority}.")
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
        offsets = {a["code"]: self._reminder_offsets(a["code"])
                   for a in list_authorities(self.ctx.engine)}
        furthest = max((n for each in offsets.values() for ns in each.values() for n in ns),
                       default=0)
        if furthest < 1:
            return 0
        calendars = {code: self._calendar(today, code) for code in offsets}
        horizon = max(calendar.working_days_after(today, furthest + 1)
                      for calendar in calendars.values())
        reminding = []  # (row, the nearest threshold reached)
        for row in self._described(_open_between(today, horizon), today):
            if row["status"] != "open":  # decided, exercised or overtaken: nothing to remind of
                continue
            calendar, reminded = calendars[row["authority"]], offsets[row["authority"]]
            left = calendar.working_days_between(today, date.fromisoformat(row["due"]))
            reached = [n for n in reminded.get(family(row["kind"]), reminded["default"])
                       if left <= n]
            if reached:
                reminding.append((row, min(reached)))
        rows = [row for row, _ in reminding]
        drafts = [{"recipient": name, "case_reference": row["case"], "kind": row["kind"],
                   "due": date.fromisoformat(row["due"]), "days_before": days,
                   "text": _reminder_text(row)}
                  for (row, days), names in zip(reminding, self.recipients(rows, today))
                  for name in names]
        with self._lock:
            return outbox.queue(self.ctx.engine, drafts, now)

    def _reminder_offsets(self, authority: str) -> dict[str, list[int]]:
        """The authority's reminder thresholds (its policy pack's, or the defaults)."""
        policy = self.ctx.policy(self.ctx.authority(authority))
        configured = dict(policy.settings.get("reminders") or {})
        configured.setdefault("default", list(DEFAULT_REMINDERS))
        return {kind: [int(n) for n in days] for kind, days in configured.items()}

    def send_reminders(self) -> int:
        """Sends the unsent reminders when a mailer is configured; returns how many were sent."""
        if self.mailer is None:
            return 0
        sent = 0
        for row in outbox.unsent(self.ctx.engine):
            contact = contact_of(self.ctx, row["recipient"])
            self.mailer.send(contact.get("email") or row["recipient"],
                             f"Deadline reminder: {row['case_reference']}", row["text"])
            outbox.mark_sent(self.ctx.engine, row["id"], self.ctx.clock.now())
            sent += 1
        return sent

    def run_due(self, now: datetime) -> dict[str, int]:
        """Everything time brings by `now`: the clusters' A3s due for the coming board meetings,
        passed deadlines recorded, reminders queued and sent."""
        from scc.application.support_clusters import schedule_a3_deadlines
        with self._lock:
            schedule_a3_deadlines(self.ctx, london_date(now))
        return {"deadlines_recorded": self.fire_due(now),
                "reminders_queued": self.queue_reminders(now),
                "reminders_sent": self.send_reminders()}


def _record_passed(case: ConcernCase, kinds: Iterable[str], today: date) -> int:
    return [case.record_deadline_passed(kind, today, SYSTEM) for kind in kinds].count(True)


def _open_between(first: date, before: date) -> Any:
    d = t.deadlines.c
    return deadline_rows().where(d.met_on.is_(None), d.passed_on.is_(None),
                                  d.case_open.is_(True), d.due >= first, d.due < before)


def deadline_label(kind: str) -> str:
    """What a deadline is, in words: 'the action plan is due'."""
    power = kind.removeprefix("intervention-window-")
    label = LABELS.get(family(kind)) or next(
        (words for prefix, words in PREFIX_LABELS if kind.startswith(prefix)), kind)
    return label.format(power=power)


def _reminder_text(row: dict[str, Any]) -> str:
    # A case's reference is URN-n; a visit's, meeting's, plan's or bid's has a letter after the
    # dash (URN-V1, URN-M1, URN-P1, URN-B1, URN-S1).
    record = "case" if row["case"].partition("-")[2].isdigit() else "record"
    if row["urn"] is None:  # a cluster's A3
        return (f"{row['school']} ({row['authority']}): the {deadline_label(row['kind'])} on "
                f"{date.fromisoformat(row['due']):%A %d %B %Y}; {days_text(row)}.")
    return (f"{row['school']} (URN {row['urn']}, {record} {row['case']}): the "
            f"{deadline_label(row['kind'])} on {date.fromisoformat(row['due']):%A %d %B %Y}; "
            f"{days_text(row)}.")


def days_text(row: dict[str, Any]) -> str:
    """'3 working days left', '12 days left', 'today is the last day', 'overdue by 2 days'."""
    left, unit = row["days_left"], row["unit"]
    if left == 0:
        return "today is the last day"
    count = abs(left)
    noun = unit if count != 1 else unit.removesuffix("s")
    return f"{count} {noun} left" if left > 0 else f"overdue by {count} {noun}"
