"""What every service needs: the event store, the read models, the clock, the rules, and the
authorities with their policy packs and calendars.

`save` is the one way anything is written: in one transaction (the unit of work) the aggregates'
new events are inserted, sealed into the audit chain and projected into the read models from the
events in memory, so a crash leaves all of it or none of it. Optimistic concurrency (the store's
unique version per aggregate) turns a race into ConcurrentChange.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from sqlalchemy import Engine, select

from scc.application.permissions import authorise
from scc.application.store import EventStore
from scc.application.unit import UnitOfWork
from scc.audit.chain import EventsTable, sealing
from scc.calendar import WorkingDayCalendar
from scc.clock import Clock
from scc.domain import ids
from scc.domain.errors import ConcurrentChange, InvalidInput, NotFound, NotPermitted
from scc.domain.values import Actor, Role
from scc.policy_packs import load_policy
from scc.projections.queries import authority_of
from scc.projections.tables import authorities, schools, users, versions
from scc.rules import RuleBook, load_rule_book

if TYPE_CHECKING:
    from scc.domain.authority import Authority
    from scc.policy import Policy
    from scc.projections.projector import Projector

A = TypeVar("A")

SYSTEM = Actor("system", Role.SYSTEM)
_VERSION_OF = {dialect: f"SELECT version FROM {versions.name} WHERE originator_id = {mark}"
               for dialect, mark in (("sqlite", "?"), ("postgresql", "%s"))}
# How many aggregates a process keeps as its own commands saved them (a case or a school is a few
# kilobytes): enough for the cases and schools of an authority's current work.
KEEP = 1000


@dataclass(frozen=True)
class Looked:
    """The version of each record's last stored event (None: it has none), as one look-up found
    them at the start of a command (`Context.look`). Only that command uses it: a later one
    looks again."""

    versions: dict[UUID, int | None]

    def covers(self, aggregate_ids: Sequence[UUID]) -> bool:
        return all(a in self.versions for a in aggregate_ids)


@dataclass
class Context:
    store: EventStore
    engine: Engine
    projector_for: Callable[[EventStore], Projector]
    clock: Clock
    default_policy: str  # SCC_POLICY: the original authority's pack (recorded once; checked at serve)
    unit: UnitOfWork
    _references: dict[UUID, Any] = field(default_factory=dict)
    _kept: dict[UUID, tuple[int, Any]] = field(default_factory=dict)
    _keeping: threading.Lock = field(default_factory=threading.Lock)  # the web's threads share it
    _original: str | None = None
    _held: dict[str, str] = field(default_factory=dict)
    # Each case's deadline facts with the case version they were read at (deadline_list.py):
    # one store for every deadline list of the process (the web's and the scheduler's threads).
    case_facts: dict[str, tuple[int, Any]] = field(default_factory=dict)
    case_facts_lock: threading.Lock = field(default_factory=threading.Lock)
    # Each authority's pack with its letterhead, by (authority id, version), with the pack read.
    _policies: dict[tuple[UUID, int], tuple[Policy, Policy]] = field(default_factory=dict)
    _legacy_closures: dict[date, str] | None = None
    # Where uploaded evidence files are kept (SCC_FILES_DIR) and the largest taken (issue 15).
    files: Path = Path("var") / "files"
    upload_limit_bytes: int = 10 * 1_048_576

    @property
    def rules(self) -> RuleBook:
        """The rule sets, parsed on the first use in a process (a listing or a calendar question
        needs none, and parsing them costs about 25 ms of CPU)."""
        return load_rule_book()

    @cached_property
    def projector(self) -> Projector:
        """Made on the first write or rebuild: its module imports every aggregate class, which a
        command that only reads the read models never needs."""
        return self.projector_for(self.store)

    def save(self, *aggregates: Any) -> None:
        # On PostgreSQL the unit is a pipeline: the lock, the seal's and the projection's reads
        # and the insert go to the server in one round trip, the writes and COMMIT in another.
        with self.unit.begin(pipeline=True) as conn:
            seal = sealing(conn, [a.id for a in aggregates])
            rows = self.projector.prepare(conn, aggregates)
            try:
                recordings = self.store.save(*aggregates, connection=conn)
            except IntegrityError:
                raise ConcurrentChange(
                    "Someone else changed this record at the same moment; nothing was written. "
                    "Look at it again and repeat the command if it is still needed."
                ) from None
            notifications = [r.notification for r in recordings]
            self.projector.project(rows, recordings, aggregates,
                                   also=lambda into: seal(notifications, into))
            self.unit.commit(conn)
        self._keep(aggregates)
        self.store.snapshot(recordings)

    def events_table(self) -> EventsTable:
        """The library's table of stored events, for the audit's raw reads."""
        name = getattr(self.store.recorder, "events_table_name", "stored_events")
        return EventsTable(name, self.engine.dialect.name)

    def get(self, aggregate_id: UUID, kind: type[A], missing: str,
            looked: Looked | None = None) -> A:
        """The aggregate as last recorded: the one this process last saved when nothing has been
        recorded for it since, else replayed from the store. The caller owns what it gets (it
        may change it and never save it), so a kept aggregate is handed out once."""
        found: A = self.get_many((aggregate_id, kind, missing), looked=looked)[0]
        return found

    def get_many(self, *wanted: tuple[UUID, type[Any], str],
                 looked: Looked | None = None) -> list[Any]:
        """Several aggregates (id, kind, message if missing), as `get` gets each: the kept ones
        are checked against the store in one look-up, or against what `looked` found."""
        with self._keeping:
            kept = [self._kept.pop(aggregate_id, None) for aggregate_id, _, _ in wanted]
        keeping = [a for (a, _, _), k in zip(wanted, kept) if k is not None]
        stored = (looked.versions if looked is not None and looked.covers(keeping)
                  else self._last_stored(keeping))
        found = []
        for (aggregate_id, kind, missing), k in zip(wanted, kept):
            # A kept aggregate stands if nothing changed it in memory since its commit (an act
            # taken and then not saved moves its version) and its last stored event is the one
            # committed: the events table itself is asked, so a row written into it by anything
            # but scc is replayed and refused by the seal, as without the keeping.
            aggregate = k[1] if k is not None and k[1].version == k[0] == stored.get(
                aggregate_id) else None
            if aggregate is None:
                try:
                    aggregate = self.store.repository.get(aggregate_id)
                except AggregateNotFoundError:
                    raise NotFound(missing) from None
            if not isinstance(aggregate, kind):
                raise NotFound(missing)
            found.append(aggregate)
        return found

    def kept_value(self, aggregate_id: UUID, name: str) -> Any | None:
        """An attribute of the kept aggregate that never changes once recorded (a case's URN),
        unchecked: to know which other aggregate a command will need with it."""
        with self._keeping:
            kept = self._kept.get(aggregate_id)
        return None if kept is None else getattr(kept[1], name, None)

    def give_back(self, aggregate: Any) -> None:
        """Keeps an aggregate a command read and left unchanged (a case's school), as if saved:
        the next command on it is checked against the store like any kept one."""
        if not aggregate.pending_events:
            self._keep([aggregate])

    def _keep(self, aggregates: Sequence[Any]) -> None:
        """Keeps the aggregates a command has just committed, each with the version committed."""
        with self._keeping:
            for aggregate in aggregates:
                self._kept.pop(aggregate.id, None)
                self._kept[aggregate.id] = (aggregate.version, aggregate)
            while len(self._kept) > KEEP:  # the longest unused goes first
                del self._kept[next(iter(self._kept))]

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.store.repository

    def look(self, user: str | None, *aggregate_ids: UUID, urn: str | None = None) -> Looked:
        """What the store holds, at once, of the records a command will check: its user, these
        aggregates and (`urn`) the school's authority, when this process already knows which it
        is (`held_by` reads every school the first time: a one-command process would pay more
        for it than the look-up saves). One look-up where each would be one (on PostgreSQL a
        round trip each)."""
        wanted = [*aggregate_ids]
        if user:
            wanted.append(ids.user_id(user))
        if urn is not None and (code := self._held.get(urn)):
            wanted.append(ids.authority_id(code))
        return Looked(dict.fromkeys(wanted) | self._last_stored(wanted))

    def actor(self, name: str | None, action: str, looked: Looked | None = None) -> Actor:
        """The named user as an Actor, once their role is known to allow the action."""
        if not name:
            raise NotPermitted("Say who is acting: --as NAME or the SCC_USER setting.")
        user = self._reference(ids.user_id(name), looked)
        if user is None:
            raise NotPermitted(f"There is no user called '{name}'.")
        if not user.active:
            raise NotPermitted(f"{user.name} has been deactivated and can no longer act; an "
                               "administrator can reactivate them.")
        codes = frozenset(c for c in (user.authority or self.original_code(), *user.granted) if c)
        actor = Actor(user.name, Role(user.user_role), codes)
        authorise(actor, action)
        return actor

    def user(self, name: str) -> Any:
        """The named user as last recorded (shared: read, never change it)."""
        user = self._reference(ids.user_id(name))
        if user is None:
            raise NotFound(f"There is no user called '{name}'.")
        return user

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

    def authority(self, code: str | None, looked: Looked | None = None) -> Authority:
        """The authority with LA code `code`; None is the original authority (the owner of
        everything recorded before authorities existed)."""
        code = code or self.original_code()
        found = self._reference(ids.authority_id(code), looked) if code else None
        if found is None:
            raise NotFound(f"There is no authority with LA code {code}; see scc authority list.")
        return found  # type: ignore[no-any-return]

    def original_code(self) -> str | None:
        """The LA code of the deployment's original authority (recorded once, never changed)."""
        if self._original is None:
            with self.engine.connect() as conn:
                self._original = conn.execute(select(authorities.c.code).where(
                    authorities.c.original.is_(True))).scalar()
        return self._original

    def policy(self, authority: Authority) -> Policy:
        """The authority's policy pack, with its own letterhead and signatory: made once per
        version of the authority and reading of its pack (a command asks for it several times)."""
        pack = load_policy(authority.policy)
        key = (authority.id, authority.version)
        made = self._policies.get(key)
        if made is None or made[0] is not pack:
            made = self._policies[key] = (pack, dataclasses.replace(
                pack, authority=authority.council, address=tuple(authority.letterhead),
                signatory=dict(authority.signatory)))
        return made[1]

    def authority_of(self, school: Any, looked: Looked | None = None) -> Authority:
        """The authority a school (or its case, visit or meeting) belongs to."""
        return self.authority(school.authority, looked)

    def authority_at(self, urn: str) -> Authority:
        """The authority of the school with URN `urn`."""
        return self.authority(self.held_by(urn))

    def held_by(self, urn: str) -> str | None:
        """The LA code of the authority that holds the school `urn` (None: no such school). A
        school's authority never changes once recorded, so what is read is kept per process:
        every school at the first asking, then each school registered since."""
        if not self._held:
            self._held.update(self._holders(None))
        if urn not in self._held:
            self._held.update(self._holders(urn))
        return self._held.get(urn)

    def _holders(self, urn: str | None) -> dict[str, str]:
        query = select(schools.c.urn, authority_of(schools.c.authority))
        with self.engine.connect() as conn:
            rows = conn.execute(query if urn is None else query.where(schools.c.urn == urn))
            return {found: code for found, code in rows if code is not None}

    def policy_of(self, school: Any) -> Policy:
        return self.policy(self.authority_of(school))

    def calendar(self, variant: str, authority: Authority) -> WorkingDayCalendar:
        """Working days of the authority: the statutory calendar less its closure days (for the
        original authority, with those recorded before authorities existed)."""
        return WorkingDayCalendar(variant, self.closures(authority) or None)

    def closures(self, authority: Authority) -> dict[date, str]:
        """The authority's closure days (for the original authority, with those recorded
        before authorities existed)."""
        closures = dict(authority.closures)
        if authority.original:
            if self._legacy_closures is None:  # nothing writes that calendar now: read it once
                legacy = self._reference(ids.AUTHORITY_CALENDAR_ID)
                self._legacy_closures = dict(legacy.closures) if legacy is not None else {}
            closures.update(self._legacy_closures)
        return closures

    def _reference(self, aggregate_id: UUID, looked: Looked | None = None) -> Any | None:
        """Users and authorities, read by every command and rarely changed: kept per
        process, and read again from the store only when the version the read models record for
        them (or the store, as `looked` found it) has moved (that version is written in the
        events' own transaction)."""
        version = (looked.versions[aggregate_id] if looked is not None
                   and looked.covers([aggregate_id]) else self._stored_version(aggregate_id))
        if version is None:
            return None
        cached = self._references.get(aggregate_id)
        if cached is None or cached.version != version:
            cached = self._references[aggregate_id] = self.store.repository.get(aggregate_id)
        return cached

    def _stored_version(self, aggregate_id: UUID) -> int | None:
        """The aggregate's last version as the read models record it."""
        found = self._ask_all(_VERSION_OF[self.engine.dialect.name], [aggregate_id.hex])
        return int(found[0][0]) if found else None

    def _last_stored(self, aggregate_ids: list[UUID]) -> dict[UUID, int]:
        """The version of each aggregate's last event in the events table (one look-up)."""
        if not aggregate_ids:
            return {}
        table = self.events_table()
        found = self._ask_all(
            f"SELECT originator_id, MAX(originator_version) FROM {table.name} "
            f"WHERE originator_id IN ({table.marks(len(aggregate_ids))}) GROUP BY originator_id",
            [table.stored_id(a) for a in aggregate_ids])
        return {table.read_id(oid): int(version) for oid, version in found}

    def _ask_all(self, statement: str, values: list[Any]) -> list[Any]:
        """The rows `statement` finds. This runs several times in every command, so it is plain
        SQL on the driver's connection (half the cost of a SQLAlchemy Connection), and on
        PostgreSQL outside a transaction (one round trip, not three); SQLite opens no
        transaction for a SELECT anyway."""
        pooled = self.engine.raw_connection()
        driver: Any = pooled.driver_connection
        postgres = self.engine.dialect.name == "postgresql"
        try:
            if postgres:
                driver.autocommit = True
            cursor = driver.cursor()
            cursor.execute(statement, values)
            found = list(cursor.fetchall())
            cursor.close()
        finally:
            if postgres:
                driver.autocommit = False
            pooled.close()
        return found
