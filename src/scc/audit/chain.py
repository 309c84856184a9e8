"""The hash chains: how an event's stored bytes are hashed, how links are made, and `seal`, which
links the events a command inserts, in the command's own transaction. Rows are read with plain SQL
from the library's own events table, so what is verified is exactly what is stored."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from hashlib import sha256
from typing import Any, NamedTuple, Protocol
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
)

from scc.domain.errors import RuleViolation

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

    def marks(self, count: int) -> str:
        """`count` of the driver's placeholders, for a statement naming that many values."""
        return ", ".join(["?" if self.dialect == "sqlite" else "%s"] * count)

    def stored_id(self, originator_id: UUID) -> Any:
        """An aggregate's id as the library stores it: hex text on SQLite, a uuid on PostgreSQL."""
        return originator_id.hex if self.dialect == "sqlite" else originator_id

    def read_id(self, stored: Any) -> UUID:
        """An aggregate's id as read from the table (`stored_id`'s inverse)."""
        return UUID(str(stored)) if self.dialect == "sqlite" else stored  # type: ignore[no-any-return]

    @property
    def _nid(self) -> str:
        return "rowid" if self.dialect == "sqlite" else "notification_id"

    def _oid(self, column: str = "originator_id") -> str:
        # Normalised so both databases hash the same text for the same id.
        if self.dialect == "sqlite":
            return f"lower(replace({column}, '-', ''))"
        return f"replace({column}::text, '-', '')"

    def _id_is(self) -> str:
        return "originator_id = ?" if self.dialect == "sqlite" else "originator_id = CAST(? AS uuid)"

    def _select(self, where: str) -> str:
        return (f"SELECT {self._nid}, {self._oid()}, originator_version, topic, state "
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

    def joined_batches(self, conn: Connection, size: int = BATCH) -> Iterator[list[Any]]:
        """Every stored row with its link's columns beside it (None where it has none), in
        notification order, as plain tuples in batches: the audit's fast path."""
        after = 0
        sql = (f"SELECT e.{self._nid}, {self._oid('e.originator_id')}, e.originator_version, e.topic, e.state, "
               "a.originator_id, a.originator_version, a.event_sha256, a.case_link, a.store_link "
               f"FROM {self.name} e LEFT JOIN audit_chain a ON a.notification_id = e.{self._nid} "
               f"WHERE e.{self._nid} > ? ORDER BY e.{self._nid} LIMIT ?")
        while batch := fetch(conn, sql, [after, size]):
            yield batch
            after = batch[-1][0]

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


def sealed_between(conn: Connection, first: int, last: int) -> set[int]:
    """The notification ids from `first` to `last` that the audit chain seals."""
    return {row[0] for row in fetch(conn, "SELECT notification_id FROM audit_chain "
                                          "WHERE notification_id BETWEEN ? AND ?", [first, last])}


def links_count(conn: Connection) -> int:
    return int(fetch(conn, "SELECT count(*) FROM audit_chain", [])[0][0])


def last_link(conn: Connection) -> Link | None:
    found = fetch(conn, f"{_LINKS} ORDER BY notification_id DESC LIMIT 1", [])
    return _link(found[0]) if found else None


def _ask_heads(conn: Connection, originator_ids: list[str]) -> list[Any]:
    """Sends the queries for the store chain's last link, and the last sealed version and link
    of each of these aggregates: one query for a command's few aggregates. Their answers are read
    by `_heads`; on PostgreSQL in pipeline mode whatever is sent in between shares the wait."""
    asked = []
    for start in range(0, max(len(originator_ids), 1), 500):
        chunk = originator_ids[start:start + 500]
        marks = ",".join("?" * len(chunk)) or "NULL"
        store_head = ("SELECT '', CAST(NULL AS INTEGER), store_link FROM audit_chain WHERE "
                      "notification_id = (SELECT MAX(notification_id) FROM audit_chain) UNION ALL "
                      if start == 0 else "")
        cursor = conn.connection.cursor()
        cursor.execute(_placeholders(conn, (
            f"{store_head}SELECT a.originator_id, a.originator_version, a.case_link "
            "FROM audit_chain a JOIN (SELECT originator_id, MAX(originator_version) AS v "
            f"FROM audit_chain WHERE originator_id IN ({marks}) GROUP BY originator_id) m "
            "ON a.originator_id = m.originator_id AND a.originator_version = m.v")), chunk)
        asked.append(cursor)
    return asked


def _heads(asked: list[Any]) -> tuple[bytes, dict[str, tuple[int, bytes]]]:
    """The answers to `_ask_heads` (aggregates with no link left out)."""
    store, heads = GENESIS, {}
    for cursor in asked:
        try:
            found = cursor.fetchall()
        finally:
            cursor.close()
        for oid, version, link_ in found:
            if oid == "":
                store = bytes(link_)
            else:
                heads[oid] = (int(version), bytes(link_))
    return store, heads


def create_table(conn: Connection) -> None:
    metadata.create_all(conn)


class Recorded(Protocol):
    """A stored event with its notification id, as the library's recording hands it back."""

    @property
    def id(self) -> int: ...
    @property
    def originator_id(self) -> Any: ...
    @property
    def originator_version(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def state(self) -> bytes: ...


class Rows(Protocol):
    """Where a command's rows wait to be written together (`scc.projections.rows.Rows`)."""

    def insert(self, table: Table, **values: Any) -> None: ...


def seal(conn: Connection, recorded: Sequence[Recorded]) -> None:
    """Links the events this transaction has just inserted, and nothing else: an event no command
    wrote stays unsealed for ever, for `audit verify` to name. A command whose record holds such an
    event (or has lost a sealed one) is refused rather than sealed on top of it."""
    sealing(conn, {r.originator_id for r in recorded})(recorded, None)


Sealing = Callable[[Sequence[Recorded], Rows | None], None]


def sealing(conn: Connection, originator_ids: Iterable[Any]) -> Sealing:
    """`seal` in two steps: the chain's heads of these aggregates are asked for now, and the step
    returned reads them and links the events then recorded, `into` the rows the command's read
    models are flushed with or (None) inserted at once. A command asks before it inserts its
    events, so on PostgreSQL the heads, the projection's own reads and the insert come back in
    one round trip, and the links go with the read models' writes."""
    wanted = sorted({_hex(oid) for oid in originator_ids})
    asked = _ask_heads(conn, wanted) if wanted else []
    return lambda recorded, into: _write_links(conn, recorded, asked, into)


def _write_links(conn: Connection, recorded: Sequence[Recorded], asked: list[Any],
                 into: Rows | None) -> None:
    if not recorded:
        return
    store_link, heads = _heads(asked)
    values = []
    for r in recorded:
        oid = _hex(r.originator_id)
        version, case_link = heads.get(oid, (0, GENESIS))
        if r.originator_version != version + 1:
            raise UnsealedHistory(_unsealed(oid, version, r.originator_version))
        digest = sha256(event_bytes(r.topic, oid, r.originator_version, r.state)).digest()
        case_link = sha256(case_link + digest).digest()
        store_link = sha256(store_link + digest).digest()
        heads[oid] = (r.originator_version, case_link)
        values.append((r.id, oid, r.originator_version, digest, case_link, store_link))
    if into is not None:
        for row in values:
            into.insert(audit_chain, **dict(zip(_LINK_COLUMNS, row)))
        return
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(_placeholders(conn, _INSERT_LINK), values)
    finally:
        cursor.close()


_LINK_COLUMNS = tuple(audit_chain.c.keys())
_INSERT_LINK = ("INSERT INTO audit_chain (notification_id, originator_id, originator_version, "
                "event_sha256, case_link, store_link) VALUES (?, ?, ?, ?, ?, ?)")


class UnsealedHistory(RuleViolation):
    """The record's stored history and its audit chain disagree; nothing was written."""


def _unsealed(oid: str, sealed: int, writing: int) -> str:
    if writing > sealed + 1:
        what = (f"holds {writing - sealed - 1} event(s) after version {sealed} that were not "
                "recorded through scc")
    else:
        what = f"has lost events up to version {sealed} that the audit chain sealed"
    return (f"The history of record {oid} {what}; nothing was written. A legal officer should "
            "run `scc audit verify` before anything more is recorded on it.")


def _hex(originator_id: Any) -> str:
    return originator_id.hex if isinstance(originator_id, UUID) else str(originator_id)
