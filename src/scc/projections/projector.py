"""Keeps the read-model tables up to date with the event store.

A command's events are projected in the command's own transaction (the unit of work), from the
events and aggregates in memory, with the position of the last event applied and each aggregate's
last version: a crash leaves all of it or none. The `cases` and `deadlines` rows are written from
the case aggregate itself, so they always equal what the aggregate says.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Recording
from sqlalchemy import Connection, Table, inspect, select
from sqlalchemy.schema import CreateTable

from scc.application.store import EventStore
from scc.audit.chain import audit_chain, sealed_between
from scc.domain.case import ConcernCase
from scc.projections import case_events, register, spans
from scc.projections import tables as t
from scc.projections.rows import Rows
from scc.projections.tables import POSITION

BATCH = 5000
# Tables the handlers only append to: a rebuild writes them out and forgets them every batch.
HISTORY = (t.category_history, t.allocations, t.warning_notices, t.case_events)
READ_MODELS = tuple(t.metadata.sorted_tables)  # sorted once: the sort costs more than a projection
COMMAND_TABLES = (*READ_MODELS, audit_chain)

Progress = Callable[[int, int], None]  # (position reached, last position)


class Projector:
    def __init__(self, store: EventStore, stage_of: Callable[[str], int | None]):
        self.store = store
        self.stage_of = stage_of

    def create_tables(self, conn: Connection) -> bool:
        """Creates the read models. Where an existing table's columns differ from this version's,
        all read models are dropped and recreated, so a new column needs no migration. The outbox
        is not a read model and is kept. True when any read model is new: it needs a rebuild."""
        inspector = inspect(conn)
        missing = [table for table in READ_MODELS if not inspector.has_table(table.name)]
        stale = [table.name for table in READ_MODELS if table not in missing
                 and {c["name"] for c in inspector.get_columns(table.name)} != set(table.c.keys())]
        if stale:
            t.metadata.drop_all(conn)
        t.metadata.create_all(conn)
        t.outbox.create_all(conn)
        if not stale:
            _index_as_declared(conn, [table for table in READ_MODELS if table not in missing])
        return bool(missing or stale)

    def prepare(self, conn: Connection, aggregates: Sequence[Any]) -> Rows:
        """The rows a command's projection will write, with what it compares with already asked
        for: a case's stored deadlines and its current span (a new case has neither). Called
        before the events are inserted, so on PostgreSQL these reads share the insert's round
        trip."""
        rows = Rows(conn, COMMAND_TABLES, backed=True)
        stored = []
        for aggregate in aggregates:
            if isinstance(aggregate, ConcernCase) and aggregate.pending_events:
                reference = aggregate.reference
                if aggregate.pending_events[0].originator_version == 1:
                    rows.none_stored(t.deadlines, reference)
                else:
                    stored += [(t.deadlines, reference), (t.case_spans, reference)]
        rows.read_ahead(*stored)
        return rows

    def project(self, rows: Rows, recordings: Sequence[Recording[Any]],
                aggregates: Sequence[Any], also: Callable[[Rows], None] | None = None) -> None:
        """Applies a command's new events, in its own transaction, from the events and aggregates
        in memory, into the rows `prepare` made; the position moves to the last of them. `also`
        adds the command's other rows (its audit links), to be written with the read models' at
        once."""
        if not recordings:
            return
        touched_cases = set()
        by_id = {aggregate.id: aggregate for aggregate in aggregates}
        for recording in recordings:
            event = recording.domain_event
            _apply(rows, event)
            if isinstance(event, ConcernCase.Event):
                touched_cases.add(event.originator_id)
                case = by_id[event.originator_id]
                case_events.record(rows, case.reference, recording.notification.id, event)
                spans.case_moved(rows, case, event, self.stage_of)
        for aggregate in aggregates:
            if aggregate.id in touched_cases:
                self._write_case(rows, aggregate)
        _write_versions(rows, {a.id: a.version for a in aggregates})
        _move_to(rows, recordings[-1].notification.id)
        if also is not None:
            also(rows)
        rows.flush()

    def catch_up(self, conn: Connection, progress: Progress | None = None) -> int:
        """Applies every stored event after the read models' position (after an upgrade); returns
        how many. Runs inside a unit of work, so no command interleaves."""
        rows = Rows(conn, READ_MODELS, backed=True)
        return self._replay(rows, _position(conn), progress)

    def rebuild(self, conn: Connection, progress: Progress | None = None) -> int:
        """Drops every read model, whatever state it is in, and replays the whole history in
        batches: rows in memory, the history tables appended per batch, the others inserted in
        bulk at the end, secondary indexes built after the load."""
        t.metadata.drop_all(conn)
        for table in t.metadata.sorted_tables:
            conn.execute(CreateTable(table))
        rows = Rows(conn, READ_MODELS, backed=False, write_only=HISTORY)
        applied = self._replay(rows, 0, progress)
        for table in t.metadata.sorted_tables:
            for index in table.indexes:
                index.create(conn)
        return applied

    def _replay(self, rows: Rows, position: int, progress: Progress | None) -> int:
        """Applies the stored events after `position` through the same handlers as `project`;
        the cases' rows come from their aggregates, replayed in memory from the same events."""
        collecting = gc.isenabled()
        gc.disable()  # millions of short-lived, acyclic objects: collecting them costs a fifth
        try:
            return self._replay_all(rows, position, progress)
        finally:
            if collecting:
                gc.enable()

    def _replay_all(self, rows: Rows, position: int, progress: Progress | None) -> int:
        last, applied = self.store.event_count(), 0
        cases: dict[UUID, ConcernCase] = {}
        versions: dict[UUID, int] = {}
        decode, recorder = self.store.mapper.to_domain_event, self.store.recorder
        while notifications := recorder.select_notifications(start=position + 1, limit=BATCH):
            sealed = sealed_between(rows.conn, notifications[0].id, notifications[-1].id)
            for notification in notifications:
                if notification.id not in sealed:
                    # Not recorded through scc (a row written straight into the table): never
                    # projected, so the read models show what the audit chain vouches for, and
                    # `audit verify` names the row.
                    continue
                event = decode(notification)
                versions[event.originator_id] = event.originator_version
                _apply(rows, event)
                if isinstance(event, ConcernCase.Event):
                    case = event.mutate(self._case_before(cases, event))
                    assert case is not None
                    cases[event.originator_id] = case
                    case_events.record(rows, case.reference, notification.id, event)
                    spans.case_moved(rows, case, event, self.stage_of)
            position = notifications[-1].id
            applied += len(notifications)
            rows.flush_write_only()
            if progress:
                progress(position, max(last, position))
        for case in cases.values():
            self._write_case(rows, case)
        _write_versions(rows, versions)
        if applied:
            _move_to(rows, position)
        rows.flush()
        return applied

    def _case_before(self, cases: dict[UUID, ConcernCase], event: Any) -> ConcernCase | None:
        """The case as it stood before `event`: in memory, or (a catch-up starting mid-history)
        loaded from the store."""
        if event.originator_id in cases or event.originator_version == 1:
            return cases.get(event.originator_id)
        case: ConcernCase = self.store.repository.get(event.originator_id,
                                                      version=event.originator_version - 1)
        return case

    def _write_case(self, rows: Rows, case: ConcernCase) -> None:
        rows.replace(
            t.cases, reference=case.reference, id=str(case.id), urn=case.urn,
            school_name=case.school_name, state=case.state, stage=self.stage_of(case.state),
            rule_set=case.rule_set, opened_on=case.opened_on, last_act_on=case.last_act_on,
            is_open=case.is_open, eligible=case.eligibility is not None, version=case.version,
            compliance_outcome=case.compliance_outcome, exercised=json.dumps(
                {power: on.isoformat() for power, on in sorted(case.exercised.items())}),
        )
        # Only the rows that differ from the stored ones are written: a command changes one or
        # two of a case's deadlines, if any.
        stored = {row["kind"]: row for row in rows.select(t.deadlines,
                                                          case_reference=case.reference)}
        for d in case.deadlines.values():
            row = {"case_reference": case.reference, "kind": d["kind"], "urn": case.urn,
                   "authority": None, "cluster": None, "due": d["due"], "rule": d["rule"],
                   "met_on": d["met_on"], "case_open": case.is_open,
                   "passed_on": d.get("passed_on"), "set_by": d.get("set_by")}
            if stored.pop(d["kind"], None) != row:
                rows.replace(t.deadlines, **row)
        for gone in stored.values():
            rows.delete(t.deadlines, gone)


def _position(conn: Connection) -> int:
    query = select(t.positions.c.position).where(t.positions.c.name == POSITION)
    position = conn.execute(query).scalar()
    return 0 if position is None else int(position)


def _move_to(rows: Rows, position: int) -> None:
    rows.replace(t.positions, name=POSITION, position=position)


def _write_versions(rows: Rows, versions: Mapping[UUID, int]) -> None:
    for originator_id, version in versions.items():
        rows.replace(t.versions, originator_id=originator_id.hex, version=version)


def _index_as_declared(conn: Connection, tables: Sequence[Table]) -> None:
    """Gives existing read models this version's indexes: a changed query may need a new one,
    and an index no query uses only slows the writes."""
    inspector = inspect(conn)
    for table in tables:
        present = {str(i["name"]) for i in inspector.get_indexes(table.name)}
        declared = {str(index.name) for index in table.indexes}
        for name in sorted(present - declared):
            if name.startswith("ix_"):
                conn.exec_driver_sql(f'DROP INDEX "{name}"')  # a name the database gave
        for index in table.indexes:
            if index.name not in present:
                index.create(conn)


def _apply(rows: Rows, event: Any) -> None:
    handler = _HANDLERS.get(type(event).__qualname__)
    if handler:
        handler(rows, event)


def _school_registered(rows: Rows, event: Any) -> None:
    rows.insert(t.schools, urn=event.urn, id=str(event.originator_id),
                **_school_columns(event.details), authority=event.authority)


def _school(rows: Rows, event: Any) -> dict[str, Any]:
    school = rows.get(t.schools, id=str(event.originator_id))
    assert school is not None, f"no school row for {event.originator_id}"
    return school


def _school_updated(rows: Rows, event: Any) -> None:
    changes = _school_columns(event.changes)
    if changes:
        rows.update(t.schools, _school(rows, event), **changes)


def _school_columns(details: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in details.items() if k in t.schools.c}


def _ofsted_recorded(rows: Rows, event: Any) -> None:
    school = _school(rows, event)
    latest = school["ofsted_on"]
    if latest is None or event.effective_on >= latest:
        rows.update(t.schools, school, ofsted_outcome=event.outcome, ofsted_on=event.effective_on)


def _case_opened(rows: Rows, event: Any) -> None:
    # By the school's key, unread: opening a case needs nothing else of the school's row.
    rows.set(t.schools, "id", str(event.originator_id), open_case=event.reference)


def _case_ended(rows: Rows, event: Any) -> None:
    rows.set(t.schools, "id", str(event.originator_id), open_case=None)


def _user_added(rows: Rows, event: Any) -> None:
    rows.insert(t.users, name=event.name, id=str(event.originator_id), role=event.user_role,
                authority=event.authority)


def _user(rows: Rows, event: Any) -> dict[str, Any]:
    user = rows.get(t.users, id=str(event.originator_id))
    assert user is not None, f"no user row for {event.originator_id}"
    return user


def _user_role_changed(rows: Rows, event: Any) -> None:
    rows.update(t.users, _user(rows, event), role=event.user_role)


def _authorities_granted(rows: Rows, event: Any) -> None:
    rows.update(t.users, _user(rows, event), granted=",".join(event.codes) or None)


def _authority_registered(rows: Rows, event: Any) -> None:
    rows.insert(t.authorities, code=event.code, id=str(event.originator_id), name=event.name,
                council=event.council, policy=event.policy, jurisdiction=event.jurisdiction,
                original=event.original)


def _authority_policy_changed(rows: Rows, event: Any) -> None:
    authority = rows.get(t.authorities, id=str(event.originator_id))
    assert authority is not None, f"no authority row for {event.originator_id}"
    rows.update(t.authorities, authority, policy=event.policy)


def _closure_added(rows: Rows, event: Any) -> None:
    """A closure day of an authority; one of the calendar kept before authorities existed
    belongs to the original authority (authority NULL)."""
    authority = rows.get(t.authorities, id=str(event.originator_id))
    rows.insert(t.closure_days, calendar=str(event.originator_id), day=event.day,
                reason=event.reason, authority=authority["code"] if authority else None)


_HANDLERS: dict[str, Callable[[Rows, Any], None]] = {
    "School.Registered": _school_registered,
    "School.DetailsUpdated": _school_updated,
    "School.OfstedJudgementRecorded": _ofsted_recorded,
    "School.CaseOpened": _case_opened,
    "School.CaseEnded": _case_ended,
    "User.Added": _user_added,
    "User.RoleChanged": _user_role_changed,
    "User.AuthoritiesGranted": _authorities_granted,
    "Authority.Registered": _authority_registered,
    "Authority.ClosureDayAdded": _closure_added,
    "Authority.PolicyChanged": _authority_policy_changed,
    "AuthorityCalendar.ClosureDayAdded": _closure_added,
}
_HANDLERS.update(register.HANDLERS)
