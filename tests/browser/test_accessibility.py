"""Every page, as every role, checked by axe-core (the npm package, installed by the Makefile
beside GOV.UK Frontend) in Debian's Chromium: no violation at all. And the pages people use on a
phone, at 375 px wide, never scroll sideways.

The pages are found the way a person finds them: from each role's start page, every link to a
page of the service is followed, one page of each kind (a case, a school, a form...). Downloads,
documents as sent and signing out are not pages to check."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from scc.demo import load
from scc.web.templating import GOVUK
from tests.browser.conftest import TODAY, Site, _unavailable, fill_date, serve, sign_in
from tests.conftest import make_services

AXE = Path(__file__).resolve().parents[2] / "build" / "npm" / "node_modules" / "axe-core" / \
    "axe.min.js"
ROLES = ("ada", "sam", "sue", "lee", "hana")
# Not pages: files, documents exactly as sent, and the way out.
NOT_PAGES = re.compile(r"\.csv$|/documents/|/reports/|/letters/|/sign-out|/api/|/static/")
NARROW = 375


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A demo authority of its own: the checks below record a little (a form's errors do not)."""
    services = make_services(f"sqlite:///{tmp_path_factory.mktemp('a11y') / 'scc.sqlite3'}",
                             now=TODAY)
    yield from serve(services, load(services).passwords)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        _unavailable(f"axe-core is not installed at {AXE} (make static)")
    if not GOVUK.exists():
        _unavailable(f"GOV.UK Frontend is not installed at {GOVUK} (make static)")
    return AXE.read_text(encoding="utf-8")


def violations(page: Any, axe_source: str) -> list[str]:
    """axe-core's violations on the page as it is now, one line each (rule, impact, where)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)  # through the browser's debugging protocol, not a <script>
    found = page.evaluate("""async () => {
        const results = await window.axe.run(document, {resultTypes: ["violations"]});
        return results.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
            v.nodes.slice(0, 3).map(n => n.target.join(" ")).join("; "));
    }""")
    return [str(line) for line in found]


def shape(path: str) -> str:
    """Every record's own page (each case, school, visit...: they differ by state), and each
    form once, whichever record it is for: there a reference or URN stands for any."""
    if path.count("/") < 3:
        return path
    return re.sub(r"\d{6}(-[A-Z]?\d+)?", "N", path)


def pages_of(page: Any, site: Site) -> list[str]:
    """The paths of the service's pages linked from this one."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != site.url or NOT_PAGES.search(parts.path):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(page: Any, site: Site, check: Any) -> dict[str, Any]:
    """From the page the browser is on, every page of the service a person can follow a link
    to (see `shape`), each checked by `check(page)`: what it found, by path."""
    queue, seen, found = [urlsplit(page.url).path], set(), {}
    while queue:
        path = queue.pop(0)
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        response = page.goto(site.url + path)
        assert response is not None and response.status < 500, path
        found[path] = check(page)
        if response.status < 400:  # refused pages are pages too, but lead nowhere
            queue += pages_of(page, site)
    assert len(seen) > 3, seen  # signed in, and found the pages
    return found


@pytest.mark.parametrize("name", ROLES)
def test_every_page_a_role_can_reach_has_no_accessibility_violation(
        page: Any, site: Site, axe_source: str, name: str) -> None:
    sign_in(page, site, name)
    problems = crawl(page, site, lambda shown: violations(shown, axe_source) + primaries(shown))
    assert {path: found for path, found in problems.items() if found} == {}


def primaries(page: Any) -> list[str]:
    """One primary action a page at most: more than one green button is a problem too."""
    green = page.locator(".govuk-button:not(.govuk-button--secondary):not(.govuk-button--warning)")
    return [f"{green.count()} primary buttons"] if green.count() > 1 else []


def test_no_page_scrolls_sideways_at_375_pixels_wide(browser: Any, site: Site,
                                                     axe_source: str) -> None:
    """Every page the Service Manager (who sees the most) can reach, on a 375 px phone."""
    context = browser.new_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, site, "sam")
        widths = crawl(page, site, lambda shown: shown.evaluate(
            "document.documentElement.scrollWidth"))
    finally:
        context.close()
    assert {path: wide for path, wide in widths.items() if wide > NARROW} == {}


def test_a_form_with_errors_and_a_check_page_have_no_accessibility_violation(
        page: Any, site: Site, axe_source: str) -> None:
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/cases/900002-1/warning-notice")
    fill_date(page, "Date the notice is given", "")
    page.get_by_role("button", name="Continue").click()
    assert "There is a problem" in page.get_by_role("alert").inner_text()
    # GOV.UK Frontend's script moved the focus to the error summary.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert violations(page, axe_source) == []

    page.goto(f"{site.url}/cases/900002-1/close")
    page.get_by_label("Why the case is closed").fill("Checking the confirmation page.")
    page.get_by_role("button", name="Continue").click()
    assert "Check your answers" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".govuk-button--warning", has_text="Close case").count() == 1
    assert "1 June 2026" in page.locator(".govuk-summary-list").inner_text()  # not 2026-06-01
    assert violations(page, axe_source) == []
    # Change goes back to the form, filled in; nothing is recorded on the way.
    before = site.event_count()
    page.get_by_role("button", name=re.compile("^Change why the case is closed")).click()
    assert page.get_by_label("Why the case is closed").input_value() == \
        "Checking the confirmation page."
    assert site.event_count() == before

    page.goto(f"{site.url}/sign-out")  # a GET: not found, shown as a page
    assert violations(page, axe_source) == []


def test_the_sign_in_page_and_its_error_have_no_accessibility_violation(
        page: Any, site: Site, axe_source: str) -> None:
    page.goto(f"{site.url}/sign-in")
    assert violations(page, axe_source) == []
    page.get_by_role("button", name="Sign in").click()
    assert violations(page, axe_source) == []


@pytest.mark.parametrize("path", ["/dashboard", "/cases", "/cases/900004-1", "/register"])
def test_a_page_at_375_pixels_wide_does_not_scroll_sideways(
        browser: Any, site: Site, axe_source: str, path: str) -> None:
    context = browser.new_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, site, "sam")
        page.goto(site.url + path)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= NARROW, f"{path} is {wide} px wide at {NARROW} px"
        assert violations(page, axe_source) == []
    finally:
        context.close()


def test_pages_are_styled_by_govuk_frontend_and_run_only_the_services_own_scripts(
        page: Any, site: Site, axe_source: str) -> None:
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/cases/900004-1")
    # The Design System's stylesheet is applied (its page width), and its script ran.
    width = page.evaluate("getComputedStyle(document.querySelector('.govuk-width-container'))"
                          ".maxWidth")
    assert width.endswith("px"), width
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert blocked == []
    policy = page.request.get(f"{site.url}/dashboard").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy


def test_without_govuk_frontend_the_pages_still_work_unstyled(
        page: Any, site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """As when npm was unreachable at install: no stylesheet or script of the Design System is
    asked for, and a person can still sign in, read a case and be told what is wrong in a form."""
    from scc.web import templating

    monkeypatch.setattr(templating, "GOVUK", Path("/nonexistent/govuk-frontend.min.css"))
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/cases/900002-1")
    assert "Stage 2" in page.get_by_role("heading", level=1).inner_text()
    page.goto(f"{site.url}/cases/900002-1/warning-notice")
    fill_date(page, "Date the notice is given", "")
    page.get_by_role("button", name="Continue").click()
    assert "Enter date the notice is given." in page.get_by_role("alert").inner_text()
    assert not [url for url in asked if "/static/govuk/" in url or url.endswith("scc.js")]


def test_the_categorisation_steps_are_a_task_list_with_their_status(page: Any, site: Site,
                                                                      axe_source: str) -> None:
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/schools/900002")
    tasks = page.locator(".govuk-task-list__item")
    assert tasks.count() >= 5
    status = page.locator(".govuk-task-list__item", has_text="Confirm the school's category")
    assert "Not yet started" in status.inner_text()
    assert violations(page, axe_source) == []
