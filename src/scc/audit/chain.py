"""The hash chains: how an event's stored bytes are hashed, how links are made, and `seal`, which
links every event recorded since the last seal. Rows are read with plain SQL from the library's
own events table, so what is hashed is exactly what is stored."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from hashlib import sha256
from typing import Any, NamedTuple

import psycopg
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
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

    def _id_is(self) -> str:
        return "originator_id = ?" if self.dialect == "sqlite" else "originator_id = CAST(? AS uuid)"

    def _select(self, where: str) -> str:
        return (f"SELECT {self._nid}, {self._oid}, originator_version, topic, state "
                f"FROM {self.name} WHERE {where}")

    def rows_after(self, conn: Connection, after: int, originator_id: str | None = None,
                   limit: int = BATCH) -> list[Row]:
        where = f"{self._nid} > ?"
        params: list[Any] = [after]
        if originator_id is not None:
            where, params = f"{where} AND {self._id_is()}", [after, originator_id]
        sql = self._select(f"{where} ORDER BY {self._nid} LIMIT ?")
        return list(map(Row._make, fetch(conn, sql, [*params, limit])))

    def row_for(self, conn: Connection, originator_id: str, version: int) -> Row | None:
        found = fetch(conn, self._select(f"{self._id_is()} AND originator_version = ?"),
                      [originator_id, version])
        return Row._make(found[0]) if found else None

    def iter_rows(self, conn: Connection, originator_id: str | None = None) -> Iterator[Row]:
        after = 0
        while batch := self.rows_after(conn, after, originator_id):
            yield from batch
            after = batch[-1].notification_id


def fetch(conn: Connection, sql: str, params: Sequence[Any]) -> list[Any]:
    """Rows straight from the driver, in the connection's transaction: the audit reads every
    event, and the ORM-free path is several times faster. SQL is written with ? placeholders."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(_placeholders(conn, sql), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _placeholders(conn: Connection, sql: str) -> str:
    return sql if conn.dialect.name == "sqlite" else sql.replace("?", "%s")


_LINKS = ("SELECT notification_id, originator_id, originator_version, event_sha256, case_link, "
          "store_link FROM audit_chain")


def links_after(conn: Connection, after: int, originator_id: str | None = None,
                limit: int = BATCH) -> list[Link]:
    where = "notification_id > ?"
    params: list[Any] = [after]
    if originator_id is not None:
        where, params = f"{where} AND originator_id = ?", [after, originator_id]
    sql = f"{_LINKS} WHERE {where} ORDER BY notification_id LIMIT ?"
    return [_link(r) for r in fetch(conn, sql, [*params, limit])]


def _link(r: Any) -> Link:
    # bytes() because some drivers hand back memoryview for binary columns.
    return Link(r[0], r[1], r[2], bytes(r[3]), bytes(r[4]), bytes(r[5]))


def iter_links(conn: Connection, originator_id: str | None = None) -> Iterator[Link]:
    after = 0
    while batch := links_after(conn, after, originator_id):
        yield from batch
        after = batch[-1].notification_id


def link_for(conn: Connection, originator_id: str, version: int) -> Link | None:
    found = fetch(conn, f"{_LINKS} WHERE originator_id = ? AND originator_version = ?",
                  [originator_id, version])
    return _link(found[0]) if found else None


def last_link(conn: Connection) -> Link | None:
    found = fetch(conn, f"{_LINKS} ORDER BY notification_id DESC LIMIT 1", [])
    return _link(found[0]) if found else None


def _case_heads(conn: Connection, originator_ids: list[str]) -> dict[str, bytes]:
    """The last sealed link of each of these aggregates (those with none are left out)."""
    heads: dict[str, bytes] = {}
    for start in range(0, len(originator_ids), 500):
        chunk = originator_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        heads.update(fetch(conn, (
            "SELECT a.originator_id, a.case_link FROM audit_chain a JOIN ("
            "SELECT originator_id, MAX(originator_version) AS v FROM audit_chain "
            f"WHERE originator_id IN ({marks}) GROUP BY originator_id) m "
            "ON a.originator_id = m.originator_id AND a.originator_version = m.v"), chunk))
    return {oid: bytes(head) for oid, head in heads.items()}


def create_table(engine: Engine) -> None:
    metadata.create_all(engine)


def seal(engine: Engine, events: EventsTable) -> int:
    """Links every event recorded after the last sealed one; returns how many were sealed."""
    try:
        with engine.begin() as conn:
            if events.dialect == "postgresql":
                # One sealer at a time: the store chain is a single line.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('scc-audit-chain'))")
            return _seal(conn, events)
    except (IntegrityError, sqlite3.IntegrityError, psycopg.IntegrityError):
        return 0  # another process sealed the same events first; they are linked either way


def _seal(conn: Connection, events: EventsTable) -> int:
    head = last_link(conn)
    after, store_link = (head.notification_id, head.store_link) if head else (0, GENESIS)
    case_links: dict[str, bytes] = {}
    insert = _placeholders(conn, "INSERT INTO audit_chain (notification_id, originator_id, "
                                 "originator_version, event_sha256, case_link, store_link) "
                                 "VALUES (?, ?, ?, ?, ?, ?)")
    sealed = 0
    while rows := events.rows_after(conn, after):
        unknown = list({r.originator_id for r in rows} - case_links.keys())
        case_links.update(dict.fromkeys(unknown, GENESIS) | _case_heads(conn, unknown))
        values = []
        for nid, oid, version, topic, state in rows:
            digest = sha256(event_bytes(topic, oid, version, state)).digest()
            case_links[oid] = case_link = sha256(case_links[oid] + digest).digest()
            store_link = sha256(store_link + digest).digest()
            values.append((nid, oid, version, digest, case_link, store_link))
        cursor = conn.connection.cursor()
        try:
            cursor.executemany(insert, values)
        finally:
            cursor.close()
        after = rows[-1].notification_id
        sealed += len(rows)
    return sealed
