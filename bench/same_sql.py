"""The floor of scc's own transactions on SQLite: the statements a command sent to the database,
recorded with their parameters, and sent again by the bare `sqlite3` module to a copy of the
database as it stood before the commands. What a command costs beyond its replay is the Python
around its SQL (rules, deadlines, projection, audit hashes, the library's encoding)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

Statement = tuple[str, str, Any]  # ("execute" or "executemany", SQL, parameters)


class _RecordingCursor(sqlite3.Cursor):
    sent: list[Statement]

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        self.sent.append(("execute", sql, parameters))
        return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Any:
        rows = list(parameters)  # a generator is consumed once: keep what was sent
        self.sent.append(("executemany", sql, rows))
        return super().executemany(sql, rows)


class _RecordingConnection(sqlite3.Connection):
    sent: list[Statement]

    def cursor(self, factory: Any = None) -> Any:
        cursor = super().cursor(_RecordingCursor)
        cursor.sent = self.sent
        return cursor

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)


def record(engine: Engine) -> list[Statement]:
    """From now on, every statement the engine's connections send (its pool is emptied, so
    every connection is a new, recording one)."""
    sent: list[Statement] = []

    def recording(_dialect: Any, _record: Any, _args: Any, params: dict[str, Any]) -> None:
        params["factory"] = _RecordingConnection

    def give_list(connection: Any, _record: Any) -> None:
        connection.sent = sent

    event.listen(engine, "do_connect", recording)
    event.listen(engine, "connect", give_list, insert=True)  # before the pragmas are sent
    engine.dispose()
    return sent


def copy_database(path: Path, to: Path) -> None:
    """A copy of an SQLite database whose connections are all closed (its WAL checkpointed)."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    shutil.copyfile(path, to)


class Replay:
    """A bare connection to the copy, with the pragmas scc sets (WAL, full fsync on commit)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")

    def send(self, statements: list[Statement]) -> None:
        for method, sql, parameters in statements:
            if method == "execute":
                self.db.execute(sql, parameters).fetchall()
            else:
                self.db.executemany(sql, parameters)

    def close(self) -> None:
        self.db.close()
