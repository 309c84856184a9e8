"""The planner's answer and the calendar with a new feed address: pages a crawl of links does
not reach (a filled-in plan, the address shown once), checked by axe-core, with one primary
button, and not scrolling sideways at 375 px."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Site, sign_in
from tests.browser.test_accessibility import (  # noqa: F401 (fixtures)
    NARROW,
    axe_source,
    primaries,
    site,
    violations,
)


def checked(page: Any, axe_source: str) -> list[str]:  # noqa: F811
    return violations(page, axe_source) + primaries(page)


def test_a_plan_its_error_and_a_feed_address_have_no_accessibility_violation(
        page: Any, site: Site, axe_source: str) -> None:  # noqa: F811
    sign_in(page, site, "sam")
    page.goto(f"{site.url}/plan")
    page.get_by_label("School URN").fill("900002")
    page.get_by_label("The day the notice would be given").fill("2026-12-14")
    page.get_by_role("button", name="Plan the dates").click()
    assert "7 January 2027" in page.locator("table").inner_text()
    assert checked(page, axe_source) == []
    page.goto(f"{site.url}/plan?urn=9000x2&on=2026-12-14")
    assert "There is a problem" in page.get_by_role("alert").inner_text()
    assert checked(page, axe_source) == []

    page.goto(f"{site.url}/calendar")
    page.get_by_role("button", name="Make a feed address").click()
    address = page.get_by_label("Your calendar feed address").input_value()
    assert address.startswith(f"{site.url}/feeds/") and address.endswith(".ics")
    assert checked(page, axe_source) == []
    page.goto(f"{site.url}/calendar?month=2026-12")  # bank holidays shown in the month
    assert "Christmas Day" in page.locator("table").inner_text()
    assert checked(page, axe_source) == []


def test_the_plan_and_the_calendar_do_not_scroll_sideways_at_375_pixels(
        browser: Any, site: Site, axe_source: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, site, "sam")
        for path in ("/plan?urn=900002&on=2026-12-14", "/calendar?month=2026-12"):
            page.goto(site.url + path)
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= NARROW, f"{path} is {wide} px wide at {NARROW} px"
    finally:
        context.close()
