"""The cases list as a Service Manager with many cases uses it (issue 16, item 2): sortable
columns, fifty to a page with GOV.UK pagination, and the whole list as CSV in the order shown."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from scc.demo import load
from scc.web import create_app
from tests.conftest import make_services
from tests.web_helpers import Browser, signed_in


@pytest.fixture(scope="module")
def sam(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Browser, Any]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('cases') / 'scc.sqlite3'}"
    services = make_services(url)
    demo = load(services)
    for n in range(55):
        urn = f"{930000 + n}"
        services.schools.add("sam", urn, f"Aston {n:02d} Primary School", "community",
                             "Primary")
        services.cases.open("sam", urn, "Attendance.", date(2026, 3, 1))
    yield signed_in(create_app(services), "sam", demo.passwords["sam"]), services
    services.close()


def test_fifty_cases_a_page_with_links_to_the_others(sam) -> None:
    browser, services = sam
    total = len(services.cases.list("sam"))
    first = browser.get("/cases").text
    assert first.count('class="govuk-table__row"><td') == 50
    assert 'aria-label="Page 2"' in first and f"{total} cases" in first
    second = browser.get("/cases?page=2").text
    assert second.count('class="govuk-table__row"><td') == total - 50
    assert browser.get("/cases?page=3").status_code == 400


def test_sorting_by_school_descending_puts_the_last_name_first(sam) -> None:
    browser, _services = sam
    page = browser.get("/cases?sort=school&order=desc").text
    assert page.index("Sowerby Bridge Junior School") < page.index("Aston 54 Primary School")
    assert 'aria-sort="descending"' in page
    assert browser.get("/cases?sort=secret").status_code == 400


def test_the_csv_holds_every_case_in_the_order_shown(sam) -> None:
    browser, services = sam
    text = browser.get("/cases.csv?sort=school&order=asc").text
    rows = list(csv.DictReader(io.StringIO("\n".join(
        line for line in text.splitlines() if not line.startswith("#")))))
    assert len(rows) == len(services.cases.list("sam"))
    assert [r["school"] for r in rows] == sorted((r["school"] for r in rows), key=str.casefold)


def test_the_schools_list_sorts_and_pages_like_the_cases_list(sam) -> None:
    browser, _services = sam
    page = browser.get("/schools?q=Aston&sort=name&order=desc").text
    assert "55 schools found; page 1 of 2" in page
    assert page.index("Aston 54 Primary School") < page.index("Aston 10 Primary School")
    assert "Aston 04 Primary School" in browser.get(
        "/schools?q=Aston&sort=name&order=desc&page=2").text


def test_a_schools_page_lists_that_schools_cases_and_no_others(sam) -> None:
    """Of the 55 schools with a case, Aston 07's page shows its own case alone, asked for by its
    URN rather than read out of every case the user may see."""
    browser, services = sam
    ref = services.cases.list("sam", urn="930007")
    assert [c["urn"] for c in ref] == ["930007"]
    page = browser.get("/schools/930007").text
    assert ref[0]["id"] in page and "930008-1" not in page and "930006-1" not in page
