"""A signed-in TestClient per demo user, for the web security tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


@dataclass
class Browser:
    client: TestClient
    csrf: str

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, follow_redirects=False, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, csrf: bool = True) -> Any:
        form = dict(data or {})
        if csrf:
            form["csrf_token"] = self.csrf
        return self.client.post(path, data=form, follow_redirects=False)


def signed_in(app: FastAPI, name: str, password: str, base_url: str = "http://testserver") -> Browser:
    client = TestClient(app, base_url=base_url)
    token = csrf_of(client.get("/sign-in").text)
    done = client.post("/sign-in", data={"csrf_token": token, "name": name, "password": password},
                       follow_redirects=False)
    assert done.status_code == 303, done.text
    home = client.get(done.headers["location"])
    return Browser(client, csrf_of(home.text) if home.status_code == 200 else "")


def demo_a_month_on(url: str) -> tuple[Any, dict[str, str]]:
    """The demo authority loaded on 2026-06-01 and opened on 2026-07-01: the warning notice on
    900001-1 has run its compliance period (recorded as not complied with) and the powers it
    warned of have not yet lapsed. Returns the services, on the later day, and the passwords."""
    from scc.demo import load
    from tests.conftest import make_services  # the conftest imports nothing from here

    loading = make_services(url)
    passwords = load(loading).passwords
    loading.close()
    services = make_services(url, now=A_MONTH_ON)
    # Two days before "today", so that a notice of intention can be given the day before and
    # powers exercised today, after reasonable notice (EIA 2006 s60(1)(d)).
    services.cases.compliance("sam", "900001-1", "not-complied", date(2026, 6, 29),
                              "No credible plan was produced.")
    return services, passwords


A_MONTH_ON = "2026-07-01"
