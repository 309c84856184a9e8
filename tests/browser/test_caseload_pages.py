"""The caseload tools in Chromium (issue 16, item 2): a Service Manager narrows the cases list to
one officer with the filter form and finds the deadlines page from the navigation; a filtered
list and a wrong filter's error page (which the crawl of links does not reach) have no axe
violation; the README's screenshots of these pages (SCC_SCREENSHOTS=1)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import SCREENSHOTS, Site, sign_in
from tests.browser.test_accessibility import (  # noqa: F401 (fixtures)
    NARROW,
    axe_source,
    primaries,
    site,
    violations,
)


def test_a_service_manager_filters_the_cases_to_one_officer(
        page: Any, site: Site, axe_source: str) -> None:  # noqa: F811
    sign_in(page, site, "sam")
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_label("Officer").select_option("sue")
    page.get_by_role("button", name="Apply filters").click()
    assert "officer=sue" in page.url
    officers = page.locator("table tbody tr td:nth-child(3)").all_inner_texts()
    assert officers and set(officers) == {"sue"}
    assert violations(page, axe_source) + primaries(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "cases.png"), full_page=True)

    page.get_by_role("link", name="Deadlines", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Deadlines"
    assert "working days left" in page.locator("table").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "deadlines.png"), full_page=True)

    page.goto(f"{site.url}/deadlines?deadline=someday")
    assert "There is a problem" in page.locator("main").inner_text()
    assert violations(page, axe_source) == []


def test_the_filtered_lists_do_not_scroll_sideways_at_375_pixels_wide(
        browser: Any, site: Site) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, site, "sam")
        for path in ("/cases?officer=sue", "/deadlines?deadline=soon", "/visits?status=overdue",
                     "/meetings", "/dashboard"):
            page.goto(site.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= NARROW, path
    finally:
        context.close()
