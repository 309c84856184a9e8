"""The register page at a Service Manager's scale (issue 16, item 6): sortable columns, fifty
entries a page with GOV.UK pagination, and the CSV still every entry (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from scc.domain.errors import InvalidInput
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


def test_an_officers_page_shows_what_they_may_see_and_counts_what_is_withheld(sam) -> None:
    """sue sees her eleven schools. Four more are hers from 5 March: on 4 March they were no
    one's, so their confidential entries are withheld from her register of that day, on every
    page, and counted."""
    _browser, services = sam
    for n in (1, 2, 3, 4):
        services.categorisation.allocate("sam", f"{940000 + n}", "sue", date(2026, 3, 5))
    pages = [services.register.page("sue", date(2026, 3, 4), None, "school", False, page, 5)
             for page in (1, 2, 3)]
    shown = [e["school"] for page in pages for e in page["entries"]]
    assert shown == [f"Birch {n:02d} Primary School" for n in range(0, SCHOOLS, 5)]
    assert [(p["shown"], p["withheld"], p["pages"]) for p in pages] == [(11, 4, 3)] * 3
    assert "4 confidential entries are withheld" in pages[0]["withheld_note"]
    with pytest.raises(InvalidInput, match="The page must be a whole number from 1 to 3"):
        services.register.page("sue", date(2026, 3, 4), None, "school", False, 4, 5)
    today = services.register.page("sue", None, None, "school", False, 1, 50)
    assert (today["shown"], today["withheld"]) == (15, 0)


def test_sorting_by_deadline_or_stage_puts_entries_without_one_last_either_way(sam) -> None:
    """Two schools have cases: the warning notice's compliance period is the one deadline."""
    _browser, services = sam
    for n in (7, 3):
        reference = services.cases.open("sam", f"{940000 + n}", "Results fell.", date(2026, 4, 1))
        services.cases.warning_notice("sam", reference, "s60", ["standards"],
                                      date(2026, 5, 4 + n))
    for sort in ("deadline", "stage"):
        for descending in (False, True):
            found = services.register.page("sam", date(2026, 5, 20), None, sort, descending,
                                           1, 50)["entries"]
            firsts = [e["school"] for e in found[:3]]
            if sort == "deadline":  # the earlier notice's period ends first
                expected = ["03", "07"] if not descending else ["07", "03"]
            else:  # the same stage: then by name
                expected = ["03", "07"]
            assert firsts == [f"Birch {n} Primary School" for n in expected] + \
                ["Birch 00 Primary School"], (sort, descending)
    refused = services.register.page
    with pytest.raises(InvalidInput, match="cannot be sorted by 'secret'"):
        refused("sam", None, None, "secret", False, 1, 50)


def test_a_page_out_of_bounds_is_refused_before_the_register_is_read(sam) -> None:
    _browser, services = sam
    for page, size, says in ((0, 50, "The page must be"), (1, 0, "The page size must be"),
                             (1, 10_000, "The page size must be")):
        with pytest.raises(InvalidInput, match=says):
            services.register.page("sam", None, None, "school", False, page, size)
