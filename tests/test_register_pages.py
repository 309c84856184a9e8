"""The register page at a Service Manager's scale (issue 16, item 6): sortable columns, fifty
entries a page with GOV.UK pagination, and the CSV still every entry (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from scc.web import create_app
from scc.web.credentials import Credentials
from tests.conftest import add_people, make_services
from tests.web_helpers import Browser, signed_in

PASSWORD = "a long enough password for sam"
SCHOOLS = 55


@pytest.fixture
def sam(database_url: str) -> Iterator[tuple[Browser, Any]]:
    """SCHOOLS schools categorised RED (on the register), every fifth one allocated to sue."""
    services = make_services(database_url)
    add_people(services)
    Credentials(services.ctx.engine).set_password("sam", PASSWORD)
    for n in range(SCHOOLS):
        urn = f"{940000 + n}"
        services.schools.add("sam", urn, f"Birch {n:02d} Primary School", "community", "Primary")
        services.categorisation.confirm("sam", urn, "RED", "Results fell.", date(2026, 3, 2))
        if n % 5 == 0:
            services.categorisation.allocate("sam", urn, "sue", date(2026, 3, 3))
    yield signed_in(create_app(services), "sam", PASSWORD), services
    services.close()


def rows(html: str) -> list[str]:
    return [part.split("</a>")[0] for part in html.split('class="govuk-link">Birch ')[1:]]


def test_fifty_entries_a_page_and_the_rest_on_the_next(sam) -> None:
    browser, _services = sam
    first = browser.get("/register").text
    assert rows(first) == [f"{n:02d} Primary School" for n in range(50)]
    assert f"{SCHOOLS} schools" in first and 'aria-label="Page 2"' in first
    second = browser.get("/register?page=2").text
    assert rows(second) == [f"{n:02d} Primary School" for n in range(50, SCHOOLS)]
    refused = browser.get("/register?page=3")
    assert refused.status_code == 400 and "The page must be a whole number" in refused.text


def test_sorting_by_officer_puts_the_allocated_schools_first(sam) -> None:
    browser, _services = sam
    page = browser.get("/register?sort=officer&order=asc").text
    assert rows(page)[:11] == [f"{n:02d} Primary School" for n in range(0, SCHOOLS, 5)]
    assert 'aria-sort="ascending"' in page
    descending = browser.get("/register?sort=school&order=desc").text
    assert rows(descending)[0] == f"{SCHOOLS - 1:02d} Primary School"
    assert browser.get("/register?sort=secret").status_code == 400


def test_the_sort_links_keep_the_date_asked_for(sam) -> None:
    browser, _services = sam
    page = browser.get("/register?as_of-day=4&as_of-month=3&as_of-year=2026").text
    assert "as_of=2026-03-04" in page and "4 March 2026" in page


def test_the_csv_holds_every_entry_in_the_order_shown(sam) -> None:
    browser, services = sam
    text = browser.get("/register.csv?sort=school&order=desc").text
    found = list(csv.DictReader(io.StringIO("\n".join(
        line for line in text.splitlines() if not line.startswith("#")))))
    assert len(found) == len(services.register.register("sam")["entries"]) == SCHOOLS
    assert [r["school"] for r in found] == sorted((r["school"] for r in found), reverse=True)


def test_a_register_read_again_after_a_command_shows_the_command(sam) -> None:
    browser, services = sam
    before = browser.get("/register?sort=officer&order=asc").text
    assert rows(before)[11] == "01 Primary School"
    services.categorisation.allocate("sam", "940001", "sue", date(2026, 3, 4))
    after = browser.get("/register?sort=officer&order=asc").text
    assert rows(after)[:2] == ["00 Primary School", "01 Primary School"]
