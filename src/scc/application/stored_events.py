"""The events of several records of one kind read at once: a page over many schools or cases that
needs a few events of each (the support logged on each plan, the bundles exported of each case)
asks the store once, where loading each record asks it once or twice per record."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from scc.application.context import Context


def events_of(ctx: Context, originator_ids: Collection[UUID], *kinds: str) -> list[Any]:
    """The domain events named `kinds` (an event's class name, e.g. 'SupportLogged') of the
    records `originator_ids`, each record's in the order recorded."""
    if not originator_ids or not kinds:
        return []
    table = ctx.events_table()
    sqlite = table.dialect == "sqlite"
    mark = "?" if sqlite else "%s"
    ids = [a.hex if sqlite else a for a in originator_ids]
    # A topic is 'module:Class.Event'; the suffix names the event whatever its module.
    topics = " OR ".join([f"topic LIKE {mark}"] * len(kinds))
    statement = (f"SELECT originator_id, originator_version, topic, state FROM {table.name} "
                 f"WHERE originator_id IN ({', '.join([mark] * len(ids))}) AND ({topics}) "
                 "ORDER BY originator_id, originator_version")
    with ctx.engine.connect() as conn:
        rows = conn.exec_driver_sql(statement, (*ids, *(f"%.{k}" for k in kinds))).all()
    mapper = ctx.store.mapper
    return [mapper.to_domain_event(StoredEvent(
        originator_id=UUID(str(oid)) if sqlite else oid, originator_version=version,
        topic=topic, state=bytes(state))) for oid, version, topic, state in rows]
