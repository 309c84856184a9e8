"""The database schema: the library's event and snapshot tables, the audit chain and the read
models, created once and checked cheaply on every start.

Each start reads one stamp (a digest of every table's columns and indexes in this version); only
when it differs (a new database, an upgrade) are the tables created or reshaped, under a lock so
that several processes starting together on one PostgreSQL database take turns (the library's
CREATE statements fail when run concurrently), and the read models caught up in the same unit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from hashlib import sha256
from typing import TYPE_CHECKING

from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, delete, insert, select
from sqlalchemy.exc import DBAPIError

from scc.application.store import EventStore
from scc.application.unit import UnitOfWork
from scc.audit.chain import create_table, last_link
from scc.audit.chain import metadata as chain_metadata
from scc.projections import tables

if TYPE_CHECKING:
    from scc.projections.projector import Projector

SCHEMA_LOCK = 0x5CC_0001  # the advisory lock that names "creating the scc schema"

stamps = MetaData()
stamp_table = Table("scc_schema", stamps, Column("stamp", String(64), primary_key=True))


def schema_stamp() -> str:
    shapes = []
    for metadata in (chain_metadata, tables.metadata, tables.outbox):
        for table in metadata.sorted_tables:
            shapes.append((table.name, [(c.name, str(c.type)) for c in table.c],
                           sorted(str(i.name) for i in table.indexes)))
    return sha256(repr(shapes).encode()).hexdigest()


def is_current(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            return conn.execute(select(stamp_table.c.stamp)).scalar() == schema_stamp()
    except DBAPIError:  # no stamp table yet: a new database
        return False


def open_store(engine: Engine, env: dict[str, str],
               projector_for: Callable[[EventStore], Projector]) -> EventStore:
    """The event store, with the schema made current first if it is not (only then is a
    projector made here: its module imports every aggregate, which a reading command skips)."""
    if is_current(engine):
        return EventStore(env=env | {"CREATE_TABLE": "n"})
    with schema_lock(engine):
        store = EventStore(env=env)
        projector = projector_for(store)
        with unit_for(engine, store).begin() as conn:
            create_table(conn)
            if projector.create_tables(conn):  # new or reshaped: replayed in batches
                projector.rebuild(conn)
            elif _read_models_behind(conn):
                projector.catch_up(conn)
            stamps.create_all(conn)
            conn.execute(delete(stamp_table))
            conn.execute(insert(stamp_table).values(stamp=schema_stamp()))
    return store


def unit_for(engine: Engine, store: EventStore) -> UnitOfWork:
    return UnitOfWork(engine, store.recorder.events_table_name)  # type: ignore[attr-defined]


def _read_models_behind(conn: Connection) -> bool:
    """True after an upgrade or a change of read-model shape: every sealed event is projected in
    its own transaction, so otherwise the read models are never behind the audit chain's head
    (and an unsealed row after it, which no command wrote, must not be projected)."""
    head = last_link(conn)
    position = conn.execute(select(tables.positions.c.position)
                            .where(tables.positions.c.name == tables.POSITION)).scalar()
    return head is not None and (position or 0) < head.notification_id


@contextmanager
def schema_lock(engine: Engine) -> Iterator[None]:
    """On PostgreSQL a session advisory lock; on SQLite the unit of work that makes the schema
    already holds the database's write lock."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({SCHEMA_LOCK})")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({SCHEMA_LOCK})")
            conn.commit()
