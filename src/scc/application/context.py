"""What every service needs: the event store, the read models, the clock, the rules and policy.

`save` is the one way anything is written: in one transaction (the unit of work) the aggregates'
new events are inserted, sealed into the audit chain and projected into the read models from the
events in memory, so a crash leaves all of it or none of it. Optimistic concurrency (the store's
unique version per aggregate) turns a race into ConcurrentChange.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from sqlalchemy import Engine, select

from scc.application.permissions import authorise
from scc.application.store import EventStore
from scc.application.unit import UnitOfWork
from scc.audit.chain import EventsTable, seal
from scc.calendar import WorkingDayCalendar
from scc.clock import Clock
from scc.domain import ids
from scc.domain.authority import AuthorityCalendar
from scc.domain.errors import ConcurrentChange, InvalidInput, NotFound, NotPermitted
from scc.domain.values import Actor, Role
from scc.policy import Policy
from scc.projections.projector import Projector
from scc.projections.tables import users, versions
from scc.rules import RuleBook

A = TypeVar("A")

SYSTEM = Actor("system", Role.SYSTEM)
_VERSION_OF = {dialect: f"SELECT version FROM {versions.name} WHERE originator_id = {mark}"
               for dialect, mark in (("sqlite", "?"), ("postgresql", "%s"))}


@dataclass
class Context:
    store: EventStore
    engine: Engine
    projector: Projector
    clock: Clock
    rules: RuleBook
    policy: Policy
    unit: UnitOfWork
    _references: dict[UUID, Any] = field(default_factory=dict)

    def save(self, *aggregates: Any) -> None:
        with self.unit.begin() as conn:
            try:
                recordings = self.store.save(*aggregates, connection=conn)
            except IntegrityError:
                raise ConcurrentChange(
                    "Someone else changed this record at the same moment; nothing was written. "
                    "Look at it again and repeat the command if it is still needed."
                ) from None
            seal(conn, [r.notification for r in recordings])
            self.projector.project(conn, recordings, aggregates)
        self.store.snapshot(recordings)

    def events_table(self) -> EventsTable:
        """The library's table of stored events, for the audit's raw reads."""
        name = getattr(self.store.recorder, "events_table_name", "stored_events")
        return EventsTable(name, self.engine.dialect.name)

    def get(self, aggregate_id: UUID, kind: type[A], missing: str) -> A:
        try:
            aggregate: Any = self.store.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(missing) from None
        if not isinstance(aggregate, kind):
            raise NotFound(missing)
        return aggregate

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.store.repository

    def actor(self, name: str | None, action: str) -> Actor:
        """The named user as an Actor, once their role is known to allow the action."""
        if not name:
            raise NotPermitted("Say who is acting: --as NAME or the SCC_USER setting.")
        user = self._reference(ids.user_id(name))
        if user is None:
            raise NotPermitted(f"There is no user called '{name}'.")
        actor = Actor(user.name, Role(user.user_role))
        authorise(actor, action)
        return actor

    def user_exists(self, name: str) -> bool:
        return self.exists(ids.user_id(name))

    def any_user(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(users.c.name).limit(1)).first() is not None

    def act_date(self, on: date) -> date:
        """The date of a real act: it cannot lie in the future."""
        if on > self.clock.today():
            raise InvalidInput(
                f"{on.isoformat()} is in the future (today is {self.clock.today().isoformat()}); "
                "record an act on or after the day it happens."
            )
        return on

    def calendar(self, variant: str) -> WorkingDayCalendar:
        calendar = self.authority_calendar()
        return WorkingDayCalendar(variant, calendar.closures if calendar else None)

    def authority_calendar(self) -> AuthorityCalendar | None:
        calendar = self._reference(ids.AUTHORITY_CALENDAR_ID)
        return None if calendar is None else copy.deepcopy(calendar)  # the caller may change it

    def _reference(self, aggregate_id: UUID) -> Any | None:
        """Users and the authority calendar, read by every command and rarely changed: kept per
        process, and read again from the store only when the version the read models record for
        them has moved (that version is written in the events' own transaction)."""
        # Plain SQL, and on PostgreSQL outside a transaction (one round trip, not three): this
        # runs twice in every command. SQLite opens no transaction for a SELECT anyway.
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            version = conn.exec_driver_sql(_VERSION_OF[conn.dialect.name],
                                           (aggregate_id.hex,)).scalar()
        if version is None:
            return None
        cached = self._references.get(aggregate_id)
        if cached is None or cached.version != version:
            cached = self._references[aggregate_id] = self.store.repository.get(aggregate_id)
        return cached
