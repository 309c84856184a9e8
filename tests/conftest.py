"""Shared fixtures: a real database per test (SQLite file, or a fresh PostgreSQL database when
SCC_TEST_POSTGRES_URL names a server), and a way to run `scc` commands in-process."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scc.bootstrap import Services, Settings, build
from scc.cli import main
from scc.clock import parse_moment
from tests.pg import create_database, drop_database, postgres_admin_url, postgres_required

SHARED = Path(__file__).resolve().parents[2] / "shared"
GIAS_SAMPLE = SHARED / "data" / "gias" / "establishments-sample.csv"
TODAY = "2026-06-01"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test that asks for this runs twice: on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scc.sqlite3'}"
        return
    yield from _postgres_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'scc.sqlite3'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_database()


def _postgres_database() -> Iterator[str]:
    admin = postgres_admin_url()
    if admin is None:
        if postgres_required():
            pytest.fail("SCC_REQUIRE_POSTGRES=1 but SCC_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server (set SCC_TEST_POSTGRES_URL)")
    url = create_database(admin)
    try:
        yield url
    finally:
        drop_database(admin, url)


def make_services(url: str, now: str = TODAY, policy: str = "calderdale") -> Services:
    return build(Settings(database_url=url, policy=policy, now=parse_moment(now), user=None))


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    """The service layer on both databases, the clock fixed at TODAY, with one user per role."""
    svc = make_services(database_url)
    add_people(svc)
    yield svc
    svc.close()


def add_people(svc: Services) -> None:
    svc.admin.add_user(None, "ada", "admin")
    svc.admin.add_user("ada", "sam", "service-manager")
    svc.admin.add_user("ada", "sue", "seo")
    svc.admin.add_user("ada", "lee", "legal")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


CliRunnerFn = Callable[..., Result]


@pytest.fixture
def scc(sqlite_url: str) -> CliRunnerFn:
    """Runs `scc ARGS...` in-process against one SQLite database, as a user would type it."""
    return cli_against(sqlite_url)


def cli_against(url: str) -> CliRunnerFn:
    def run(*args: str, now: str = TODAY, user: str | None = None,
            env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
        environment = {"SCC_DATABASE_URL": url, "SCC_NOW": now, "SCC_POLICY": "calderdale",
                       "SCC_USER": user or ""}
        environment.update(env or {})
        runner = CliRunner()
        with runner.isolation(input=stdin, env=environment) as streams:
            try:
                main(list(args))
                code = 0
            except SystemExit as done:
                code = int(done.code or 0)
        return Result(code, streams[0].getvalue().decode(), streams[1].getvalue().decode())

    return run


def event_count(url: str) -> int:
    svc = make_services(url)
    try:
        return svc.ctx.store.event_count()
    finally:
        svc.close()


def moment(text: str) -> datetime:
    return parse_moment(text)
