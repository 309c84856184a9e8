"""The calendar's table of bank holidays (scc/bank_holidays.json) says exactly what the installed
`holidays` package says for every year it covers, so the package stays the source of truth: an
upgrade that adds a one-off bank holiday fails here until the table is regenerated."""

from __future__ import annotations

import json
from datetime import date

from scc.bank_holiday_table import FIRST_YEAR, LAST_YEAR, table, text
from scc.calendar import TABLE, WorkingDayCalendar


def test_the_table_is_what_the_installed_holidays_package_says_for_every_year() -> None:
    assert json.loads(TABLE.read_text(encoding="utf-8")) == table(), (
        "The installed holidays package disagrees with the calendar's table of bank holidays: "
        "run `make bank-holidays` (python -m scc.bank_holiday_table) and commit the table.")


def test_the_table_file_is_exactly_what_the_generator_writes() -> None:
    assert TABLE.read_text(encoding="utf-8") == text(table())


def test_the_one_off_bank_holidays_of_2022_and_2023_are_in_the_table() -> None:
    england, wales = WorkingDayCalendar(), WorkingDayCalendar("wales-strict")
    for calendar in (england, wales):
        assert calendar.non_working_reason(date(2022, 9, 19)) == \
            "State Funeral of Queen Elizabeth II"
        assert calendar.non_working_reason(date(2023, 5, 8)) == "Coronation of Charles III"


def test_years_outside_the_table_come_from_the_package_itself() -> None:
    england = WorkingDayCalendar()
    assert england.non_working_reason(date(LAST_YEAR + 1, 12, 25)) == "Christmas Day"
    assert england.non_working_reason(date(FIRST_YEAR - 1, 5, 29)) == "Spring Bank Holiday"
    # Counting across the table's end joins the two: from Thursday 23 December 2060, the 24th
    # and 29th-31st (the table's substitute days on the 27th and 28th), then the package's
    # New Year's Day, a Saturday, observed on Monday 3 January 2061.
    assert england.working_days_after(date(LAST_YEAR, 12, 23), 5) == date(LAST_YEAR + 1, 1, 4)
