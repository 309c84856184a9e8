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

import functools
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, Dialect, Table

Key = tuple[Any, ...]
COPY_FROM = 500  # rows: PostgreSQL loads more than this with COPY, fewer with one executemany


class WriteOnly(Exception):
    """A handler read a table that this rebuild writes out and forgets after every batch."""


class _Shape:
    """What a table's rows look like and the SQL that reads and writes them: the same for every
    command, so made once per table and placeholder style (it cost a fifth of a projection)."""

    def __init__(self, table: Table, placeholder: str) -> None:
        self.table = table
        self.columns = [c.name for c in table.columns]
        self.position = {name: i for i, name in enumerate(self.columns)}
        self.pk = [c.name for c in table.primary_key.columns]
        self.pk_at = [self.position[c] for c in self.pk]
        self.first = self.pk[0]
        self.unique = {c.name: self.position[c.name] for c in table.columns if c.unique}
        self.dates = [i for i, c in enumerate(table.columns) if isinstance(c.type, Date)]
        name, p = table.name, placeholder
        pk_where = " AND ".join(f"{c} = {p}" for c in self.pk)
        self.others_at = [self.position[c] for c in self.columns if c not in self.pk]
        self.delete = f"DELETE FROM {name} WHERE {pk_where}"
        self.update = (f"UPDATE {name} SET "
                       + ", ".join(f"{self.columns[i]} = {p}" for i in self.others_at)
                       + f" WHERE {pk_where}")
        self.insert = (f"INSERT INTO {name} ({', '.join(self.columns)}) "
                       f"VALUES ({', '.join([p] * len(self.columns))})")
        others = [self.columns[i] for i in self.others_at]
        self.upsert = (f"{self.insert} ON CONFLICT ({', '.join(self.pk)}) DO "
                       + ("UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in others)
                          if others else "NOTHING"))
        self.copy = f"COPY {name} ({', '.join(self.columns)}) FROM STDIN"
        self.select = f"SELECT {', '.join(self.columns)} FROM {name} WHERE "


def pipelined(conn: Connection) -> AbstractContextManager[Any]:
    """PostgreSQL's pipeline mode on `conn` (unless it is in it already): a statement whose result
    nobody reads waits for nothing, and goes to the server with the next one that is waited for.
    SQLite has no round trips to save."""
    if conn.dialect.name != "postgresql":
        return nullcontext()
    driver: Any = conn.connection.driver_connection
    return nullcontext() if driver.pgconn.pipeline_status else driver.pipeline()


@functools.cache
def _shape(table: Table, placeholder: str) -> _Shape:
    return _Shape(table, placeholder)


_READING: dict[tuple[Table, str], list[tuple[int, Callable[[Any], Any]]]] = {}


def _reading(table: Table, dialect: Dialect) -> list[tuple[int, Callable[[Any], Any]]]:
    """SQLAlchemy's conversions of the stored values of the columns that need one (on SQLite: ISO
    text to dates, 0/1 to booleans), as a select() of the table applies them."""
    processors = _READING.get((table, dialect.name))
    if processors is None:
        processors = _READING[table, dialect.name] = [
            (at, process) for at, column in enumerate(table.columns)
            if (process := column.type._cached_result_processor(dialect, None)) is not None]
    return processors


class _Table:
    def __init__(self, shape: _Shape) -> None:
        self.shape = shape
        self.table = shape.table
        self.columns = shape.columns
        self.position = shape.position
        self.pk = shape.pk
        self.pk_at = shape.pk_at
        self.first = shape.first
        self.unique = shape.unique
        self.dates = shape.dates
        self.rows: dict[Key, list[Any]] = {}
        self.by_first: dict[Any, set[Key]] = {}
        self.by_unique: dict[str, dict[Any, Key]] = {c: {} for c in self.unique}
        # What the database holds that memory must not shadow or resurrect (backed mode only).
        self.known_keys: set[Key] = set()
        self.known_prefixes: set[Any] = set()
        self.known_unique: dict[str, set[Any]] = {c: set() for c in self.unique}
        self.deleted: set[Key] = set()  # stored rows to delete
        # Columns to set in a stored row not read, by (unique column, its value) (`set`).
        self.unread: dict[tuple[str, Any], dict[str, Any]] = {}
        self.inserted: set[Key] = set()
        self.upserted: set[Key] = set()  # inserted over whatever the database holds, if anything
        self.dirty: set[Key] = set()
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
        self.placeholder = "?" if conn.dialect.name == "sqlite" else "%s"
        self._awaited: list[tuple[_Table, Any]] = []  # queries sent whose rows are not read yet

    # Reading

    def get(self, table: Table, **where: Any) -> dict[str, Any] | None:
        """The row with this primary key, or with this value of a unique column."""
        state = self._state(table, reading=True)
        self._receive()
        if len(where) == 1 and (column := next(iter(where))) in state.unique:
            value = where[column]
            key = state.by_unique[column].get(value)
            if key is None and self.backed and value not in state.known_unique[column]:
                self._load((state, (column,), (value,)))
                state.known_unique[column].add(value)
                key = state.by_unique[column].get(value)
        else:
            key = tuple(where[c] for c in state.pk)
            if key not in state.rows and self.backed and key not in state.known_keys:
                self._load((state, state.pk, key))
                state.known_keys.add(key)
        row = state.rows.get(key) if key is not None else None
        return dict(zip(state.columns, row)) if row is not None else None

    def select(self, table: Table, **where: Any) -> list[dict[str, Any]]:
        """Rows whose first primary-key column has the given value, and whose other named
        columns equal theirs (None: null)."""
        state = self._state(table, reading=True)
        prefix = where.pop(state.first)
        self.read_ahead((table, prefix))
        self._receive()
        found = []
        for key in sorted(state.by_first.get(prefix, ())):
            row = state.rows[key]
            if all(row[state.position[c]] == v for c, v in where.items()):
                found.append(dict(zip(state.columns, row)))
        return found

    def read_ahead(self, *wanted: tuple[Table, Any]) -> None:
        """Asks for the stored rows of each (table, value of its first primary-key column) not
        read yet, for `select` to find. Their rows are read when first needed: on PostgreSQL, in a
        pipeline, the answers come back with whatever is sent before then, in one round trip."""
        if not self.backed:
            return
        queries = []
        for table, prefix in wanted:
            state = self._state(table, reading=True)
            if prefix not in state.known_prefixes:
                state.known_prefixes.add(prefix)
                queries.append((state, (state.first,), (prefix,)))
        self._awaited += self._send(*queries)

    def none_stored(self, table: Table, prefix: Any) -> None:
        """Tells that the database holds no rows whose first primary-key column is `prefix` (a
        new aggregate's): `select` then reads nothing."""
        self._state(table, reading=True).known_prefixes.add(prefix)

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
            state.upserted.add(key)  # whatever the database holds under this key goes
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

    def set(self, table: Table, column: str, value: Any, **values: Any) -> None:
        """Changes columns of the row whose unique `column` is `value`, without reading it: a
        stored row not in memory is changed by its key alone when flushed."""
        state = self._state(table)
        key = state.by_unique[column].get(value)
        if key is None and self.backed:
            state.unread.setdefault((column, value), {}).update(values)
            return
        # A rebuild holds every row in memory: one missing here is a handler's mistake.
        assert key is not None, f"no {table.name} row with {column} {value}"
        self.update(table, dict(zip(state.columns, state.rows[key])), **values)

    def delete(self, table: Table, row: dict[str, Any]) -> None:
        """Deletes a row found by `get` or `select`."""
        state = self._state(table)
        key = tuple(row[c] for c in state.pk)
        state.remove(key)
        if self.backed and (key not in state.inserted or key in state.upserted):
            state.deleted.add(key)  # the database may hold it
        state.inserted.discard(key)
        state.upserted.discard(key)
        state.dirty.discard(key)

    # Flushing

    def flush(self) -> None:
        """Writes every change since the last flush. A command's changes on PostgreSQL go in one
        pipeline: nothing reads their results, so they need not wait for each other."""
        self._receive()
        cursor = _Cursor(self.conn, copy=not self.backed)  # no COPY in a command's pipeline
        with pipelined(self.conn) if self.backed else nullcontext():
            for state in self.tables.values():
                self._flush(state, cursor)

    def flush_write_only(self) -> None:
        cursor = _Cursor(self.conn, copy=not self.backed)
        for name in self.write_only & self.tables.keys():
            state = self.tables[name]
            self._flush(state, cursor)
            state.forget()

    def _flush(self, state: _Table, cursor: _Cursor) -> None:
        if not (state.deleted or state.unread or state.dirty or state.inserted
                or state.appended):
            return
        shape = state.shape
        if state.deleted:
            cursor.many(shape.delete, [cursor.values(state, list(k)) for k in state.deleted])
        for (column, value), values in state.unread.items():
            names = sorted(values)
            p = self.placeholder
            cursor.many(f"UPDATE {state.table.name} SET "
                        + ", ".join(f"{name} = {p}" for name in names)
                        + f" WHERE {column} = {p}",
                        [cursor.values(state, [*(values[n] for n in names), value])])
        updates = state.dirty - state.inserted
        if updates:
            at = shape.others_at
            cursor.many(shape.update,
                        [cursor.values(state, [state.rows[k][i] for i in at]) + k for k in updates])
        if state.upserted:
            cursor.insert(state, (state.rows[k] for k in state.upserted), upsert=True)
        if state.inserted:
            cursor.insert(state, (state.rows[k] for k in state.inserted - state.upserted
                                  if k in state.rows))
        if state.appended:
            cursor.insert(state, state.appended)
            state.appended = []
        state.deleted.clear()
        state.unread.clear()
        state.dirty.clear()
        state.inserted.clear()
        state.upserted.clear()

    def _state(self, table: Table, reading: bool = False) -> _Table:
        if reading and table.name in self.write_only:
            raise WriteOnly(f"{table.name} is written out and forgotten after every batch")
        state = self.tables.get(table.name)
        if state is None:
            state = self.tables[table.name] = _Table(
                _shape(self.known[table.name], self.placeholder))
        return state

    def _load(self, *queries: tuple[_Table, Sequence[str], Sequence[Any]]) -> None:
        """Reads the stored rows whose `columns` equal `values`, for each (table, columns,
        values)."""
        self._awaited += self._send(*queries)
        self._receive()

    def _send(self, *queries: tuple[_Table, Sequence[str], Sequence[Any]]
              ) -> list[tuple[_Table, Any]]:
        """Sends the queries by the driver's cursors with the tables' prepared SQL (a select()
        cost more to build than to run), every one before any result is read."""
        p = self.placeholder
        driver: Any = self.conn.connection.driver_connection
        cursors = []
        for state, columns, values in queries:
            where = " AND ".join(f"{c} = {p}" for c in columns)
            cursor = driver.cursor()
            cursor.execute(state.shape.select + where, [_iso(v) for v in values]
                           if p == "?" else list(values))
            cursors.append((state, cursor))
        return cursors

    def _receive(self) -> None:
        """Reads the rows of the queries sent and not read yet."""
        awaited, self._awaited = self._awaited, []
        for state, cursor in awaited:
            processors = _reading(state.table, self.conn.dialect)
            for stored in cursor.fetchall():
                row = list(stored)
                for at, process in processors:
                    row[at] = process(row[at])
                key = state.key(row)
                if key not in state.rows and key not in state.deleted:
                    state.add(key, row)
                    if state.unread:
                        _set_unread(state, key, row)
            cursor.close()


def _set_unread(state: _Table, key: Key, row: list[Any]) -> None:
    """Gives a row just read the columns `Rows.set` changed before it was read."""
    for column, at in state.unique.items():
        values = state.unread.pop((column, row[at]), None)
        if values is not None:
            for name, value in values.items():
                row[state.position[name]] = value
            state.dirty.add(key)


class _Cursor:
    """The driver's own cursor, for `executemany` of plain tuples without a statement object per
    row. SQLite stores dates as ISO text (what SQLAlchemy's Date reads back); psycopg takes them
    as they are, and loads a new table with COPY."""

    def __init__(self, conn: Connection, copy: bool) -> None:
        self.sqlite = conn.dialect.name == "sqlite"
        self.copy = copy and not self.sqlite
        driver = conn.connection.driver_connection
        assert driver is not None
        self.cursor: Any = driver.cursor()

    def many(self, statement: str, params: list[Sequence[Any]]) -> None:
        self.cursor.executemany(statement, params)

    def values(self, state: _Table, row: list[Any]) -> tuple[Any, ...]:
        return tuple(_iso(v) for v in row) if self.sqlite else tuple(row)

    def insert(self, state: _Table, rows: Iterable[list[Any]], upsert: bool = False) -> None:
        """Inserts the rows; `upsert`: each in place of the stored row with its key, if any."""
        rows = list(rows)
        if upsert or not self.copy or len(rows) < COPY_FROM:
            dates = state.dates if self.sqlite else []
            plain = (r if not dates else [_iso(v) if i in dates else v for i, v in enumerate(r)]
                     for r in rows)
            self.cursor.executemany(state.shape.upsert if upsert else state.shape.insert, plain)
            return
        with self.cursor.copy(state.shape.copy) as copy:
            for row in rows:
                copy.write_row(row)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
