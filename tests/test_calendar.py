"""Working-day calendar: statutory deadlines as a caseworker would count them on a wall calendar."""

from __future__ import annotations

import calendar as std_calendar
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scc.calendar import VARIANTS, WorkingDayCalendar, two_months_after

ENGLAND = WorkingDayCalendar()
WALES_STRICT = WorkingDayCalendar("wales-strict")


# --- deadlines a caseworker would recognise ---------------------------------------------------

def test_warning_notice_given_before_christmas_skips_christmas_boxing_and_new_year() -> None:
    # 15 working days from Fri 19 Dec 2025: 25, 26 Dec and 1 Jan are bank holidays.
    assert ENGLAND.working_days_after(date(2025, 12, 19), 15) == date(2026, 1, 14)


def test_visit_report_due_ten_working_days_after_visit_in_december() -> None:
    assert ENGLAND.working_days_after(date(2025, 12, 17), 10) == date(2026, 1, 5)


def test_headteacher_returns_report_five_working_days_after_receiving_it() -> None:
    assert ENGLAND.working_days_after(date(2026, 1, 7), 5) == date(2026, 1, 14)


def test_counting_starts_the_day_after_even_when_that_is_a_working_day() -> None:
    assert ENGLAND.working_days_after(date(2026, 1, 12), 1) == date(2026, 1, 13)  # Mon -> Tue
    assert ENGLAND.working_days_after(date(2026, 1, 9), 1) == date(2026, 1, 12)  # Fri -> Mon


def test_counting_crosses_year_ends_and_whole_years() -> None:
    assert ENGLAND.working_days_after(date(2025, 12, 31), 1) == date(2026, 1, 2)
    start = date(2024, 6, 3)
    result = ENGLAND.working_days_after(start, 600)
    assert ENGLAND.working_days_between(start, result) == 600
    assert sum(ENGLAND.is_working_day(start + timedelta(k))
               for k in range(1, (result - start).days + 1)) == 600


def test_working_days_between_counts_after_start_up_to_and_including_end() -> None:
    assert ENGLAND.working_days_between(date(2026, 1, 12), date(2026, 1, 16)) == 4
    assert ENGLAND.working_days_between(date(2025, 12, 19), date(2026, 1, 14)) == 15
    assert ENGLAND.working_days_between(date(2026, 1, 16), date(2026, 1, 16)) == 0
    assert ENGLAND.working_days_between(date(2026, 1, 16), date(2026, 1, 12)) == 0


def test_intervention_window_is_two_calendar_months() -> None:
    assert two_months_after(date(2026, 1, 14)) == date(2026, 3, 14)
    assert two_months_after(date(2025, 12, 31)) == date(2026, 2, 28)
    assert two_months_after(date(2023, 12, 31)) == date(2024, 2, 29)
    assert two_months_after(date(2026, 8, 31)) == date(2026, 10, 31)


# --- which days are not working days, and why --------------------------------------------------

@pytest.mark.parametrize(("day", "reason"), [
    (date(2026, 4, 3), "Good Friday"),
    (date(2026, 4, 6), "Easter Monday"),  # missing from holidays' "GB" without subdiv
    (date(2026, 8, 31), "Late Summer Bank Holiday"),  # likewise
    (date(2025, 12, 25), "Christmas Day"),
    (date(2025, 12, 26), "Boxing Day"),
    (date(2026, 1, 1), "New Year's Day"),
    (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
    (date(2023, 5, 8), "Coronation of Charles III"),
    (date(2022, 6, 3), "Platinum Jubilee of Elizabeth II"),
    (date(2022, 12, 27), "Christmas Day (observed)"),  # substitute for Sunday 25 Dec 2022
    (date(2023, 1, 2), "New Year's Day (observed)"),
    (date(2020, 5, 8), "May Day"),  # moved to VE Day
])
def test_bank_holidays_are_not_working_days(day: date, reason: str) -> None:
    for cal in (ENGLAND, WALES_STRICT):
        assert not cal.is_working_day(day)
        assert cal.non_working_reason(day) == reason


def test_moved_spring_bank_holiday_in_jubilee_year() -> None:
    assert not ENGLAND.is_working_day(date(2022, 6, 2))
    assert ENGLAND.is_working_day(date(2022, 5, 30))  # the usual last Monday of May was worked


def test_weekends_are_not_working_days_and_ordinary_weekdays_are() -> None:
    assert ENGLAND.non_working_reason(date(2026, 1, 10)) == "Saturday"
    assert ENGLAND.non_working_reason(date(2026, 1, 11)) == "Sunday"
    assert ENGLAND.non_working_reason(date(2026, 1, 12)) is None
    assert ENGLAND.is_working_day(date(2026, 1, 12))


def test_datetime_is_treated_as_its_date() -> None:
    assert not ENGLAND.is_working_day(datetime(2026, 4, 6, 9, 30))
    assert ENGLAND.is_working_day(datetime(2026, 4, 7, 9, 30))


# --- Welsh strict variant ----------------------------------------------------------------------

def test_christmas_eve_is_a_working_day_in_england_and_wales_but_not_under_welsh_strict() -> None:
    eve = date(2025, 12, 24)  # a Wednesday
    assert ENGLAND.is_working_day(eve)
    assert not WALES_STRICT.is_working_day(eve)
    assert WALES_STRICT.non_working_reason(eve) == "Christmas Eve (Welsh strict rule)"
    assert WALES_STRICT.variant == "wales-strict" and ENGLAND.variant == "england-and-wales"


def test_welsh_strict_deadline_across_christmas_is_one_day_later() -> None:
    assert ENGLAND.working_days_after(date(2025, 12, 19), 15) == date(2026, 1, 14)
    assert WALES_STRICT.working_days_after(date(2025, 12, 19), 15) == date(2026, 1, 15)
    assert ENGLAND.working_days_after(date(2025, 12, 23), 1) == date(2025, 12, 24)
    assert WALES_STRICT.working_days_after(date(2025, 12, 23), 1) == date(2025, 12, 29)


def test_unknown_variant_is_rejected_naming_the_allowed_ones() -> None:
    assert VARIANTS == ("england-and-wales", "wales-strict")
    with pytest.raises(ValueError, match="england-and-wales.*wales-strict"):
        WorkingDayCalendar("scotland")


def test_variant_cannot_be_reassigned() -> None:
    with pytest.raises(AttributeError):
        ENGLAND.variant = "wales-strict"  # type: ignore[misc]


# --- authority closure days --------------------------------------------------------------------

def test_authority_closure_day_is_not_a_working_day_and_moves_the_deadline() -> None:
    closed = ENGLAND.with_closures({date(2026, 1, 13): "offices closed: flood"})
    assert closed.variant == "england-and-wales"
    assert not closed.is_working_day(date(2026, 1, 13))
    reason = closed.non_working_reason(date(2026, 1, 13))
    assert reason == "authority closure: offices closed: flood"
    assert closed.working_days_after(date(2026, 1, 7), 5) == date(2026, 1, 15)
    # the original calendar is untouched
    assert ENGLAND.is_working_day(date(2026, 1, 13))
    assert ENGLAND.working_days_after(date(2026, 1, 7), 5) == date(2026, 1, 14)


def test_with_closures_adds_to_existing_closures_and_keeps_variant() -> None:
    first = WorkingDayCalendar("wales-strict", {date(2026, 1, 13): "INSET"})
    both = first.with_closures({date(2026, 1, 14): "move"})
    assert both.variant == "wales-strict"
    assert not both.is_working_day(date(2026, 1, 13)) and not both.is_working_day(date(2026, 1, 14))
    assert first.is_working_day(date(2026, 1, 14))


def test_changing_the_callers_dict_afterwards_does_not_move_deadlines() -> None:
    closures = {date(2026, 1, 13): "INSET"}
    cal = WorkingDayCalendar(closures=closures)
    before = cal.working_days_after(date(2026, 1, 7), 5)
    closures[date(2026, 1, 14)] = "added later"
    assert cal.working_days_after(date(2026, 1, 7), 5) == before == date(2026, 1, 15)
    assert cal.is_working_day(date(2026, 1, 14))


@pytest.mark.parametrize("n", [0, -1, -15])
def test_n_must_be_at_least_one(n: int) -> None:
    with pytest.raises(ValueError):
        ENGLAND.working_days_after(date(2026, 1, 7), n)


def test_importing_the_module_computes_no_holidays() -> None:
    src = Path(__file__).resolve().parents[1] / "src"
    path = os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    code = "import scc.calendar as c; print(c._bank_holidays.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "0"


# --- properties --------------------------------------------------------------------------------

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
CLOSURES = st.dictionaries(DATES, st.text(min_size=1, max_size=12), max_size=6)
COUNTS = st.integers(min_value=1, max_value=400)


@st.composite
def calendars(draw: st.DrawFn) -> WorkingDayCalendar:
    return WorkingDayCalendar(draw(st.sampled_from(VARIANTS)), draw(CLOSURES))


@given(calendars(), DATES, COUNTS)
def test_result_is_a_working_day_strictly_after_start_with_n_working_days_between(
        cal: WorkingDayCalendar, start: date, n: int) -> None:
    result = cal.working_days_after(start, n)
    assert result > start
    assert cal.is_working_day(result)
    assert cal.working_days_between(start, result) == n
    assert cal.working_days_between(start, result - timedelta(days=1)) == n - 1


@settings(max_examples=60)
@given(calendars(), DATES, COUNTS)
def test_matches_counting_day_by_day(cal: WorkingDayCalendar, start: date, n: int) -> None:
    day, seen = start, 0
    while seen < n:
        day += timedelta(days=1)
        seen += cal.is_working_day(day)
    assert cal.working_days_after(start, n) == day


@given(calendars(), DATES)
def test_weekends_bank_holidays_and_closures_are_never_working_days(
        cal: WorkingDayCalendar, day: date) -> None:
    official = holidays.country_holidays("GB", subdiv="ENG", years=day.year)
    expected_off = (day.weekday() >= 5 or day in official or day in cal.closures
                    or (cal.variant == "wales-strict" and (day.month, day.day) == (12, 24)))
    assert cal.is_working_day(day) is not expected_off
    assert (cal.non_working_reason(day) is None) is not expected_off


@given(calendars(), DATES, DATES, COUNTS)
def test_a_later_start_never_gives_an_earlier_deadline(
        cal: WorkingDayCalendar, a: date, b: date, n: int) -> None:
    early, late = min(a, b), max(a, b)
    assert cal.working_days_after(early, n) <= cal.working_days_after(late, n)


@given(calendars(), DATES, COUNTS)
def test_one_more_working_day_is_strictly_later(
        cal: WorkingDayCalendar, start: date, n: int) -> None:
    assert cal.working_days_after(start, n + 1) > cal.working_days_after(start, n)


@given(calendars(), DATES, st.integers(1, 200), st.integers(1, 200))
def test_counting_in_two_steps_equals_counting_in_one(
        cal: WorkingDayCalendar, start: date, a: int, b: int) -> None:
    assert cal.working_days_after(cal.working_days_after(start, a), b) == \
        cal.working_days_after(start, a + b)


@given(DATES)
def test_two_months_after_keeps_the_day_or_clamps_to_month_end(day: date) -> None:
    result = two_months_after(day)
    month_index = day.month - 1 + 2
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = std_calendar.monthrange(year, month)[1]
    assert result > day
    assert (result.year, result.month, result.day) == (year, month, min(day.day, last))
