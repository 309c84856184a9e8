"""Full audit verification over one million stored events (SCC_BENCH_AUDIT_EVENTS to change it),
against hashing the same bytes in a plain hashlib loop as the baseline.

Rows are generated in bulk straight into a scratch SQLite database with the library's own
`stored_events` schema (realistic event JSON, 20 000 aggregates interleaved in recorded order),
sealed once, then verified end to end: read every row with SQL, hash its stored bytes, recompute
both chains and compare them with the sealed links.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from hashlib import sha256
from uuid import UUID, uuid5

from sqlalchemy import create_engine

from bench.databases import sqlite_database
from bench.timing import Report
from scc.audit.chain import EventsTable, create_table, event_bytes, seal
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
        create_table(engine)
        sealed, seconds = _timed(lambda: seal(engine, table))
        report.say(f"{'seal (first seal of the whole store)':<44} {sealed / seconds:10.0f} events/s")

        with engine.connect() as conn:
            result, seconds = _timed(lambda: verify(conn, table))
        assert result.ok and result.checked == count, result.problems[:3]
        verified = count / seconds
        report.say(f"{'scc audit verify (read, hash, both chains)':<44} {verified:10.0f} events/s"
                   f"  ({seconds:.1f} s)")

        conn_raw = sqlite3.connect(path)
        stored = [event_bytes(topic, oid, version, state) for oid, version, topic, state in
                  conn_raw.execute("SELECT originator_id, originator_version, topic, state "
                                   "FROM stored_events ORDER BY rowid")]
        conn_raw.close()
        engine.dispose()

    def plain() -> int:
        for data in stored:
            sha256(data).digest()
        return len(stored)

    hashed, seconds = _timed(plain)
    baseline = hashed / seconds
    report.say(f"{'baseline: plain hashlib loop, same bytes':<44} {baseline:10.0f} events/s"
               f"  ({seconds:.1f} s)")
    report.say(f"{'ratio':<44} verification runs at {verified / baseline:.2f}x the plain hash "
               f"loop ({baseline / verified:.1f}x slower)")


def _timed(operation):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = operation()
    return value, time.perf_counter() - started
