"""The library's SQLite and PostgreSQL application recorders, made to insert a command's events on
the connection of the command's own transaction (`scc.application.unit`), so the events, their
audit-chain links and the read-model rows derived from them commit together or not at all.

Outside a unit of work the recorders refuse to write: nothing may reach the store unsealed.
PostgreSQL's recorder lives in its own module so that psycopg is imported only when it is used.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError, ProgrammingError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from sqlalchemy import Connection

from scc.domain.errors import InvalidInput

OUTSIDE_A_UNIT = ("Events are written only through Context.save, which seals and projects them in "
                  "the same transaction.")


# A NUL character in JSON text: "\u0000" after an even number of backslashes.
_NUL = re.compile(rb"(?:^|[^\\])(?:\\\\)*\\u0000")


def holds_nul(state: bytes) -> bool:
    # The plain search first: the pattern costs 50 us on an event of a kilobyte, every event.
    return b"\\u0000" in state and _NUL.search(state) is not None


def unit_connection(kwargs: dict[str, Any], stored_events: Sequence[StoredEvent]) -> Connection:
    """The unit's connection, once the events are known to be storable. Every boundary refuses a
    NUL with the field's name; this is the last line, for any path that might not: PostgreSQL
    text cannot hold one, and one event the read models cannot take would fail every command."""
    connection = kwargs.get("connection")
    if not isinstance(connection, Connection):
        raise ProgrammingError(OUTSIDE_A_UNIT)
    for stored in stored_events:
        if holds_nul(stored.state):
            kind = stored.topic.rsplit(".", 1)[-1]
            raise InvalidInput(f"The {kind} record contains a NUL character, which no text may "
                               "hold; nothing was written.")
    return connection


class SQLiteUnitRecorder(SQLiteApplicationRecorder):
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any
                      ) -> Sequence[int] | None:
        dbapi = unit_connection(kwargs, stored_events).connection.driver_connection
        assert isinstance(dbapi, sqlite3.Connection)
        try:
            # The library's own insert (one row at a time, its rowid the notification id).
            return self._insert_events(SQLiteCursor(dbapi.cursor()), stored_events)
        except sqlite3.IntegrityError as taken:  # another command wrote this version first
            raise IntegrityError(taken) from taken
