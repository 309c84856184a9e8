"""The unit of work: the one write transaction in which a command's events, their audit-chain
links and the read-model rows derived from them are committed together.

It opens with the store's write lock, so writers follow one another and the audit chain stays a
single line: on SQLite `BEGIN IMMEDIATE` (the database's write lock, waited for up to the busy
timeout), on PostgreSQL the events table's EXCLUSIVE lock (the one the library's own insert takes;
readers are not blocked).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from scc.domain.errors import ConcurrentChange

LOCK_TIMEOUT_SECONDS = 10

BUSY = ("The records are busy with another change (waited {seconds} seconds); nothing was "
        "written. Repeat the command in a moment.")


@dataclass(frozen=True)
class UnitOfWork:
    engine: Engine
    events_table: str

    @contextmanager
    def begin(self, pipeline: bool = False) -> Iterator[Connection]:
        """A transaction holding the store's write lock; commits when the block ends normally.
        `pipeline`: on PostgreSQL the block runs in pipeline mode, its statements sent without
        waiting until a result is read, the lock first (a rebuild's COPY cannot be pipelined)."""
        driver_error = self.engine.dialect.dbapi.OperationalError  # type: ignore[union-attr]
        try:
            with self.engine.begin() as conn:
                # On the driver's connection, as the recorders and read models write: a
                # statement through SQLAlchemy costs more than this one takes to run.
                driver: Any = conn.connection.driver_connection
                if conn.dialect.name == "sqlite":
                    driver.execute("BEGIN IMMEDIATE")
                    yield conn
                elif pipeline:
                    with driver.pipeline():  # psycopg sends its BEGIN before the lock, unawaited
                        driver.execute(f"LOCK TABLE {self.events_table} IN EXCLUSIVE MODE")
                        yield conn
                else:
                    _begin_locked(driver, self.events_table)
                    yield conn
        except (OperationalError, driver_error) as busy:
            if not _is_lock_timeout(busy):
                raise
            raise ConcurrentChange(BUSY.format(seconds=LOCK_TIMEOUT_SECONDS)) from None

    @staticmethod
    def commit(conn: Connection) -> None:
        """Commits the unit's transaction now. In a pipeline the COMMIT goes to the server with
        the writes queued before it, in the round trip that ends the pipeline; a write refused
        aborts the pipeline, COMMIT and all. The unit's end then finds nothing to commit."""
        cursor: Any = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute("COMMIT")
        cursor.close()


def _begin_locked(driver: Any, events_table: str) -> None:
    """BEGIN and the lock in one message to the server: psycopg would send its own BEGIN and
    wait for it before the lock (one round trip more). Its transaction status is then "in a
    transaction", so it sends no BEGIN of its own, and commits or rolls back as usual.
    lock_timeout is set on every connection of the engine (bootstrap)."""
    import psycopg  # here: a command on SQLite never loads the PostgreSQL driver
    from psycopg import pq

    result = driver.pgconn.exec_(
        f"BEGIN; LOCK TABLE {events_table} IN EXCLUSIVE MODE".encode())
    if result.status != pq.ExecStatus.COMMAND_OK:
        raise psycopg.errors.error_from_result(result, encoding=driver.info.encoding)


def _is_lock_timeout(error: Exception) -> bool:
    text = str(getattr(error, "orig", None) or error).lower()
    return "locked" in text or "lock timeout" in text or "canceling statement" in text
