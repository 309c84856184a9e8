"""The library's SQLite and PostgreSQL application recorders, made to insert a command's events on
the connection of the command's own transaction (`scc.application.unit`), so the events, their
audit-chain links and the read-model rows derived from them commit together or not at all.

Outside a unit of work the recorders refuse to write: nothing may reach the store unsealed.
PostgreSQL's recorder lives in its own module so that psycopg is imported only when it is used.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError, ProgrammingError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from sqlalchemy import Connection

OUTSIDE_A_UNIT = ("Events are written only through Context.save, which seals and projects them in "
                  "the same transaction.")


def unit_connection(kwargs: dict[str, Any]) -> Connection:
    connection = kwargs.get("connection")
    if not isinstance(connection, Connection):
        raise ProgrammingError(OUTSIDE_A_UNIT)
    return connection


class SQLiteUnitRecorder(SQLiteApplicationRecorder):
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any
                      ) -> Sequence[int] | None:
        dbapi = unit_connection(kwargs).connection.driver_connection
        assert isinstance(dbapi, sqlite3.Connection)
        try:
            # The library's own insert (one row at a time, its rowid the notification id).
            return self._insert_events(SQLiteCursor(dbapi.cursor()), stored_events)
        except sqlite3.IntegrityError as taken:  # another command wrote this version first
            raise IntegrityError(taken) from taken
