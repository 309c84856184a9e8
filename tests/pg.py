"""Throwaway PostgreSQL databases for tests.

`SCC_TEST_POSTGRES_URL` names a superuser connection (``.ci/run`` and ``make pg`` start such a
server); each test gets its own database created from it and dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import conninfo, sql

DATABASE_PREFIX = "scc_test_"


def postgres_admin_url() -> str | None:
    """The superuser URL of the test server, or None when no server is configured."""
    return os.environ.get("SCC_TEST_POSTGRES_URL") or None


def postgres_required() -> bool:
    """True when PostgreSQL tests must fail rather than skip without a server (CI)."""
    return os.environ.get("SCC_REQUIRE_POSTGRES") == "1"


def _with_dbname(url: str, dbname: str) -> str:
    """`url` pointing at database `dbname` instead (same host, port, user and options)."""
    if "://" in url:
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path="/" + dbname))
    return conninfo.make_conninfo(url, dbname=dbname)


def _dbname(url: str) -> str:
    return str(conninfo.conninfo_to_dict(url).get("dbname") or "")


def create_database(admin_url: str) -> str:
    """Create an empty database ``scc_test_<hex>`` and return its URL."""
    name = DATABASE_PREFIX + secrets.token_hex(8)
    # CREATE DATABASE cannot run in a transaction. template0 never has other sessions attached,
    # which template1 (the default) might, and that would make CREATE DATABASE fail.
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(name)
            )
        )
    return _with_dbname(admin_url, name)


def drop_database(admin_url: str, url: str) -> None:
    """Drop the test database at `url`, ending any connections still open to it."""
    name = _dbname(url)
    if not name.startswith(DATABASE_PREFIX):
        # A guard against dropping a real database by a mix-up of URLs.
        raise ValueError(f"refusing to drop {name!r}: not a database made by create_database")
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        # pg_terminate_backend does not wait for the backend to exit; FORCE (PostgreSQL 13+)
        # closes that gap instead of failing with "being accessed by other users".
        force = sql.SQL(" WITH (FORCE)") if conn.info.server_version >= 130000 else sql.SQL("")
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}{}").format(sql.Identifier(name), force))
