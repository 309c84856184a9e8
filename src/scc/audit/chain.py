"""The hash chains: how an event's stored bytes are hashed, how links are made, and `seal`, which
links every event recorded since the last seal. Rows are read with plain SQL from the library's
own events table, so what is hashed is exactly what is stored."""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import sha256
from typing import Any, Iterator, NamedTuple

from sqlalchemy import (
    BigInteger, Column, Connection, Engine, Index, Integer, LargeBinary, MetaData, String, Table,
    insert, select, text,
)
from sqlalchemy.exc import IntegrityError

GENESIS = bytes(32)
BATCH = 10_000

metadata = MetaData()

audit_chain = Table(
    "audit_chain", metadata,
    Column("notification_id", BigInteger, primary_key=True, autoincrement=False),
    Column("originator_id", String(32), nullable=False),
    Column("originator_version", Integer, nullable=False),
    Column("event_sha256", LargeBinary, nullable=False),
    Column("case_link", LargeBinary, nullable=False),
    Column("store_link", LargeBinary, nullable=False),
    Index("audit_chain_originator", "originator_id", "originator_version", unique=True),
)


class Row(NamedTuple):
    """One stored event as the library stored it (originator id as 32 hex digits)."""

    notification_id: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


class Link(NamedTuple):
    notification_id: int
    originator_id: str
    originator_version: int
    event_sha256: bytes
    case_link: bytes
    store_link: bytes


def event_bytes(topic: str, originator_id: str, version: int, state: bytes) -> bytes:
    """The stored fields, unambiguously joined: topic, id and version cannot contain a newline."""
    return b"%s\n%s\n%d\n%s" % (topic.encode(), originator_id.encode(), version, state)


def event_digest(topic: str, originator_id: str, version: int, state: bytes) -> bytes:
    return sha256(event_bytes(topic, originator_id, version, state)).digest()


def link(previous: bytes, digest: bytes) -> bytes:
    return sha256(previous + digest).digest()


@dataclass(frozen=True)
class EventsTable:
    """The library's events table (`stored_events` on SQLite, `scc_events` on PostgreSQL)."""

    name: str
    dialect: str

    @property
    def _nid(self) -> str:
        return "rowid" if self.dialect == "sqlite" else "notification_id"

    @property
    def _oid(self) -> str:
        # Normalised so both databases hash the same text for the same id.
        if self.dialect == "sqlite":
            return "lower(replace(originator_id, '-', ''))"
        return "replace(originator_id::text, '-', '')"

    def _select(self, where: str, order: str = "") -> Any:
        return text(
            f"SELECT {self._nid}, {self._oid}, originator_version, topic, state FROM {self.name} "
            f"WHERE {where} {order}"
        )

    def rows_after(self, conn: Connection, after: int, originator_id: str | None = None,
                   limit: int = BATCH) -> list[Row]:
        where = f"{self._nid} > :after"
        params: dict[str, Any] = {"after": after, "limit": limit}
        if originator_id is not None:
            where += f" AND {self._id_is(':oid')}"
            params["oid"] = originator_id
        query = self._select(where, f"ORDER BY {self._nid} LIMIT :limit")
        return [_row(r) for r in conn.execute(query, params)]

    def row_for(self, conn: Connection, originator_id: str, version: int) -> Row | None:
        query = self._select(f"{self._id_is(':oid')} AND originator_version = :version")
        found = conn.execute(query, {"oid": originator_id, "version": version}).first()
        return _row(found) if found else None

    def iter_rows(self, conn: Connection, originator_id: str | None = None) -> Iterator[Row]:
        after = 0
        while batch := self.rows_after(conn, after, originator_id):
            yield from batch
            after = batch[-1].notification_id

    def _id_is(self, param: str) -> str:
        if self.dialect == "sqlite":
            return f"originator_id = {param}"
        return f"originator_id = CAST({param} AS uuid)"


def _row(r: Any) -> Row:
    return Row(int(r[0]), str(r[1]), int(r[2]), str(r[3]), bytes(r[4]))


def _link(r: Any) -> Link:
    return Link(int(r[0]), str(r[1]), int(r[2]), bytes(r[3]), bytes(r[4]), bytes(r[5]))


def links_after(conn: Connection, after: int, originator_id: str | None = None,
                limit: int = BATCH) -> list[Link]:
    c = audit_chain.c
    query = select(audit_chain).where(c.notification_id > after)
    if originator_id is not None:
        query = query.where(c.originator_id == originator_id)
    return [_link(r) for r in conn.execute(query.order_by(c.notification_id).limit(limit))]


def iter_links(conn: Connection, originator_id: str | None = None) -> Iterator[Link]:
    after = 0
    while batch := links_after(conn, after, originator_id):
        yield from batch
        after = batch[-1].notification_id


def link_for(conn: Connection, originator_id: str, version: int) -> Link | None:
    c = audit_chain.c
    found = conn.execute(select(audit_chain).where(
        c.originator_id == originator_id, c.originator_version == version)).first()
    return _link(found) if found else None


def last_link(conn: Connection, originator_id: str | None = None) -> Link | None:
    c = audit_chain.c
    query = select(audit_chain)
    if originator_id is not None:
        query = query.where(c.originator_id == originator_id)
    found = conn.execute(query.order_by(c.notification_id.desc()).limit(1)).first()
    return _link(found) if found else None


def create_table(engine: Engine) -> None:
    metadata.create_all(engine)


def seal(engine: Engine, events: EventsTable) -> int:
    """Links every event recorded after the last sealed one; returns how many were sealed."""
    try:
        with engine.begin() as conn:
            if events.dialect == "postgresql":
                # One sealer at a time: the store chain is a single line.
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('scc-audit-chain'))"))
            return _seal(conn, events)
    except IntegrityError:
        return 0  # another process sealed the same events first; they are linked either way


def _seal(conn: Connection, events: EventsTable) -> int:
    head = last_link(conn)
    after, store_link = (head.notification_id, head.store_link) if head else (0, GENESIS)
    case_links: dict[str, bytes] = {}
    sealed = 0
    while rows := events.rows_after(conn, after):
        values = []
        for row in rows:
            if row.originator_id not in case_links:
                previous = last_link(conn, row.originator_id)
                case_links[row.originator_id] = previous.case_link if previous else GENESIS
            digest = event_digest(row.topic, row.originator_id, row.originator_version, row.state)
            case_links[row.originator_id] = link(case_links[row.originator_id], digest)
            store_link = link(store_link, digest)
            values.append({
                "notification_id": row.notification_id, "originator_id": row.originator_id,
                "originator_version": row.originator_version, "event_sha256": digest,
                "case_link": case_links[row.originator_id], "store_link": store_link,
            })
        conn.execute(insert(audit_chain), values)
        after = rows[-1].notification_id
        sealed += len(rows)
    return sealed
