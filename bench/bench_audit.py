"""Full audit verification over one million stored events (SCC_BENCH_AUDIT_EVENTS to change it),
against a floor measured in the same run: plain Python that reads the same rows and links with the
same SQL and computes the same three SHA-256 per event (the event, its case link, its store link),
comparing nothing. Goal: verification at 0.8x the floor or better.

Rows are generated in bulk straight into a scratch SQLite database with the library's own
`stored_events` schema (realistic event JSON, 20 000 aggregates interleaved in recorded order) and
sealed once with the same `seal` a command uses.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from hashlib import sha256
from typing import NamedTuple
from uuid import UUID, uuid5

from sqlalchemy import Connection, create_engine

from bench.databases import sqlite_database
from bench.timing import Report
from scc.audit.chain import GENESIS, EventsTable, create_table, seal
from scc.audit.verify import verify

AGGREGATES = 20_000
TOPIC = "scc.domain.case:ConcernCase.WarningNoticeIssued"
NAMESPACE = UUID("0b6a1d4e-6f55-4c1e-9a52-6f0d4f2b8c11")


def _rows(count: int) -> Iterator[tuple[str, int, str, bytes]]:
    ids = [uuid5(NAMESPACE, str(n)).hex for n in range(AGGREGATES)]
    for i in range(count):
        state = json.dumps({
            "timestamp": {"_type_": "datetime_iso", "_data_": f"2026-01-{1 + i % 28:02d}T10:00:"
                                                              f"{i % 60:02d}.{i % 999999:06d}+00:00"},
            "actor": "sam", "role": "service-manager",
            "effective_on": {"_type_": "date_iso", "_data_": "2025-12-19"},
            "rule_set": "england-2016", "state": "warning_notice",
            "reason": f"Results far below floor standards at school {i % AGGREGATES}",
            "kind": "s60", "grounds": ["standards", "governance"],
            "deadlines": [{"kind": "compliance-period",
                           "due": {"_type_": "date_iso", "_data_": "2026-01-14"},
                           "rule": "15 working days after 2025-12-19", "met_on": None}],
        }, separators=(",", ":")).encode()
        yield ids[i % AGGREGATES], i // AGGREGATES + 1, TOPIC, state


def _fill(path: str, count: int) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
        "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, "
        "state BLOB, PRIMARY KEY (originator_id, originator_version));"
    )
    with conn:
        conn.executemany("INSERT INTO stored_events VALUES (?,?,?,?)", _rows(count))
    conn.close()


def run(report: Report) -> None:
    count = int(os.environ.get("SCC_BENCH_AUDIT_EVENTS", "1000000"))
    report.section(f"audit: full verification of {count:,} events (SQLite)")
    with sqlite_database() as url:
        path = url.removeprefix("sqlite:///")
        started = time.perf_counter()
        _fill(path, count)
        report.say(f"{'generate rows in bulk (setup)':<44} {time.perf_counter() - started:8.1f} s")

        engine = create_engine(url)
        table = EventsTable("stored_events", "sqlite")
        with engine.begin() as conn:
            create_table(conn)
            rows = [Stored(*row) for row in conn.exec_driver_sql(
                "SELECT rowid, originator_id, originator_version, topic, state "
                "FROM stored_events ORDER BY rowid")]
            _, seconds = _timed(lambda: seal(conn, rows))
        report.say(f"{'seal (the whole store in one transaction)':<44} "
                   f"{count / seconds:10.0f} events/s")
        rows.clear()

        with engine.connect() as conn:
            result, seconds = _timed(lambda: verify(conn, table))
            assert result.ok and result.checked == count, result.problems[:3]
            verified = count / seconds
            report.say(f"{'scc audit verify (read, hash, both chains)':<44} "
                       f"{verified:10.0f} events/s  ({seconds:.1f} s)")
            hashed, seconds = _timed(lambda: _floor(conn, table))
        engine.dispose()

    floor = hashed / seconds
    report.say(f"{'floor: same rows, same hashes, plain Python':<44} {floor:10.0f} events/s"
               f"  ({seconds:.1f} s)")
    report.say(f"{'ratio':<44} verification runs at {verified / floor:.2f}x the floor "
               "(goal at least 0.8x)")


class Stored(NamedTuple):
    id: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


def _floor(conn: Connection, table: EventsTable) -> int:
    """The least any verification must do: read each row and its link, three SHA-256."""
    chains: dict[str, bytes] = {}
    store = GENESIS
    count = 0
    for batch in table.joined_batches(conn):
        for _, oid, version, topic, state, *_link in batch:
            digest = sha256(b"%s\n%s\n%d\n%s" % (topic.encode(), oid.encode(), version,
                                                    state)).digest()
            chains[oid] = sha256(chains.get(oid, GENESIS) + digest).digest()
            store = sha256(store + digest).digest()
        count += len(batch)
    return count


def _timed(operation):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = operation()
    return value, time.perf_counter() - started
