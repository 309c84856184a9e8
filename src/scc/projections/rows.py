"""The read models' rows in memory, the one thing the projection handlers write to.

A handler reads and writes rows here (by primary key, by the first primary-key column, or by a
unique column) and never issues SQL itself; `flush` turns what changed into a few `executemany`
statements of plain tuples. The same handlers therefore serve both paths:

- a command (`Projector.project`): the rows are *backed* by the database, so a row a handler asks
  for is read on first use, and everything the command changed is flushed at once in its unit of
  work;
- a rebuild (`Projector.rebuild`): the tables start empty and every row lives in memory until it is
  inserted in bulk; the history tables, which handlers only append to, are written and dropped from
  memory after every batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, Table, and_, select

Key = tuple[Any, ...]
COPY_FROM = 500  # rows: PostgreSQL loads more than this with COPY, fewer with one executemany


class WriteOnly(Exception):
    """A handler read a table that this rebuild writes out and forgets after every batch."""


class _Table:
    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = [c.name for c in table.columns]
        self.position = {name: i for i, name in enumerate(self.columns)}
        self.pk = [c.name for c in table.primary_key.columns]
        self.pk_at = [self.position[c] for c in self.pk]
        self.first = self.pk[0]
        self.unique = {c.name: self.position[c.name] for c in table.columns if c.unique}
        self.dates = [i for i, c in enumerate(table.columns) if isinstance(c.type, Date)]
        self.rows: dict[Key, list[Any]] = {}
        self.by_first: dict[Any, set[Key]] = {}
        self.by_unique: dict[str, dict[Any, Key]] = {c: {} for c in self.unique}
        # What the database holds that memory must not shadow or resurrect (backed mode only).
        self.known_keys: set[Key] = set()
        self.known_prefixes: set[Any] = set()
        self.known_unique: dict[str, set[Any]] = {c: set() for c in self.unique}
        self.cleared: set[Any] = set()  # first-column values whose stored rows are deleted
        self.inserted: set[Key] = set()
        self.dirty: set[Key] = set()
        self.deleted: set[Key] = set()
        self.appended: list[list[Any]] = []  # rows of a write-only table, not indexed

    def key(self, row: Sequence[Any]) -> Key:
        return tuple(row[i] for i in self.pk_at)

    def add(self, key: Key, row: list[Any]) -> None:
        self.rows[key] = row
        self.by_first.setdefault(key[0], set()).add(key)
        for column, at in self.unique.items():
            self.by_unique[column][row[at]] = key

    def remove(self, key: Key) -> None:
        row = self.rows.pop(key)
        self.by_first[key[0]].discard(key)
        for column, at in self.unique.items():
            self.by_unique[column].pop(row[at], None)

    def forget(self) -> None:
        self.rows.clear()
        self.by_first.clear()
        for index in self.by_unique.values():
            index.clear()


class Rows:
    """Rows of the read-model tables. `backed`: read through to `conn` what memory has not seen
    (a command's projection); otherwise the tables are empty in the database (a rebuild).
    `write_only` tables are flushed by `flush_write_only` and then forgotten."""

    def __init__(self, conn: Connection, tables: Iterable[Table], backed: bool,
                 write_only: Iterable[Table] = ()) -> None:
        self.conn = conn
        self.backed = backed
        self.known = {table.name: table for table in tables}
        # Made on first use: a command touches a few of the tables, a rebuild all of them.
        self.tables: dict[str, _Table] = {}
        self.write_only = {table.name for table in write_only}

    # Reading

    def get(self, table: Table, **where: Any) -> dict[str, Any] | None:
        """The row with this primary key, or with this value of a unique column."""
        state = self._state(table, reading=True)
        if len(where) == 1 and (column := next(iter(where))) in state.unique:
            value = where[column]
            key = state.by_unique[column].get(value)
            if key is None and self.backed and value not in state.known_unique[column]:
                self._load(state, table.c[column] == value)
                state.known_unique[column].add(value)
                key = state.by_unique[column].get(value)
        else:
            key = tuple(where[c] for c in state.pk)
            if key not in state.rows and self.backed and key not in state.known_keys:
                self._load(state, and_(*(table.c[c] == key[i] for i, c in enumerate(state.pk))))
                state.known_keys.add(key)
        row = state.rows.get(key) if key is not None else None
        return dict(zip(state.columns, row)) if row is not None else None

    def select(self, table: Table, **where: Any) -> list[dict[str, Any]]:
        """Rows whose first primary-key column has the given value, and whose other named
        columns equal theirs (None: null)."""
        state = self._state(table, reading=True)
        prefix = where.pop(state.first)
        if self.backed and prefix not in state.known_prefixes:
            self._load(state, table.c[state.first] == prefix)
            state.known_prefixes.add(prefix)
        found = []
        for key in sorted(state.by_first.get(prefix, ())):
            row = state.rows[key]
            if all(row[state.position[c]] == v for c, v in where.items()):
                found.append(dict(zip(state.columns, row)))
        return found

    # Writing

    def insert(self, table: Table, **values: Any) -> None:
        state = self._state(table)
        row = [values.get(c) for c in state.columns]
        if table.name in self.write_only:  # never read back: no key, no index
            state.appended.append(row)
            return
        key = state.key(row)
        state.add(key, row)
        state.inserted.add(key)

    def replace(self, table: Table, **values: Any) -> None:
        """Inserts the row, or overwrites the row with the same primary key."""
        state = self._state(table)
        row = [values.get(c) for c in state.columns]
        key = state.key(row)
        if key in state.rows:
            state.remove(key)
            state.dirty.add(key)
        elif self.backed and key not in state.inserted:
            state.deleted.add(key)  # whatever the database holds under this key goes
            state.inserted.add(key)
        else:
            state.inserted.add(key)
        state.add(key, row)

    def update(self, table: Table, row: dict[str, Any], **values: Any) -> None:
        """Changes columns of a row found by `get` or `select`."""
        state = self._state(table)
        key = tuple(row[c] for c in state.pk)
        stored = state.rows[key]
        for column, value in values.items():
            stored[state.position[column]] = value
        if key not in state.inserted:
            state.dirty.add(key)

    def delete_all(self, table: Table, prefix: Any) -> None:
        """Deletes every row whose first primary-key column is `prefix`."""
        state = self._state(table)
        for key in list(state.by_first.get(prefix, ())):
            state.remove(key)
            state.inserted.discard(key)
            state.dirty.discard(key)
        if self.backed:
            state.cleared.add(prefix)
            state.known_prefixes.add(prefix)

    # Flushing

    def flush(self) -> None:
        """Writes every change since the last flush. A command's changes on PostgreSQL go in one
        pipeline: nothing reads their results, so they need not wait for each other."""
        driver: Any = self.conn.connection.driver_connection
        pipelined = self.backed and self.conn.dialect.name == "postgresql"
        with driver.pipeline() if pipelined else nullcontext():
            for state in self.tables.values():
                self._flush(state)

    def flush_write_only(self) -> None:
        for name in self.write_only & self.tables.keys():
            state = self.tables[name]
            self._flush(state)
            state.forget()

    def _flush(self, state: _Table) -> None:
        if not (state.cleared or state.deleted or state.dirty or state.inserted
                or state.appended):
            return
        name, pk_where = state.table.name, " AND ".join(f"{c} = {{p}}" for c in state.pk)
        cursor = _Cursor(self.conn, copy=not self.backed)  # no COPY in a command's pipeline
        p = cursor.placeholder
        if state.cleared:
            cursor.many(f"DELETE FROM {name} WHERE {state.first} = {p}",
                        [(v,) for v in state.cleared])
        if state.deleted:
            cursor.many(f"DELETE FROM {name} WHERE {pk_where.format(p=p)}", list(state.deleted))
        updates = state.dirty - state.inserted
        if updates:
            others = [c for c in state.columns if c not in state.pk]
            at = [state.position[c] for c in others]
            assignments = ", ".join(f"{c} = {p}" for c in others)
            cursor.many(f"UPDATE {name} SET {assignments} WHERE {pk_where.format(p=p)}",
                        [cursor.values(state, [state.rows[k][i] for i in at]) + k for k in updates])
        if state.inserted:
            cursor.insert(state, (state.rows[k] for k in state.inserted if k in state.rows))
        if state.appended:
            cursor.insert(state, state.appended)
            state.appended = []
        state.cleared.clear()
        state.deleted.clear()
        state.dirty.clear()
        state.inserted.clear()

    def _state(self, table: Table, reading: bool = False) -> _Table:
        if reading and table.name in self.write_only:
            raise WriteOnly(f"{table.name} is written out and forgotten after every batch")
        state = self.tables.get(table.name)
        if state is None:
            state = self.tables[table.name] = _Table(self.known[table.name])
        return state

    def _load(self, state: _Table, condition: Any) -> None:
        for stored in self.conn.execute(select(state.table).where(condition)):
            row = list(stored)
            key = state.key(row)
            if key not in state.rows and key not in state.deleted and key[0] not in state.cleared:
                state.add(key, row)


class _Cursor:
    """The driver's own cursor, for `executemany` of plain tuples without a statement object per
    row. SQLite stores dates as ISO text (what SQLAlchemy's Date reads back); psycopg takes them
    as they are, and loads a new table with COPY."""

    def __init__(self, conn: Connection, copy: bool) -> None:
        self.sqlite = conn.dialect.name == "sqlite"
        self.copy = copy and not self.sqlite
        self.placeholder = "?" if self.sqlite else "%s"
        driver = conn.connection.driver_connection
        assert driver is not None
        self.cursor: Any = driver.cursor()

    def many(self, statement: str, params: list[Sequence[Any]]) -> None:
        self.cursor.executemany(statement, params)

    def values(self, state: _Table, row: list[Any]) -> tuple[Any, ...]:
        return tuple(_iso(v) for v in row) if self.sqlite else tuple(row)

    def insert(self, state: _Table, rows: Iterable[list[Any]]) -> None:
        name, columns = state.table.name, ", ".join(state.columns)
        rows = list(rows)
        if not self.copy or len(rows) < COPY_FROM:
            dates = state.dates if self.sqlite else []
            plain = (r if not dates else [_iso(v) if i in dates else v for i, v in enumerate(r)]
                     for r in rows)
            marks = ", ".join([self.placeholder] * len(state.columns))
            self.cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", plain)
            return
        with self.cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
