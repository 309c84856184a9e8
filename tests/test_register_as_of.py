"""The register as of a past date shows each school's category and case as they stood on that date
(by the date of each act), not as they stand today: a school re-categorised since shows its old
category, and a case closed since shows as the open case it then was."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect

from tests.conftest import make_services

D = date.fromisoformat


@pytest.fixture
def oak(services):
    """Oak: RED in 2024 (placed on the register), a case opened and closed in 2024-25, then AMBER
    in 2025 (still on the register), and a second case opened in 2026, open today."""
    svc = services
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.categorisation.confirm("sam", "100001", "RED", "Safeguarding concerns", D("2024-03-01"))
    first = svc.cases.open("sam", "100001", "Safeguarding concerns", D("2024-04-01"))
    svc.cases.warning_notice("sam", first, "s60", ["safety"], D("2024-05-01"))
    svc.cases.close("sam", first, D("2025-02-03"), "Concerns resolved")
    svc.categorisation.confirm("sam", "100001", "AMBER", "Improving", D("2025-03-03"))
    second = svc.cases.open("sam", "100001", "Leadership concerns", D("2026-01-05"))
    return svc, first, second


def entry(svc, on=None):
    entries = svc.register.register("sam", on)["entries"]
    assert len(entries) <= 1
    return entries[0] if entries else None


def test_before_the_first_category_the_school_is_not_on_the_register(oak):
    svc, _first, _second = oak
    assert entry(svc, D("2024-02-29")) is None


def test_between_categorisation_and_the_case_the_entry_has_no_case(oak):
    svc, _first, _second = oak
    found = entry(svc, D("2024-03-15"))
    assert (found["category"], found["case"], found["stage"]) == ("RED", None, None)


def test_while_the_first_case_was_open_the_register_shows_it_at_its_stage_then(oak):
    svc, first, _second = oak
    opened = entry(svc, D("2024-04-15"))
    assert (opened["category"], opened["case"], opened["case_state"]) == ("RED", first, "open")
    warned = entry(svc, D("2025-02-02"))  # the day before it closed
    assert (warned["category"], warned["case"], warned["stage"]) == ("RED", first, 3)


def test_after_the_case_closed_and_before_the_next_the_entry_has_no_case(oak):
    svc, _first, _second = oak
    closed = entry(svc, D("2025-02-03"))
    assert (closed["category"], closed["case"]) == ("RED", None)
    recategorised = entry(svc, D("2025-06-01"))
    assert (recategorised["category"], recategorised["case"]) == ("AMBER", None)


def test_today_the_register_shows_the_new_category_and_the_case_open_now(oak):
    svc, _first, second = oak
    today = entry(svc)
    assert (today["category"], today["case"], today["case_state"]) == ("AMBER", second, "open")
    assert entry(svc, D("2026-01-05"))["case"] == second
    assert entry(svc, D("2026-01-04"))["case"] is None


def test_a_rebuild_gives_the_same_register_on_every_date(oak):
    svc, _first, _second = oak
    days = [D(d) for d in ("2024-03-15", "2024-04-15", "2025-02-02", "2025-02-03", "2025-06-01",
                           "2026-01-05")]
    before = [entry(svc, day) for day in days]
    svc.admin.rebuild_projections("ada")
    assert [entry(svc, day) for day in days] == before



def test_a_decision_recorded_late_stands_from_its_own_date_until_the_next(services):
    svc = services
    svc.schools.add("sam", "100002", "Ash Primary School", "community", "Primary")
    svc.categorisation.confirm("sam", "100002", "AMBER", "Slow progress", D("2024-03-01"))
    svc.categorisation.confirm("sam", "100002", "AMBER", "Still slow", D("2025-03-03"))
    svc.categorisation.confirm("sam", "100002", "RED", "Recorded late", D("2024-09-02"))
    assert [entry(svc, D(on))["category"] for on in ("2024-09-01", "2024-09-02", "2025-03-02",
                                                      "2025-03-03")] == \
        ["AMBER", "RED", "RED", "AMBER"]
    before = [entry(svc, D(on)) for on in ("2024-09-01", "2024-09-02", "2025-03-03")]
    svc.admin.rebuild_projections("ada")
    assert [entry(svc, D(on)) for on in ("2024-09-01", "2024-09-02", "2025-03-03")] == before


def test_a_database_from_before_the_span_indexes_changed_gets_them_at_start_up(oak, database_url):
    """The register's look-ups need the (urn, from_on) indexes; a database made by an earlier
    version has (urn, to_on) ones, which start-up replaces, keeping the rows."""
    svc, _first, _second = oak
    before = entry(svc, D("2024-06-03"))
    with svc.ctx.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_category_spans_from")
        conn.exec_driver_sql("CREATE INDEX ix_category_spans_on ON category_spans "
                             "(urn, to_on, from_on, category)")
        conn.exec_driver_sql("UPDATE scc_schema SET stamp = 'an earlier version'")
    svc.close()
    again = make_services(database_url)
    try:
        names = {i["name"] for i in inspect(again.ctx.engine).get_indexes("category_spans")}
        assert "ix_category_spans_from" in names and "ix_category_spans_on" not in names
        assert again.register.register("sam", D("2024-06-03"))["entries"] == [before]
    finally:
        again.close()
