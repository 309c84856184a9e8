"""Keeps the read-model tables up to date with the event store.

A command's events are projected in the command's own transaction (the unit of work), from the
events and aggregates in memory, with the position of the last event applied and each aggregate's
last version: a crash leaves all of it or none. The `cases` and `deadlines` rows are written from
the case aggregate itself, so they always equal what the aggregate says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Recording
from sqlalchemy import Connection, delete, insert, inspect, select, update

from scc.application.store import EventStore
from scc.domain.case import ConcernCase
from scc.projections import register
from scc.projections import tables as t

BATCH = 1000
POSITION = "read-models"


class Projector:
    def __init__(self, store: EventStore, stage_of: Callable[[str], int | None]):
        self.store = store
        self.stage_of = stage_of

    def create_tables(self, conn: Connection) -> None:
        """Creates the read models. Where an existing table's columns differ from this version's,
        all read models are dropped and recreated: the catch-up that follows rebuilds them from the
        events, so a new column needs no migration. The outbox is not a read model and is kept."""
        inspector = inspect(conn)
        stale = [table.name for table in t.metadata.sorted_tables
                 if inspector.has_table(table.name)
                 and {c["name"] for c in inspector.get_columns(table.name)} != set(table.c.keys())]
        if stale:
            t.metadata.drop_all(conn)
        t.metadata.create_all(conn)
        t.outbox.create_all(conn)

    def project(self, conn: Connection, recordings: Sequence[Recording[Any]],
                aggregates: Sequence[Any]) -> None:
        """Applies a command's new events, in its own transaction, from the events and aggregates
        in memory; the position moves to the last of them."""
        if not recordings:
            return
        touched_cases = set()
        for recording in recordings:
            event = recording.domain_event
            self._apply(conn, event)
            if isinstance(event, ConcernCase.Event):
                touched_cases.add(event.originator_id)
        for aggregate in aggregates:
            if aggregate.id in touched_cases:
                self._write_case(conn, aggregate)
        self._write_versions(conn, {a.id: a.version for a in aggregates})
        self._move_to(conn, recordings[-1].notification.id)

    def catch_up(self, conn: Connection) -> int:
        """Applies every stored event after the read models' position (after an upgrade, or a
        rebuild); returns how many. Runs inside a unit of work, so no command interleaves."""
        applied = 0
        position = self._position(conn)
        while notifications := self.store.recorder.select_notifications(
                start=position + 1, limit=BATCH):
            touched_cases: dict[UUID, int] = {}
            versions: dict[UUID, int] = {}
            for notification in notifications:
                domain_event = self.store.mapper.to_domain_event(notification)
                versions[domain_event.originator_id] = domain_event.originator_version
                if isinstance(domain_event, ConcernCase.Event):
                    touched_cases[domain_event.originator_id] = domain_event.originator_version
                self._apply(conn, domain_event)
            for case_id, version in touched_cases.items():
                self._write_case(conn, self.store.repository.get(case_id, version=version))
            self._write_versions(conn, versions)
            position = notifications[-1].id
            applied += len(notifications)
            self._move_to(conn, position)
        return applied

    def rebuild(self, conn: Connection) -> int:
        """Drops every read model, whatever state it is in, and replays the whole history."""
        t.metadata.drop_all(conn)
        t.metadata.create_all(conn)
        return self.catch_up(conn)

    def _position(self, conn: Connection) -> int:
        query = select(t.positions.c.position).where(t.positions.c.name == POSITION)
        position = conn.execute(query).scalar()
        return 0 if position is None else int(position)

    def _move_to(self, conn: Connection, position: int) -> None:
        moved = conn.execute(update(t.positions).where(t.positions.c.name == POSITION)
                             .values(position=position))
        if not moved.rowcount:
            conn.execute(insert(t.positions).values(name=POSITION, position=position))

    def _write_versions(self, conn: Connection, versions: Mapping[UUID, int]) -> None:
        ids = [i.hex for i in versions]
        conn.execute(delete(t.versions).where(t.versions.c.originator_id.in_(ids)))
        conn.execute(insert(t.versions), [{"originator_id": i.hex, "version": v}
                                          for i, v in versions.items()])

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
