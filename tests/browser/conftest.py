"""A real server and a real browser: uvicorn on a free 127.0.0.1 port in a thread, serving the
demo authority, driven by Debian's Chromium through Playwright (never a downloaded browser).

Without /usr/bin/chromium (or the playwright package) these tests skip, unless
SCC_REQUIRE_BROWSER=1 (as in CI), when they fail instead."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scc.demo import load
from tests.conftest import make_services

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TODAY = "2026-06-01"
# The README's screenshots are refreshed only on request (SCC_SCREENSHOTS=1), so that a test run
# leaves the working tree as it found it.
SCREENSHOTS = (Path(__file__).resolve().parents[2] / "docs" / "img"
               if os.environ.get("SCC_SCREENSHOTS") == "1"
               else Path(tempfile.gettempdir()) / "scc-screenshots")


def _unavailable(reason: str) -> None:
    if os.environ.get("SCC_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SCC_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@dataclass
class Site:
    url: str
    passwords: dict[str, str]
    services: Any

    def event_count(self) -> int:
        return int(self.services.ctx.store.event_count())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("site")
    services = make_services(f"sqlite:///{folder / 'scc.sqlite3'}", now=TODAY)
    demo = load(services)
    yield from serve(services, demo.passwords)


def serve(services: Any, passwords: dict[str, str]) -> Iterator[Site]:
    """The app over `services` under uvicorn until the generator is closed; closes `services`."""
    import uvicorn

    from scc.web import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(services), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{port}", passwords, services)
    server.should_exit = True
    thread.join(timeout=10)
    services.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page: Any, site: Site, name: str) -> None:
    page.goto(f"{site.url}/sign-in")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(site.passwords[name])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def fill_date(page: Any, label: str, day: str) -> None:
    """Fills a GOV.UK date input (its Day, Month and Year boxes, in the group its legend names)
    from ISO text such as 2026-07-20; empty text empties the three boxes."""
    group = page.get_by_role("group", name=label)
    year, month, dd = day.split("-") if day else ("", "", "")
    for box, value in (("Day", dd), ("Month", month), ("Year", year)):
        group.get_by_label(box, exact=True).fill(value)
