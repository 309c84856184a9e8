"""The web app's security: each role x each page, CSRF, a headteacher confined to their school,
confidential register entries withheld, sessions, sign-in limits and headers."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import text

from scc.bootstrap import Services
from scc.demo import load
from scc.web import create_app
from tests.conftest import make_services
from tests.web_helpers import Browser, csrf_of, signed_in

ROLES = {"ada": "admin", "sam": "service-manager", "sue": "seo", "lee": "legal",
         "hana": "headteacher", "tim": "seo"}
READERS = {"ada", "sam", "sue", "lee", "tim"}
PASSWORD = "tim's long password"

# Page -> who may open it. sue is the officer allocated to 900004, 900001 and 900002; tim to none.
MATRIX: dict[str, set[str]] = {
    "/dashboard": READERS,
    "/schools": READERS,
    "/schools/900004": {"ada", "sam", "sue", "lee"},
    "/cases": READERS,
    "/cases/900002-1": {"ada", "sam", "sue", "lee"},
    "/cases/900002-1/share-concerns": {"sam"},
    "/cases/900002-1/warning-notice": {"sam"},
    "/cases/900002-1/notice-of-concern": {"sam"},
    "/cases/900002-1/intention": {"sam"},
    "/cases/900002-1/rd-notification": {"sam"},
    "/cases/900002-1/exercise-power": {"sam"},
    "/cases/900002-1/step-down": {"sam"},
    "/schools/900004/open-case": {"sam"},
    "/schools/900004/ofsted": {"sam"},
    "/schools/new": {"sam", "ada"},
    "/schools/900004/plan-visit": {"sam", "sue"},
    "/visits": READERS,
    "/visits/900004-V1": {"ada", "sam", "sue", "lee"},
    "/schools/900004/self-assessment": {"sam", "sue"},
    "/schools/900004/propose-category": {"sam", "sue"},
    "/schools/900004/discuss-category": {"sam", "sue"},
    "/schools/900004/confirm-category": {"sam"},
    "/schools/900004/notify-category": {"sam"},
    "/schools/900004/allocate-officer": {"sam", "ada"},
    "/schools/900004/schedule-meeting": {"sam"},
    "/meetings/900004-M1": {"ada", "sam", "sue", "lee"},
    "/meetings/900004-M1/documents": {"sam", "sue"},
    "/meetings/900004-M1/documents-missing": {"sam", "sue"},
    "/meetings/900004-M1/hold": {"sam"},
    "/meetings/900004-M1/outcome": {"sam"},
    "/cases/900002-1/correct": {"sam"},
    "/portal/900001/visits/900001-V1": {"hana"},
    "/register": READERS,
    "/register.csv": READERS,
    "/audit": {"ada", "sam", "lee"},
    "/cases/900006-1/audit": {"ada", "sam", "lee"},
    "/admin": {"ada"},
    "/admin/add-user": {"ada"},
    "/admin/closure": {"ada"},
    "/portal/900001": {"hana"},
    "/api/cases": READERS,
    "/api/cases/900002-1": {"ada", "sam", "sue", "lee"},
    "/api/deadlines": READERS,
    "/api/register": READERS,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, Services, dict]]:
    folder: Path = tmp_path_factory.mktemp("web")
    services = make_services(f"sqlite:///{folder / 'scc.sqlite3'}")
    demo = load(services)
    services.admin.add_user("ada", "tim", "seo")
    app = create_app(services)
    app.state.web.credentials.set_password("tim", PASSWORD)
    yield app, services, {**demo.passwords, "tim": PASSWORD}
    services.close()


@pytest.fixture(scope="module")
def people(site: tuple[FastAPI, Services, dict]) -> dict[str, Browser]:
    app, _services, passwords = site
    return {name: signed_in(app, name, passwords[name]) for name in ROLES}


def events(site: tuple[FastAPI, Services, dict]) -> int:
    return int(site[1].ctx.store.event_count())


@pytest.mark.parametrize("page", sorted(MATRIX))
def test_each_role_reaches_exactly_the_pages_its_role_allows(people: dict[str, Browser],
                                                              page: str) -> None:
    for name, browser in people.items():
        status = browser.get(page).status_code
        # tim (an SEO without 900002 or 900004): its cases, visits and meetings are not found.
        hidden = name == "tim" and page.startswith(("/cases/900002-1", "/api/cases/900002-1",
                                                    "/visits/", "/meetings/"))
        expected = 200 if name in MATRIX[page] else 404 if hidden else 403
        assert status == expected, f"{name} ({ROLES[name]}) got {status} for {page}"


NOTICE_FORMS = ("notice-of-concern", "warning-notice", "intention", "rd-notification",
                "exercise-power", "step-down")


@pytest.mark.parametrize("form", NOTICE_FORMS)
def test_each_role_may_preview_and_issue_a_notice_exactly_as_its_role_allows(
        site: Any, people: dict[str, Browser], form: str) -> None:
    """Previewing (the first post) and issuing (the confirmed post) are checked like the page;
    the Service Manager's empty form is sent back to be completed. Nothing is written."""
    before = events(site)
    for name, browser in people.items():
        for confirmed in ({}, {"confirmed": "yes"}):
            status = browser.post(f"/cases/900002-1/{form}", confirmed).status_code
            expected = 400 if name == "sam" else 404 if name == "tim" else 403
            assert status == expected, f"{name} ({ROLES[name]}) got {status} for {form} {confirmed}"
    assert events(site) == before


def test_a_visitor_who_has_not_signed_in_is_sent_to_sign_in(site: Any) -> None:
    from fastapi.testclient import TestClient
    client = TestClient(site[0])
    page = client.get("/cases/900002-1", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=/cases/900002-1"
    assert client.get("/api/cases").status_code == 401


def test_a_form_without_the_csrf_token_is_rejected_and_writes_nothing(
        site: Any, people: dict[str, Browser]) -> None:
    sam = people["sam"]
    before = events(site)
    form = {"on": "2026-05-30", "reason": "Shared the data"}
    missing = sam.post("/cases/900002-1/share-concerns", form, csrf=False)
    forged = sam.post("/cases/900002-1/share-concerns", {**form, "csrf_token": "forged"},
                      csrf=False)
    others = sam.post("/cases/900002-1/share-concerns",
                      {**form, "csrf_token": people["ada"].csrf}, csrf=False)
    assert (missing.status_code, forged.status_code, others.status_code) == (403, 403, 403)
    assert "was not sent from a page of this service" in missing.text
    assert events(site) == before


def test_a_role_refused_an_action_gets_403_and_nothing_is_written(
        site: Any, people: dict[str, Browser]) -> None:
    before = events(site)
    notice = {"kind": "s60", "grounds": "standards", "evidence": "e", "action_required": "a",
              "minded_to": "m", "on": "2026-05-30", "confirmed": "yes"}
    assert people["sue"].post("/cases/900002-1/warning-notice", notice).status_code == 403
    assert people["lee"].post("/cases/900002-1/share-concerns",
                              {"on": "2026-05-30"}).status_code == 403
    assert people["hana"].post("/admin/add-user", {"name": "eve", "role": "admin"}
                               ).status_code == 403
    assert events(site) == before


def test_a_form_with_mistakes_says_what_to_fix_and_writes_nothing(
        site: Any, people: dict[str, Browser]) -> None:
    before = events(site)
    page = people["sam"].post("/cases/900002-1/step-down", {"on": "14/01/2026"})
    assert page.status_code == 400
    assert "There is a problem" in page.text
    assert "Date it happened must be a real date, for example 14 1 2026." in page.text
    assert "Enter why the case steps down." in page.text
    refused = people["sam"].post("/cases/900002-1/compliance",
                                 {"outcome": "complied", "on": "2026-05-30"})
    assert refused.status_code == 409 and "You cannot record that the governing body" in refused.text
    assert events(site) == before


def test_a_headteacher_cannot_reach_another_school_by_changing_the_url(
        site: Any, people: dict[str, Browser]) -> None:
    hana = people["hana"]
    own = hana.get("/portal/900001").text
    letter = own.split('href="/portal/900001/letters/')[1].split('"')[0]
    before = events(site)
    for path in ("/portal/900002", f"/portal/900002/letters/{letter}", "/schools/900002",
                 "/cases/900002-1", "/api/cases/900001-1", "/register"):
        assert hana.get(path).status_code == 403, path
    # Another school's visit is outside her scope: not found, like one that does not exist.
    assert hana.post("/portal/900001/visits/900004-V1",
                     {"response": "accurate", "confirmed": "yes"}).status_code == 404
    assert hana.get("/portal/900001/visits/900004-V1").status_code == 404
    assert hana.get(f"/portal/900001/letters/{letter}").status_code == 200
    assert events(site) == before


def test_confidential_register_entries_never_reach_roles_without_the_right(
        people: dict[str, Browser]) -> None:
    # 900004 is on the register for the authority's own concern with no warning notice:
    # confidential; sue is its officer, tim is an SEO without it (outside his scope altogether).
    assert "Brighouse High School" in people["sam"].get("/register").text
    assert "Brighouse High School" in people["sue"].get("/register.csv").text
    for shown in (people["tim"].get("/register").text, people["tim"].get("/register.csv").text,
                  people["tim"].get("/api/register").text):
        assert "Brighouse High School" not in shown and "900004" not in shown


def test_sign_in_is_rate_limited(site: Any) -> None:
    from fastapi.testclient import TestClient
    # The limits are kept in the database: an address of its own keeps them to this test.
    client = TestClient(site[0], client=("192.0.2.10", 50000))
    token = csrf_of(client.get("/sign-in").text)
    tries = [client.post("/sign-in", data={"csrf_token": token, "name": "lee", "password": p})
             for p in ["wrong"] * 5 + [site[2]["lee"]]]
    assert [t.status_code for t in tries] == [401] * 5 + [429]
    assert "Too many failed attempts" in tries[-1].text


def test_sessions_end_at_sign_out_and_after_idle_time(site: Any) -> None:
    app, _services, passwords = site
    sam = signed_in(app, "sam", passwords["sam"])
    cookie = sam.client.cookies.get("scc_session")
    assert sam.post("/sign-out").status_code == 303
    sam.client.cookies.set("scc_session", cookie)
    assert sam.get("/dashboard").status_code == 303

    sessions = app.state.web.sessions
    clock = [time.time()]
    sessions.now = lambda: clock[0]
    try:
        sue = signed_in(app, "sue", passwords["sue"])
        clock[0] += 29 * 60
        assert sue.get("/dashboard").status_code == 200
        clock[0] += 31 * 60
        assert sue.get("/dashboard").status_code == 303
    finally:
        sessions.now = time.time


def test_cookies_and_headers(site: Any) -> None:
    from fastapi.testclient import TestClient
    page = TestClient(site[0]).get("/sign-in")
    headers = page.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    cookie = headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    secure = TestClient(site[0], base_url="https://testserver").get("/sign-in")
    assert "secure" in secure.headers["set-cookie"].lower()


def test_sign_in_never_redirects_to_another_site(site: Any) -> None:
    from fastapi.testclient import TestClient
    client = TestClient(site[0])
    token = csrf_of(client.get("/sign-in").text)
    done = client.post("/sign-in", data={"csrf_token": token, "name": "ada", "next": "//evil.example",
                                         "password": site[2]["ada"]}, follow_redirects=False)
    assert done.headers["location"] == "/dashboard"


def test_password_hashes_are_kept_outside_the_event_store(site: Any) -> None:
    engine = site[1].ctx.engine
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT state FROM stored_events")).scalars().all()
        hashes = conn.execute(text("SELECT password_hash FROM credentials")).scalars().all()
    assert hashes and all(h.startswith("$argon2") for h in hashes)
    assert not any(b"argon2" in bytes(s) for s in stored)
