"""Keeps the read-model tables up to date with the event store.

Rows and the position of the last event applied are written in one SQL transaction, so a crash
never skips or repeats an event. Cases are re-read from their own events at the version reached,
so the `cases` and `deadlines` rows always equal what the aggregate says.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, delete, insert, inspect, select, update

from scc.application.store import EventStore
from scc.domain.case import ConcernCase
from scc.projections import register
from scc.projections import tables as t

BATCH = 1000
POSITION = "read-models"


class Projector:
    def __init__(self, store: EventStore, engine: Engine, stage_of: Callable[[str], int | None]):
        self.store = store
        self.engine = engine
        self.stage_of = stage_of
        # The web app's request threads and the scheduler's thread share one projector: on SQLite
        # nothing else stops two of them applying the same events at once.
        self._lock = threading.Lock()

    def create_tables(self) -> None:
        """Creates the read models. Where an existing table's columns differ from this version's,
        all read models are dropped and recreated: the catch-up that follows rebuilds them from the
        events, so a new column needs no migration. The outbox is not a read model and is kept."""
        inspector = inspect(self.engine)
        stale = [table.name for table in t.metadata.sorted_tables
                 if inspector.has_table(table.name)
                 and {c["name"] for c in inspector.get_columns(table.name)} != set(table.c.keys())]
        if stale:
            t.metadata.drop_all(self.engine)
        t.metadata.create_all(self.engine)
        t.outbox.create_all(self.engine)

    def catch_up(self, fresh: Mapping[UUID, Any] | None = None) -> int:
        """Applies every event recorded since the last catch-up; returns how many. `fresh` holds
        aggregates just saved by this process, which spares re-reading them from the store."""
        fresh = fresh or {}
        applied = 0
        with self._lock, self.engine.begin() as conn:
            position = self._position(conn)
            while True:
                notifications = self.store.recorder.select_notifications(
                    start=position + 1, limit=BATCH
                )
                if not notifications:
                    break
                touched_cases: dict[UUID, int] = {}
                for notification in notifications:
                    domain_event = self.store.mapper.to_domain_event(notification)
                    if isinstance(domain_event, ConcernCase.Event):
                        touched_cases[domain_event.originator_id] = domain_event.originator_version
                    self._apply(conn, domain_event)
                for case_id, version in touched_cases.items():
                    case = fresh.get(case_id)
                    if case is None or case.version != version:
                        case = self.store.repository.get(case_id, version=version)
                    self._write_case(conn, case)
                position = notifications[-1].id
                applied += len(notifications)
                if len(notifications) < BATCH:  # that was the last of them: spare a round trip
                    break
            if applied:
                conn.execute(update(t.positions).where(t.positions.c.name == POSITION)
                             .values(position=position))
        return applied

    def rebuild(self) -> int:
        """Empties every read model and replays the whole history into it."""
        with self.engine.begin() as conn:
            for table in reversed(t.metadata.sorted_tables):
                conn.execute(delete(table))
        return self.catch_up()

    def _position(self, conn: Connection) -> int:
        query = select(t.positions.c.position).where(t.positions.c.name == POSITION)
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        position = conn.execute(query).scalar()
        if position is None:
            conn.execute(insert(t.positions).values(name=POSITION, position=0))
            return 0
        return int(position)

    def _apply(self, conn: Connection, event: Any) -> None:
        handler = _HANDLERS.get(type(event).__qualname__)
        if handler:
            handler(conn, event)

    def _write_case(self, conn: Connection, case: ConcernCase) -> None:
        conn.execute(delete(t.cases).where(t.cases.c.reference == case.reference))
        conn.execute(insert(t.cases).values(
            reference=case.reference, id=str(case.id), urn=case.urn, school_name=case.school_name,
            state=case.state, stage=self.stage_of(case.state), rule_set=case.rule_set,
            opened_on=case.opened_on, last_act_on=case.last_act_on, is_open=case.is_open,
            eligible=case.eligibility is not None, version=case.version,
        ))
        conn.execute(delete(t.deadlines).where(t.deadlines.c.case_reference == case.reference))
        rows = [
            {"case_reference": case.reference, "urn": case.urn, "kind": d["kind"], "due": d["due"],
             "rule": d["rule"], "met_on": d["met_on"], "case_open": case.is_open,
             "passed_on": d.get("passed_on"), "set_by": d.get("set_by")}
            for d in case.deadlines.values()
        ]
        if rows:
            conn.execute(insert(t.deadlines), rows)


def _school_registered(conn: Connection, event: Any) -> None:
    conn.execute(insert(t.schools).values(urn=event.urn, id=str(event.originator_id), **_school_columns(event.details)))


def _school_updated(conn: Connection, event: Any) -> None:
    changes = _school_columns(event.changes)
    if changes:
        conn.execute(update(t.schools).where(t.schools.c.id == str(event.originator_id))
                     .values(**changes))


def _school_columns(details: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in details.items() if k in t.schools.c}


def _ofsted_recorded(conn: Connection, event: Any) -> None:
    school = t.schools.c.id == str(event.originator_id)
    latest = conn.execute(select(t.schools.c.ofsted_on).where(school)).scalar()
    if latest is None or event.effective_on >= latest:
        conn.execute(update(t.schools).where(school)
                     .values(ofsted_outcome=event.outcome, ofsted_on=event.effective_on))


def _case_opened(conn: Connection, event: Any) -> None:
    conn.execute(update(t.schools).where(t.schools.c.id == str(event.originator_id))
                 .values(open_case=event.reference))


def _case_ended(conn: Connection, event: Any) -> None:
    conn.execute(update(t.schools).where(t.schools.c.id == str(event.originator_id))
                 .values(open_case=None))


def _user_added(conn: Connection, event: Any) -> None:
    conn.execute(insert(t.users).values(name=event.name, id=str(event.originator_id), role=event.user_role))


def _user_role_changed(conn: Connection, event: Any) -> None:
    conn.execute(update(t.users).where(t.users.c.id == str(event.originator_id))
                 .values(role=event.user_role))


def _closure_added(conn: Connection, event: Any) -> None:
    conn.execute(insert(t.closure_days).values(day=event.day, reason=event.reason))


_HANDLERS: dict[str, Callable[[Connection, Any], None]] = {
    "School.Registered": _school_registered,
    "School.DetailsUpdated": _school_updated,
    "School.OfstedJudgementRecorded": _ofsted_recorded,
    "School.CaseOpened": _case_opened,
    "School.CaseEnded": _case_ended,
    "User.Added": _user_added,
    "User.RoleChanged": _user_role_changed,
    "AuthorityCalendar.ClosureDayAdded": _closure_added,
}
_HANDLERS.update(register.HANDLERS)
