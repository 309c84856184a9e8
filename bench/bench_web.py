"""Web pages served by uvicorn (`scc serve`, its own process) and loaded from another process on
127.0.0.1: the dashboard, a case page with 1,000 events (its latest and its oldest fifty) and the
register over bench_register's 24,000 schools (a page under load; then a page and the whole CSV
as of a new date each request), against a static file served by the same server as the baseline; a static file's p95 idle and during a sign-in flood; on PostgreSQL,
requests per second for one `scc serve` process and for two sharing the database. Uses `wrk` when
installed, else a small Python load generator; every run is bounded in time."""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import date, timedelta
from http.cookiejar import CookieJar
from pathlib import Path

from sqlalchemy import text

from bench import bench_register
from bench.databases import postgres_database, postgres_server
from bench.timing import Report, measure
from scc.application.case_page import PAGE_SIZE
from scc.bootstrap import Settings, build
from scc.clock import parse_moment
from scc.web.credentials import Credentials

NOW = "2026-06-01"
EVENTS = 1000
REGISTER_READS = 20  # requests of the register, each as of another date
SECONDS = 5
BURSTS = 3  # times the flood (40 at once) is measured
CONNECTIONS = 2
PASSWORD = "bench password, long enough"
SEO = "seo7"
WRK_SCRIPT = 'done = function(s, latency, r) io.write(string.format("P50_US %d\\nP95_US %d\\n", ' \
             'latency:percentile(50), latency:percentile(95))) end\n'
PYTHON_LOAD = textwrap.dedent("""
    import http.client, sys, time
    host, port, path, cookie, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
    conn = http.client.HTTPConnection(host, port)
    samples, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": cookie})
        conn.getresponse().read()
        samples.append(time.perf_counter() - start)
    samples.sort()
    print(f"RPS {len(samples) / seconds:.1f}")
    print(f"P50_US {samples[len(samples) // 2] * 1e6:.0f}")
    print(f"P95_US {samples[int(len(samples) * 0.95)] * 1e6:.0f}")
""")


# 40 attackers posting wrong passwords for SECONDS. "burst": 40 at once at the turn of every
# second, for one user from one address, each on a new connection whether or not the last one has
# been answered (the limit refuses all but the first 5 unchecked); "one": 40 connections, each
# posting again as soon as it is answered; "spread": the same, each attempt another name and
# another address, forwarded by a trusted proxy, so every attempt is a real argon2 check;
# "control": as "burst", but 40 GETs of the static file, to tell the sign-in's cost from that of
# any 40 requests at once (and of the attackers' own threads, on the same cores).
FLOOD = textwrap.dedent("""
    import collections, http.client, re, sys, threading, time, urllib.parse
    host, port, seconds, mode = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    flood = int(sys.argv[5])  # each flood its own user and address: a fresh limit, 5 checks
    codes = collections.Counter()
    end = time.perf_counter() + seconds
    def post(conn, cookie, token, i, n):
        if mode == "control":
            conn.request("GET", "/static/scc.css")
            answer = conn.getresponse()
            answer.read()
            codes[answer.status] += 1
            return
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
                   "X-Forwarded-For": f"192.0.2.{flood}"}
        name = f"lee{flood}"
        if mode == "spread":
            headers["X-Forwarded-For"] = f"10.{i}.{n // 250 % 250}.{n % 250 + 1}"
            name = f"guess-{i}-{n}"
        form = urllib.parse.urlencode({"csrf_token": token, "name": name, "password": "x" * 12})
        conn.request("POST", "/sign-in", body=form, headers=headers)
        answer = conn.getresponse()
        answer.read()
        codes[answer.status] += 1
    def once(cookie, token, i, n):
        conn = http.client.HTTPConnection(host, port)
        post(conn, cookie, token, i, n)
        conn.close()
    def attacker(i):
        conn = http.client.HTTPConnection(host, port)
        conn.request("GET", "/sign-in")
        page = conn.getresponse()
        cookie = page.getheader("set-cookie").split(";")[0]
        token = re.search('name="csrf_token" value="([^"]+)"', page.read().decode()).group(1)
        n, posts = 0, []
        while time.perf_counter() < end:
            n += 1
            if mode in ("burst", "control"):
                time.sleep(1 - time.time() % 1)  # all 40 at the turn of each second
                posts.append(threading.Thread(target=once, args=(cookie, token, i, n)))
                posts[-1].start()
            else:
                post(conn, cookie, token, i, n)
        for thread in posts: thread.join()
    threads = [threading.Thread(target=attacker, args=(i,)) for i in range(40)]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    print(" ".join(f"{code}:{count}" for code, count in sorted(codes.items())))
""")


def _populate(url: str, national: bool = False) -> tuple[str, int]:
    """Two users, a dozen schools with open cases, and one case with EVENTS events (its reference
    and its number of events); `national`: the register tables of bench_register's 24,000
    schools with ten years of categorisation, written straight into the read models (without
    its open cases, which have no events for the dashboard to load)."""
    services = build(Settings(database_url=url, policy="calderdale", now=parse_moment(NOW),
                              user=None))
    try:
        services.admin.add_user(None, "ada", "admin")
        services.admin.add_user("ada", "sam", "service-manager")
        # An SEO of bench_register's forty, allocated some 600 of its schools.
        services.admin.add_user("ada", SEO, "seo")
        for name in ("sam", SEO):
            Credentials(services.ctx.engine).set_password(name, PASSWORD)
        on = date(2026, 5, 1)
        for n in range(12):
            urn = f"{800000 + n}"
            services.schools.add("ada", urn, f"Bench School {n}", "community", "Primary")
            services.cases.open("sam", urn, "Bench case", on)
        reference = "800000-1"
        while services.ctx.store.event_count() < EVENTS + 40:
            services.cases.share_concerns("sam", reference, on, "shared")
            services.cases.step_down("sam", reference, on, "progress")
        if national:
            bench_register.generate(services.ctx.engine, cases=False)
            with services.ctx.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        return reference, int(services.cases.show("sam", reference)["version"])
    finally:
        services.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(url: str, port: int, **extra: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, SCC_DATABASE_URL=url, SCC_NOW=NOW, **extra)
    code = "from scc.cli import main; main()"
    server = subprocess.Popen([sys.executable, "-c", code, "serve", "--no-scheduler", "--port",
                               str(port)], env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/scc.css", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the web server did not start")


def _sign_in(base: str, name: str = "sam") -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/sign-in").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = urllib.parse.urlencode({"csrf_token": token, "name": name, "password": PASSWORD})
    opener.open(f"{base}/sign-in", data=form.encode()).read()
    cookie = next(c for c in jar if c.name == "scc_session")
    return f"scc_session={cookie.value}"


def _get(url: str, cookie: str) -> bytes:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert answer.status == 200
        return bytes(answer.read())


def _load(port: int, path: str, cookie: str,
          connections: int = CONNECTIONS) -> tuple[float, float, float]:
    """(requests per second, p95 in ms, p50 in ms) for SECONDS of GET path."""
    return _finish(_start_load(port, path, cookie, connections))


def _start_load(port: int, path: str, cookie: str,
                connections: int = CONNECTIONS) -> subprocess.Popen[str]:
    if shutil.which("wrk"):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        return subprocess.Popen(["wrk", "-t1", f"-c{connections}", f"-d{SECONDS}s", "-s",
                                 script.name, "-H", f"Cookie: {cookie}",
                                 f"http://127.0.0.1:{port}{path}"],
                                stdout=subprocess.PIPE, text=True)
    return subprocess.Popen([sys.executable, "-c", PYTHON_LOAD, "127.0.0.1", str(port), path,
                             cookie, str(SECONDS)], stdout=subprocess.PIPE, text=True)


def _finish(load: subprocess.Popen[str]) -> tuple[float, float, float]:
    out, _ = load.communicate(timeout=SECONDS + 30)
    found = re.search(r"Requests/sec:\s+([\d.]+)", out) or re.search(r"RPS ([\d.]+)", out)
    p95 = float(re.search(r"P95_US ([\d.]+)", out).group(1)) / 1000  # type: ignore[union-attr]
    p50 = float(re.search(r"P50_US ([\d.]+)", out).group(1)) / 1000  # type: ignore[union-attr]
    return float(found.group(1)), p95, p50  # type: ignore[union-attr]


def run(report: Report) -> None:
    tool = "wrk" if shutil.which("wrk") else "a Python load generator"
    report.section(f"Web pages under load ({tool}, {CONNECTIONS} connections, {SECONDS} s each, "
                   f"uvicorn in its own process, SQLite, {bench_register.SCHOOLS:,} schools' "
                   "register)")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'scc.sqlite3'}"
        reference, events = _populate(url, national=True)
        port = _free_port()
        server = _serve(url, port, SCC_TRUSTED_PROXIES="127.0.0.1")  # for the spread flood
        try:
            cookie = _sign_in(f"http://127.0.0.1:{port}")
            seo = _sign_in(f"http://127.0.0.1:{port}", SEO)
            last = -(-events // PAGE_SIZE)
            as_seo = f"dashboard (SEO {SEO}, ~600 schools)"  # every other page as the Service Manager
            pages = [("static file /static/scc.css (baseline)", "/static/scc.css"),
                     ("dashboard (Service Manager)", "/dashboard"),
                     (as_seo, "/dashboard"),
                     (f"case page ({events} events), latest 50", f"/cases/{reference}"),
                     (f"case page ({events} events), oldest (page {last})",
                      f"/cases/{reference}?page={last}"),
                     (f"case JSON ({events} events)", f"/api/cases/{reference}"),
                     ("register page 2 (today)", "/register?page=2")]
            baseline = None
            for name, path in pages:
                who = seo if name == as_seo else cookie
                _get(f"http://127.0.0.1:{port}{path}", who)  # warm: templates, what is kept
                rps, p95, p50 = _load(port, path, who)
                line = f"{name:<44} {rps:9.1f} req/s  p50 {p50:7.2f} ms  p95 {p95:7.2f} ms"
                if baseline is not None:
                    line += (f"  ({baseline[0] / rps:6.1f}x fewer req/s, p95 "
                             f"{p95 / baseline[1]:6.1f}x the baseline)")
                else:
                    baseline = (rps, p95)
                report.say(line)
            _register_each_date(report, f"http://127.0.0.1:{port}", cookie)
            _flood(report, port, cookie)
        finally:
            server.terminate()
            server.wait(timeout=30)
    admin = postgres_server()
    if admin:
        _processes(report, admin)
    else:
        report.say("(one process against two on PostgreSQL: set SCC_BENCH_POSTGRES_URL)")


def _register_each_date(report: Report, base: str, cookie: str) -> None:
    """The register read afresh (another date each request, so nothing kept helps), one request
    at a time: a page of it and the whole CSV export, against the static file."""
    report.section(f"The register as of a new date each request ({bench_register.SCHOOLS:,} "
                   "schools, one request at a time, SQLite)")
    rng = random.Random(16)
    span = (bench_register.LAST - bench_register.FIRST).days
    days = [bench_register.FIRST + timedelta(days=rng.randrange(span))
            for _ in range(2 * REGISTER_READS)]

    def get(path: str, first: int = 0) -> Callable[[int], object]:
        return lambda i: _get(base + path.format(day=days[first + i]), cookie)

    baseline = measure("static file /static/scc.css (baseline)", get("/static/scc.css"),
                       REGISTER_READS)
    page = measure("register page 2, sorted by category",
                   get("/register?as_of={day}&page=2&sort=category"), REGISTER_READS)
    export = measure("register CSV export (every entry)", get("/register.csv?as_of={day}", REGISTER_READS), REGISTER_READS)
    size = len(_get(f"{base}/register.csv?as_of={days[0]}", cookie))
    report.say(baseline.line())
    report.say(page.line(baseline))
    report.say(export.line(baseline) + f"  ({size:,} bytes)")


def _flood(report: Report, port: int, cookie: str) -> None:
    """The static file's p95 (one connection) idle, then while 40 attackers post wrong
    passwords (401: checked and wrong; 429: refused by the limit, unchecked, answered a second
    late). argon2 runs in one low-priority thread of its own and the sign-in's database work in
    two, so the event loop and the file threads keep serving. Each flood is measured just after
    its own idle figure (the machine may be busy with other work), the issue's case (40 at once)
    BURSTS times."""
    report.section(f"Static file during a sign-in flood (40 attackers, {SECONDS} s, SQLite; "
                   "idle measured just before each flood)")
    floods = [("burst", "40 at once each second, one user")] * BURSTS + [
        ("control", "control: 40 static GETs at once each second"),
        ("one", "40 again when answered, one user"),
        ("spread", "40 again when answered, new name+address")]
    ratios = []
    for flood, (mode, name) in enumerate(floods, 1):
        _rps, idle, _p50 = _load(port, "/static/scc.css", cookie, connections=1)
        attackers = subprocess.Popen([sys.executable, "-c", FLOOD, "127.0.0.1", str(port),
                                      str(SECONDS + 2), mode, str(flood)],
                                     stdout=subprocess.PIPE, text=True)
        time.sleep(1)  # the attackers are posting
        _rps, p95, _p50 = _load(port, "/static/scc.css", cookie, connections=1)
        answers, _ = attackers.communicate(timeout=SECONDS + 60)
        if mode == "burst":
            ratios.append(p95 / idle)
        report.say(f"{name:<44} p95 {p95:8.2f} ms, idle {idle:6.2f} ms ({p95 / idle:5.1f}x; "
                   f"answers {answers.strip()})")
    ratios.sort()
    report.say(f"{'40 at once: median of ' + str(BURSTS):<44} {ratios[len(ratios) // 2]:5.1f}x idle "
               f"(from {ratios[0]:.1f}x to {ratios[-1]:.1f}x; the issue's goal is 2x)")


def _processes(report: Report, admin: str) -> None:
    """The dashboard from one `scc serve` and from two on one PostgreSQL database (the same
    session cookie on both), 4 connections in all."""
    report.section(f"One scc serve against two on one PostgreSQL database (dashboard, "
                   f"4 connections in all, {SECONDS} s, {os.cpu_count()} CPUs)")
    with postgres_database(admin) as url:
        _populate(url)
        ports = [_free_port(), _free_port()]
        servers = [_serve(url, port) for port in ports]
        try:
            cookie = _sign_in(f"http://127.0.0.1:{ports[0]}")
            one, _p95, _p50 = _load(ports[0], "/dashboard", cookie, connections=4)
            report.say(f"{'one process':<44} {one:9.1f} req/s")
            loads = [_start_load(port, "/dashboard", cookie, connections=2) for port in ports]
            both = sum(_finish(load)[0] for load in loads)
            report.say(f"{'two processes':<44} {both:9.1f} req/s ({both / one:4.2f}x)")
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
