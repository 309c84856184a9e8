"""Scratch databases for benchmarks: an SQLite file, and a PostgreSQL database when a server is
named by SCC_BENCH_POSTGRES_URL or SCC_TEST_POSTGRES_URL (a superuser URL)."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

from scc.application.store import persistence_env


@contextlib.contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="scc-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"


def library_env(url: str) -> dict[str, str]:
    """The same database through the library's own recorders, without scc's unit of work: the
    bare eventsourcing baselines."""
    env = persistence_env(url)
    env.pop("APPLICATION_RECORDER_TOPIC")
    return env


def postgres_server() -> str | None:
    return os.environ.get("SCC_BENCH_POSTGRES_URL") or os.environ.get("SCC_TEST_POSTGRES_URL")


@contextlib.contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    name = f"scc_bench_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def on_each_database(report: Any, compare: Callable[[Any, str, Callable[[], Any]], None]) -> None:
    """Runs compare(report, label, database) on SQLite, then on PostgreSQL when a server is named."""
    compare(report, "SQLite", sqlite_database)
    admin = postgres_server()
    if admin:
        compare(report, "PostgreSQL", lambda: postgres_database(admin))
    else:
        report.say("PostgreSQL: skipped (set SCC_BENCH_POSTGRES_URL or SCC_TEST_POSTGRES_URL)")
