"""Working days for statutory deadlines (S.I. 2007/462; Welsh variant S.I. 2008/1848 reg 14).

A working day is any day other than a Saturday, a Sunday, Christmas Day, Good Friday or a bank
holiday in England and Wales (substitute and one-off days included). The "wales-strict" variant
also excludes Christmas Eve; an authority may add its own closure days.

The bank holidays come from the `holidays` package (with the subdivision, ENG or WLS). Importing
it costs a command a tenth of its start-up, so the days of 1990-2060 are kept in a table generated
from it (`bank_holidays.json`, written by `python -m scc.bank_holiday_table`, or `make
bank-holidays`); only a year outside the table loads the package. tests/test_bank_holiday_table.py
fails when the installed `holidays` disagrees with the table for any of its years (an upgrade that
adds a one-off bank holiday), so the table is regenerated whenever the package changes its answer.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
import threading
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

VARIANTS: tuple[str, ...] = ("england-and-wales", "wales-strict")

# England and Wales share their bank holidays; "wales-strict" reads the Welsh list so that a
# future divergence (a Wales-only proclamation) is picked up rather than silently missed.
_SUBDIV: Mapping[str, str] = MappingProxyType({"england-and-wales": "ENG", "wales-strict": "WLS"})
_CHRISTMAS_EVE_REASON = "Christmas Eve (Welsh strict rule)"
_UK_MODULE = "holidays.countries.united_kingdom"
_UK_LOADING = threading.Lock()  # web requests may ask for a first year at the same moment
TABLE = Path(__file__).with_name("bank_holidays.json")


def _united_kingdom() -> Any:
    """The `holidays` package's United Kingdom calendar class, loaded on its own: asking for it
    by country code imports the package holidays.countries, whose __init__ imports every one of
    its ~250 countries (a third of a calendar command's start-up) to use one."""
    with _UK_LOADING:
        module = sys.modules.get(_UK_MODULE)
        if module is None:
            import holidays  # 0.01 s to import: only when a year's bank holidays are first needed

            path = Path(holidays.__file__).parent / "countries" / "united_kingdom.py"
            spec = importlib.util.spec_from_file_location(_UK_MODULE, path)
            if spec is None or spec.loader is None:
                raise ImportError(f"cannot load {_UK_MODULE} from {path}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[_UK_MODULE] = module  # holidays.countries, if imported later, reuses it
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[_UK_MODULE]
                raise
    return module.UnitedKingdom


def package_bank_holidays(subdiv: str, year: int) -> dict[date, str]:
    """The `holidays` package's bank holidays (date -> name) for one year; the subdivision is
    essential: plain "GB" lacks Easter Monday and the August bank holiday."""
    found = _united_kingdom()(subdiv=subdiv, years=year)
    return {d: name for d, name in sorted(found.items()) if d.year == year}


@functools.cache
def _table() -> Mapping[str, Any]:
    """The generated table: {"first_year", "last_year", SUBDIV: {year: {MM-DD: name}}}."""
    table: Mapping[str, Any] = json.loads(TABLE.read_text(encoding="utf-8"))
    return table


@functools.lru_cache(maxsize=1024)
def _bank_holidays(subdiv: str, year: int) -> Mapping[date, str]:
    """Bank holidays (date -> name) for one year: from the table when it covers the year."""
    table = _table()
    if table["first_year"] <= year <= table["last_year"]:
        return MappingProxyType({date.fromisoformat(f"{year}-{day}"): name
                                 for day, name in table[subdiv][str(year)].items()})
    return MappingProxyType(package_bank_holidays(subdiv, year))


@functools.lru_cache(maxsize=1024)
def _statutory_working(variant: str, year: int) -> tuple[int, ...]:
    """Sorted ordinals of the year's working days before authority closures; shared by every
    calendar of a variant so that building a calendar per command stays cheap."""
    off = {d.toordinal() for d in _bank_holidays(_SUBDIV[variant], year)}
    if variant == "wales-strict":
        off.add(date(year, 12, 24).toordinal())
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    # date.fromordinal(o).weekday() == (o + 6) % 7, so Saturday and Sunday are 5 and 6.
    return tuple(o for o in range(first, last + 1) if (o + 6) % 7 < 5 and o not in off)


def _plain_date(day: date) -> date:
    # datetime is a date subclass but hashes differently, so it would miss every dict lookup.
    return date(day.year, day.month, day.day) if isinstance(day, datetime) else day


class WorkingDayCalendar:
    """Counts working days under one variant of the rule plus an authority's closure days."""

    __slots__ = ("_closures", "_subdiv", "_variant", "_working_by_year")

    def __init__(self, variant: str = "england-and-wales",
                 closures: Mapping[date, str] | None = None) -> None:
        if variant not in _SUBDIV:
            raise ValueError(f"unknown calendar variant {variant!r}; expected one of {VARIANTS}")
        self._variant = variant
        self._subdiv = _SUBDIV[variant]
        # Copied so a caller mutating its dict cannot move deadlines this calendar already gave.
        self._closures: Mapping[date, str] = MappingProxyType(
            {_plain_date(d): str(reason) for d, reason in (closures or {}).items()})
        # Sorted working-day ordinals per year: the instance is immutable, so this never goes
        # stale, and bisecting it makes counting O(log n) instead of a day-by-day walk.
        self._working_by_year: dict[int, Sequence[int]] = {}

    @property
    def variant(self) -> str:
        """The excluded-day rule in use, one of VARIANTS."""
        return self._variant

    @property
    def closures(self) -> Mapping[date, str]:
        """The authority's own closure days (read-only)."""
        return self._closures

    def __repr__(self) -> str:
        return f"WorkingDayCalendar({self._variant!r}, closures={dict(self._closures)!r})"

    def non_working_reason(self, day: date) -> str | None:
        """Why `day` is not a working day, or None if it is one."""
        day = _plain_date(day)
        name = _bank_holidays(self._subdiv, day.year).get(day)
        if name is not None:
            return name
        if self._variant == "wales-strict" and day.month == 12 and day.day == 24:
            return _CHRISTMAS_EVE_REASON
        if day.weekday() >= 5:
            return day.strftime("%A")
        if day in self._closures:
            return f"authority closure: {self._closures[day]}"
        return None

    def is_working_day(self, day: date) -> bool:
        """True if `day` counts as a working day."""
        return self.non_working_reason(day) is None

    def _working(self, year: int) -> Sequence[int]:
        days = self._working_by_year.get(year)
        if days is None:
            closed = {d.toordinal() for d in self._closures if d.year == year}
            base = _statutory_working(self._variant, year)
            days = [o for o in base if o not in closed] if closed else base
            self._working_by_year[year] = days
        return days

    def working_days_after(self, start: date, n: int) -> date:
        """The nth working day strictly after `start` (counting begins the day after)."""
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        year, days = start.year, self._working(start.year)
        i = bisect_right(days, start.toordinal())
        while i + n > len(days):  # every year has working days, so this ends
            n -= len(days) - i
            year += 1
            days, i = self._working(year), 0
        return date.fromordinal(days[i + n - 1])

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days d with start < d <= end (0 if end <= start)."""
        if end <= start:
            return 0
        lo, hi = start.toordinal(), end.toordinal()
        total = 0
        for year in range(start.year, end.year + 1):
            days = self._working(year)
            total += bisect_right(days, hi) - bisect_right(days, lo)
        return total

    def with_closures(self, closures: Mapping[date, str]) -> WorkingDayCalendar:
        """A new calendar with the same variant and these closure days added."""
        return WorkingDayCalendar(self._variant, {**self._closures, **closures})


def two_months_after(day: date) -> date:
    """End of "two months following" `day`: same day-of-month, else the shorter month's last day."""
    from dateutil.relativedelta import relativedelta  # only the case commands count in months

    return day + relativedelta(months=2)
