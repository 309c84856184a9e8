"""The lists count working days by the calendar of the rule set in force (scc.calendar_law),
read from the rule-set files' header lines without the rule book: it must give what the rule book
gives, for every rule set, jurisdiction and boundary day, so the two can never disagree."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from scc.calendar_law import calendar_variant
from scc.domain.errors import RuleViolation
from scc.rules import load_rule_book
from scc.workflow_files import RULE_SETS_DIR


def boundary_days() -> set[date]:
    """Each rule set's first and last day, the days either side, and today's decade."""
    days = {date(2026, 11, 30), date(2035, 1, 1)}
    for rule_set in load_rule_book().rule_sets:
        for day in (rule_set.effective_from, rule_set.effective_until):
            if day is not None:
                days |= {day - timedelta(days=1), day, day + timedelta(days=1)}
    return days


@pytest.mark.parametrize("jurisdiction", ["england", "wales"])
def test_every_rule_set_counts_working_days_by_the_calendar_its_file_names(
        jurisdiction: str) -> None:
    book = load_rule_book()
    for day in sorted(boundary_days()):
        try:
            expected = book.in_force_on(day, jurisdiction).calendar_variant
        except RuleViolation as refused:
            with pytest.raises(RuleViolation, match=str(refused)):
                calendar_variant(day, jurisdiction)
        else:
            assert calendar_variant(day, jurisdiction) == expected, day


def test_welsh_schools_count_the_strict_welsh_days_and_english_schools_the_english_ones() -> None:
    """The figures a user sees: S.I. 2008/1848 reg 14(2) for Wales, EIA 2006 s60 for England."""
    assert calendar_variant(date(2026, 11, 30), "wales") == "wales-strict"
    assert calendar_variant(date(2026, 11, 30), "england") == "england-and-wales"


def test_before_any_welsh_rule_set_the_rule_books_sentence_says_when_the_earliest_starts() -> None:
    with pytest.raises(RuleViolation, match="earliest starts on 2014-02-20"):
        calendar_variant(date(2010, 1, 4), "wales")


def test_a_header_written_in_a_form_the_reader_does_not_take_is_left_to_the_rule_book(
        tmp_path: Path) -> None:
    """A folded scalar is valid YAML the header reader does not read: the rule book answers, so
    an edited rule set is never counted by a calendar its file no longer names."""
    folder = tmp_path / "rule-sets"
    shutil.copytree(RULE_SETS_DIR, folder)
    wales = folder / "wales-2014.yaml"
    text = wales.read_text(encoding="utf-8")
    assert "\ncalendar_variant: wales-strict\n" in text
    wales.write_text(text.replace("\ncalendar_variant: wales-strict\n",
                                  "\ncalendar_variant: >-\n  england-and-wales\n"),
                     encoding="utf-8")
    assert calendar_variant(date(2026, 11, 30), "wales", folder) == "england-and-wales"
    assert load_rule_book(folder).in_force_on(date(2026, 11, 30),
                                              "wales").calendar_variant == "england-and-wales"
