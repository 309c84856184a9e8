"""Dates as the pages write them: "14 January 2026", moments in UK time, never UTC."""

from __future__ import annotations

from datetime import date

from scc.web.dates import date_parts, dates_in_words, london_time, long_date


def test_a_date_is_written_day_month_year_in_words() -> None:
    assert long_date("2026-01-14") == "14 January 2026"
    assert long_date(date(2026, 3, 1)) == "1 March 2026"
    assert long_date(None) == ""


def test_a_moment_is_shown_in_uk_time_whatever_the_season() -> None:
    assert london_time("2026-01-14T15:05:00+00:00") == "14 January 2026 at 3:05pm"
    # British Summer Time: 23:30 UTC on 30 June is already 1 July in London.
    assert london_time("2026-06-30T23:30:00+00:00") == "1 July 2026 at 12:30am"
    assert london_time("2026-06-30T11:00:00+00:00") == "30 June 2026 at midday"
    assert long_date("2026-06-30T23:30:00+00:00") == "1 July 2026"


def test_dates_in_the_services_sentences_are_written_in_words() -> None:
    said = ("The act is dated 2026-05-01, before the case's last recorded act on 2026-05-12; "
            "case 900001-1 had not been opened by 2000-01-01T12:00:00+00:00.")
    assert dates_in_words(said) == (
        "The act is dated 1 May 2026, before the case's last recorded act on 12 May 2026; "
        "case 900001-1 had not been opened by 1 January 2000 at midday.")
    assert dates_in_words("URN 900001, not a date: 2026-13-45") == \
        "URN 900001, not a date: 2026-13-45"


def test_a_date_input_is_refilled_box_by_box() -> None:
    assert date_parts("2026-01-04") == ("4", "1", "2026")
    assert date_parts(date(2026, 11, 30)) == ("30", "11", "2026")
    assert date_parts("2026-x-31") == ("31", "x", "2026")
    assert date_parts(None) == ("", "", "")
