"""A stateless web tier: sessions, CSRF secrets and sign-in limits in the database, so several
`scc serve` processes share one PostgreSQL database; X-Forwarded-For believed only from a
configured proxy; password checks off the event loop and never more than the limit allows.

No test here has a time limit: they assert on counts and on success. The latencies they see are
recorded (as junit properties); the figures are in bench/bench_web.py."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from argon2 import PasswordHasher, extract_parameters
from fastapi.testclient import TestClient
from sqlalchemy import delete, event, select, text

from scc.bootstrap import Settings
from scc.domain.errors import InvalidInput
from scc.web import create_app
from scc.web.credentials import HASHING, NICE, Credentials
from scc.web.sessions import SignInLimiter, limits
from tests.conftest import add_people, make_services
from tests.test_scheduler import wait_for
from tests.web_helpers import csrf_of, signed_in

SCC = str(Path(sys.executable).parent / "scc")
PASSWORD = "a long enough password"
STATIC = "/static/scc.css"


def wrong_password(client: Any, name: str, headers: dict[str, str] | None = None) -> int:
    token = csrf_of(client.get("/sign-in").text)
    return int(client.post("/sign-in", data={"csrf_token": token, "name": name,
                                             "password": "not the password"},
                           headers=headers or {}).status_code)


@pytest.fixture
def site(sqlite_url: str) -> Iterator[Any]:
    services = make_services(sqlite_url)
    add_people(services)
    Credentials(services.ctx.engine).set_password("sam", PASSWORD)
    yield services
    services.close()


def test_trusted_proxies_are_addresses_or_networks_and_a_wrong_one_names_the_setting() -> None:
    given = Settings.from_env({"SCC_TRUSTED_PROXIES": " 10.0.0.5, 192.168.1.0/24,::1 "})
    assert given.trusted_proxies == ("10.0.0.5", "192.168.1.0/24", "::1")
    assert Settings.from_env({}).trusted_proxies == ()
    with pytest.raises(InvalidInput, match="SCC_TRUSTED_PROXIES: 'proxy.example' is not an IP"):
        Settings.from_env({"SCC_TRUSTED_PROXIES": "10.0.0.5,proxy.example"})


def test_a_spoofed_forwarded_for_from_an_untrusted_client_does_not_reset_the_limit(site) -> None:
    """Five wrong passwords from one address (each for another name, each claiming to come from
    another address): the sixth is refused without a check. Through a configured proxy the
    forwarded addresses are believed, and each has its own limit."""
    direct = TestClient(create_app(site), client=("198.51.100.7", 40000))
    spoofed = [wrong_password(direct, f"guess{i}", {"X-Forwarded-For": f"203.0.113.{i}"})
               for i in range(6)]
    assert spoofed == [401] * 5 + [429]

    proxied = TestClient(create_app(site, trusted_proxies=("198.51.100.0/24",)),
                         client=("198.51.100.8", 40000))
    forwarded = [wrong_password(proxied, f"other{i}", {"X-Forwarded-For": f"203.0.113.{i}"})
                 for i in range(6)]
    assert forwarded == [401] * 6


def test_the_api_checks_basic_credentials_under_the_same_limits_as_the_sign_in_form(site) -> None:
    """Guessed names from one address: five passwords checked, then none, as on the form."""
    app = create_app(site)
    credentials = app.state.web.credentials
    checks: list[str] = []
    verify = credentials.verify

    def counted(name: str, password: str) -> bool:
        checks.append(name)
        return bool(verify(name, password))

    credentials.verify = counted

    def cases(client: TestClient, name: str, password: str) -> int:
        basic = base64.b64encode(f"{name}:{password}".encode()).decode()
        return client.get("/api/cases", headers={"Authorization": f"Basic {basic}"}).status_code

    guesser = TestClient(app, client=("198.51.100.20", 40000))
    assert [cases(guesser, f"guess{i}", "not the password") for i in range(6)] == [401] * 6
    assert len(checks) == 5
    assert cases(guesser, "sam", PASSWORD) == 401 and len(checks) == 5  # that address: no more
    assert cases(TestClient(app, client=("198.51.100.21", 40000)), "sam", PASSWORD) == 200


def test_a_session_survives_a_restart_and_rebuild_and_expired_sessions_are_swept(
        site, sqlite_url) -> None:
    first = create_app(site)
    sam = signed_in(first, "sam", PASSWORD)
    cookie = sam.client.cookies.get("scc_session")
    sam.client.close()

    site.admin.rebuild_projections("ada")  # the sessions are not read models
    restarted = TestClient(create_app(site))  # another process would see the same rows
    restarted.cookies.set("scc_session", cookie)
    assert restarted.get("/dashboard", follow_redirects=False).status_code == 200
    with site.ctx.engine.connect() as conn:  # the cookie's token itself is never stored
        stored = conn.execute(text("SELECT token_hash, csrf FROM web_sessions")).all()
    assert stored and all(cookie not in row for row in stored)

    sessions = restarted.app.state.web.sessions  # type: ignore[attr-defined]
    before = sessions.count()
    sessions.now = lambda: time.time() + 31 * 60
    sessions.sweep()
    assert before >= 1 and sessions.count() == 0
    sessions.now = time.time
    assert restarted.get("/dashboard", follow_redirects=False).status_code == 303


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app served by uvicorn in a thread of this process (so its password checks can be
    counted), on 127.0.0.1."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, "the server to start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[int(len(ordered) * 0.95)] * 1000 if ordered else 0.0


def test_a_sign_in_flood_checks_no_more_passwords_than_the_limit_and_static_files_stay_served(
        database_url, record_property) -> None:
    services = make_services(database_url)
    add_people(services)
    Credentials(services.ctx.engine).set_password("lee", PASSWORD)
    app = create_app(services)
    state = app.state.web
    checks: list[str] = []
    claimed_in: set[str] = set()
    verify, claim = state.credentials.verify, state.limiter.claim

    def counted(name: str, password: str) -> bool:
        checks.append(name)
        return bool(verify(name, password))

    def claim_where(*keys: str) -> bool:
        claimed_in.add(threading.current_thread().name.rstrip("_0123456789"))
        return bool(claim(*keys))

    state.credentials.verify = counted
    state.limiter.claim = claim_where
    with serving(app) as base:
        # No timeouts: on a busy machine the low-priority password checks may take a while.
        static = httpx.Client(base_url=base, timeout=None)
        idle = []
        for _ in range(50):
            start = time.perf_counter()
            assert static.get(STATIC).status_code == 200
            idle.append(time.perf_counter() - start)

        attackers = [httpx.Client(base_url=base, timeout=None) for _ in range(40)]
        tokens = [csrf_of(a.get("/sign-in").text) for a in attackers]
        together = threading.Barrier(len(attackers) + 1)
        flooding = threading.Event()
        during: list[tuple[int, float]] = []

        def attack(i: int) -> int:
            together.wait()
            return attackers[i].post("/sign-in", data={"csrf_token": tokens[i], "name": "lee",
                                                       "password": f"guess {i}"}).status_code

        def fetch_static() -> None:
            together.wait()
            while flooding.is_set() or not during:
                start = time.perf_counter()
                status = static.get(STATIC).status_code
                during.append((status, time.perf_counter() - start))

        flooding.set()
        with ThreadPoolExecutor(len(attackers) + 1) as pool:
            fetcher = pool.submit(fetch_static)
            try:
                statuses = list(pool.map(attack, range(len(attackers))))
            finally:
                flooding.clear()
            fetcher.result()
        # Once the process knows the user is over the limit it refuses from memory: no thread,
        # no database.
        claimed = len(claimed_in)
        assert wrong_password(attackers[0], "lee") == 429 and state.limiter.refused("user:lee")
        for client in [static, *attackers]:
            client.close()
    services.close()

    assert len(checks) == 5  # the limit: every other attempt was refused before any check
    assert sorted(statuses) == [401] * 5 + [429] * 35
    assert during and all(status == 200 for status, _ in during)
    # The limit's database work ran in the sign-in threads, never in the pool serving files.
    assert claimed_in == {"scc-sign-in"} and claimed == 1
    record_property("static_p95_ms_idle", round(_p95(idle), 2))
    record_property("static_p95_ms_during_flood", round(_p95([s for _, s in during]), 2))


def test_an_attempt_over_the_limit_writes_nothing_and_is_then_refused_from_memory(
        database_url) -> None:
    services = make_services(database_url)
    engine = services.ctx.engine
    limiter = SignInLimiter(engine, attempts=2)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement.lstrip().split()[0].upper())

    def attempts(key: str) -> int | None:
        with engine.connect() as conn:
            return conn.execute(select(limits.c.attempts).where(limits.c.key == key)).scalar()

    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert [limiter.claim("user:kim", "address:a") for _ in range(2)] == [True, True]
        statements.clear()
        # kim is at the limit: refused after one read, and address b is not counted.
        assert not limiter.claim("user:kim", "address:b")
        assert statements == ["SELECT"]
        statements.clear()
        assert limiter.refused("user:kim") and not limiter.claim("user:kim", "address:c")
        assert statements == []  # from memory
        assert attempts("user:kim") == 2 and attempts("address:b") is None

        # Another process's success clears kim's count: this one honours it once its memory
        # lapses (a few seconds), not at the end of the window.
        with engine.begin() as conn:
            conn.execute(delete(limits).where(limits.c.key == "user:kim"))
        later = time.time() + SignInLimiter.REMEMBER_SECONDS + 1
        limiter.now = lambda: later
        assert not limiter.refused("user:kim") and limiter.claim("user:kim", "address:d")

        # A success here forgets at once.
        limiter.claim("user:kim", "address:d")
        assert not limiter.claim("user:kim", "address:d") and limiter.refused("user:kim")
        limiter.succeeded("user:kim", "address:d")
        assert not limiter.refused("user:kim", "address:d") and attempts("user:kim") is None
    finally:
        event.remove(engine, "before_cursor_execute", seen)
        services.close()


def test_passwords_are_checked_on_one_core_at_low_priority_and_old_hashes_are_replaced(
        sqlite_url) -> None:
    services = make_services(sqlite_url)
    credentials = Credentials(services.ctx.engine)

    def stored() -> str:
        with services.ctx.engine.connect() as conn:
            return str(conn.execute(text("SELECT password_hash FROM credentials")).scalar_one())

    try:
        credentials.set_password("sam", PASSWORD)
        assert extract_parameters(stored()).parallelism == 1
        # A hash made with four lanes (the library's default) is replaced at the next success.
        credentials._store("sam", PasswordHasher().hash(PASSWORD))
        assert extract_parameters(stored()).parallelism == 4
        assert not credentials.verify("sam", "not the password at all")
        assert extract_parameters(stored()).parallelism == 4
        assert credentials.verify("sam", PASSWORD)
        assert extract_parameters(stored()).parallelism == 1 and credentials.verify("sam", PASSWORD)
    finally:
        services.close()
    if sys.platform == "linux":
        niceness = HASHING.submit(
            lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())).result()
        assert niceness >= NICE > os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


# Two `scc serve` processes on one PostgreSQL database.

def _environment(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCC_")}
    return env | {"SCC_DATABASE_URL": url, "SCC_NOW": "2026-06-01", "SCC_POLICY": "calderdale"}


def _serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([SCC, "serve", "--port", str(port)], env=_environment(url),
                              stdout=subprocess.DEVNULL, stderr=log.open("ab"))

    def up() -> bool:
        assert server.poll() is None, log.read_text()
        try:
            return httpx.get(f"http://127.0.0.1:{port}{STATIC}").status_code == 200
        except httpx.TransportError:
            return False

    wait_for(up, f"scc serve on port {port}")
    return server


def _scheduler_leaders(url: str) -> int:
    """How many connections hold the scheduler's advisory lock in this database."""
    from scc.scheduler import LOCK_KEY

    services = make_services(url)
    try:
        with services.ctx.engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                "WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database() "
                "AND l.classid = 0 AND l.objid = :key"), {"key": LOCK_KEY}).scalar_one())
    finally:
        services.close()


@pytest.mark.postgres
def test_two_serve_processes_share_sessions_limits_and_one_scheduler(postgres_url,
                                                                     tmp_path) -> None:
    services = make_services(postgres_url)
    add_people(services)
    Credentials(services.ctx.engine).set_password("sam", PASSWORD)
    services.close()
    ports = [_free_port(), _free_port()]
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    servers = [_serve(postgres_url, port, log) for port, log in zip(ports, logs, strict=True)]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        # Signed in across both: the sign-in page from one, the form posted to the other.
        user = httpx.Client()
        token = csrf_of(user.get(f"{bases[0]}/sign-in").text)
        done = user.post(f"{bases[1]}/sign-in",
                         data={"csrf_token": token, "name": "sam", "password": PASSWORD})
        assert done.status_code == 303, done.text
        # The user's requests alternate between the two processes (round robin by port).
        pages = [user.get(f"{bases[i % 2]}/dashboard") for i in range(10)]
        assert [p.status_code for p in pages] == [200] * 10
        assert "sam" in pages[-1].text
        wait_for(lambda: _scheduler_leaders(postgres_url) == 1, "one scheduler leader")

        # One process killed and started again: the user is still signed in, on both.
        servers[0].send_signal(signal.SIGKILL)
        servers[0].wait()
        assert user.get(f"{bases[1]}/dashboard").status_code == 200
        servers[0] = _serve(postgres_url, ports[0], logs[0])
        assert [user.get(f"{bases[i % 2]}/dashboard").status_code
                for i in range(4)] == [200] * 4
        wait_for(lambda: _scheduler_leaders(postgres_url) == 1, "one leader after the restart")

        # A bounded load over both (127.0.0.1 only): no errors.
        cookie = {"scc_session": user.cookies["scc_session"]}
        paths = ["/dashboard", STATIC, "/cases", "/api/cases"]

        def one(i: int) -> int:
            with httpx.Client(cookies=cookie) as client:
                return client.get(f"{bases[i % 2]}{paths[i % len(paths)]}").status_code

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(one, range(200)))
        assert statuses == [200] * 200
        assert not any("Traceback" in log.read_text() for log in logs)  # nor an error logged

        # The limit is shared: failures on either process count together.
        attacker = [httpx.Client(base_url=base) for base in bases]
        assert [wrong_password(attacker[i % 2], "lee") for i in range(6)] == [401] * 5 + [429]

        # Signing out on one process ends the session on the other.
        form = {"csrf_token": csrf_of(pages[-1].text)}
        assert user.post(f"{bases[1]}/sign-out", data=form).status_code == 303
        assert user.get(f"{bases[0]}/dashboard").status_code == 303
        assert _scheduler_leaders(postgres_url) == 1
    finally:
        for server in servers:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=60)
