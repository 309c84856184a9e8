"""Web pages served by uvicorn (`scc serve`, its own process) and loaded from another process on
127.0.0.1: the dashboard and a case page with 1,000 events, against a static file served by the
same server as the baseline. Uses `wrk` when installed, else a small Python load generator; every
run is bounded in time."""

from __future__ import annotations

import os
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
from datetime import date
from http.cookiejar import CookieJar
from pathlib import Path

from bench.timing import Report
from scc.bootstrap import Settings, build
from scc.clock import parse_moment
from scc.web.credentials import Credentials

NOW = "2026-06-01"
EVENTS = 1000
SECONDS = 5
CONNECTIONS = 2
PASSWORD = "bench password, long enough"
WRK_SCRIPT = 'done = function(s, latency, r) io.write(string.format("P95_US %d\\n", ' \
             'latency:percentile(95))) end\n'
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
    print(f"P95_US {samples[int(len(samples) * 0.95)] * 1e6:.0f}")
""")


def _populate(url: str) -> str:
    """Two users, a dozen schools with open cases, and one case with EVENTS events."""
    services = build(Settings(database_url=url, policy="calderdale", now=parse_moment(NOW),
                              user=None))
    try:
        services.admin.add_user(None, "ada", "admin")
        services.admin.add_user("ada", "sam", "service-manager")
        Credentials(services.ctx.engine).set_password("sam", PASSWORD)
        on = date(2026, 5, 1)
        for n in range(12):
            urn = f"{800000 + n}"
            services.schools.add("ada", urn, f"Bench School {n}", "community", "Primary")
            services.cases.open("sam", urn, "Bench case", on)
        reference = "800000-1"
        while services.ctx.store.event_count() < EVENTS + 40:
            services.cases.share_concerns("sam", reference, on, "shared")
            services.cases.step_down("sam", reference, on, "progress")
        return reference
    finally:
        services.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(url: str, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, SCC_DATABASE_URL=url, SCC_NOW=NOW)
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


def _sign_in(base: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/sign-in").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = urllib.parse.urlencode({"csrf_token": token, "name": "sam", "password": PASSWORD})
    opener.open(f"{base}/sign-in", data=form.encode()).read()
    cookie = next(c for c in jar if c.name == "scc_session")
    return f"scc_session={cookie.value}"


def _load(port: int, path: str, cookie: str) -> tuple[float, float]:
    """(requests per second, p95 in ms) for SECONDS of GET path."""
    if shutil.which("wrk"):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        done = subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", script.name,
                               "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}"],
                              capture_output=True, text=True, timeout=SECONDS + 30, check=True)
        os.unlink(script.name)
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))  # type: ignore[union-attr]
    else:
        done = subprocess.run([sys.executable, "-c", PYTHON_LOAD, "127.0.0.1", str(port), path,
                               cookie, str(SECONDS)], capture_output=True, text=True,
                              timeout=SECONDS + 30, check=True)
        rps = float(re.search(r"RPS ([\d.]+)", done.stdout).group(1))  # type: ignore[union-attr]
    p95 = float(re.search(r"P95_US ([\d.]+)", done.stdout).group(1)) / 1000  # type: ignore[union-attr]
    return rps, p95


def run(report: Report) -> None:
    tool = "wrk" if shutil.which("wrk") else "a Python load generator"
    report.section(f"Web pages under load ({tool}, {CONNECTIONS} connections, {SECONDS} s each, "
                   "uvicorn in its own process, SQLite)")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'scc.sqlite3'}"
        reference = _populate(url)
        port = _free_port()
        server = _serve(url, port)
        try:
            cookie = _sign_in(f"http://127.0.0.1:{port}")
            pages = [("static file /static/scc.css (baseline)", "/static/scc.css"),
                     ("dashboard", "/dashboard"),
                     (f"case page ({EVENTS}+ events)", f"/cases/{reference}")]
            baseline = None
            for name, path in pages:
                rps, p95 = _load(port, path, cookie)
                line = f"{name:<44} {rps:9.1f} req/s  p95 {p95:8.2f} ms"
                if baseline is not None:
                    line += (f"  ({baseline[0] / rps:6.1f}x fewer req/s, p95 "
                             f"{p95 / baseline[1]:6.1f}x the baseline)")
                else:
                    baseline = (rps, p95)
                report.say(line)
        finally:
            server.terminate()
            server.wait(timeout=30)
