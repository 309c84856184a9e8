"""The events of several records of one kind read at once: a page over many schools or cases that
needs a few events of each (the support logged on each plan, the bundles exported of each case),
or each of many short-lived records (the board's support bids), asks the store once, where
loading each record asks it once or twice per record."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from scc.application.context import Context
from scc.application.store import replay
from scc.projections.queries import chunks

A = TypeVar("A")


def events_of(ctx: Context, originator_ids: Collection[UUID], *kinds: str) -> list[Any]:
    """The domain events named `kinds` (an event's class name, e.g. 'SupportLogged'; none named:
    every event) of the records `originator_ids`, each record's in the order recorded."""
    if not originator_ids:
        return []
    table = ctx.events_table()
    ids = [table.stored_id(a) for a in originator_ids]
    # A topic is 'module:Class.Event'; the suffix names the event whatever its module.
    topics = f" AND ({' OR '.join([f'topic LIKE {table.marks(1)}'] * len(kinds))})" if kinds else ""
    rows: list[Any] = []
    with ctx.engine.connect() as conn:
        # In batches: a statement names at most so many records (the databases' limits); each
        # record is in one batch, so its events stay together and in order.
        for batch in chunks(ids):
            statement = (f"SELECT originator_id, originator_version, topic, state FROM "
                         f"{table.name} WHERE originator_id IN ({table.marks(len(batch))})"
                         f"{topics} ORDER BY originator_id, originator_version")
            rows += conn.exec_driver_sql(statement, (*batch, *(f"%.{k}" for k in kinds))).all()
    mapper = ctx.store.mapper
    return [mapper.to_domain_event(StoredEvent(
        originator_id=table.read_id(oid), originator_version=version,
        topic=topic, state=bytes(state))) for oid, version, topic, state in rows]


def replayed(ctx: Context, originator_ids: Collection[UUID], kind: type[A]) -> dict[UUID, A]:
    """Each of the records `originator_ids` (of `kind`; one with no events is left out) as its
    events make it, from one read of the store. For short-lived records only (a support bid has
    a few dozen events): it reads every event, where loading one record starts from its
    snapshot."""
    streams: dict[UUID, list[Any]] = {}
    for found in events_of(ctx, originator_ids):
        streams.setdefault(found.originator_id, []).append(found)
    made = {originator: replay(None, events) for originator, events in streams.items()}
    return {originator: record for originator, record in made.items() if isinstance(record, kind)}
