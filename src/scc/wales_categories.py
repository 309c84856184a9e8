"""The Welsh Government's National School Categorisation System file: each school's support
category (Green, Yellow, Amber, Red), read for import as history (`scc school
import-wales-categories`).

The published file (../shared/data/wales/, the January 2020 publication of the 2019
categorisation) has one header row and the columns school_code, school_name, local_authority,
consortium, support_category and sector; values are bilingual ("Amber/Oren"). The school code is
the Welsh school number: the authority's LA code and the school's four-digit number. The file is
checked whole before anything is recorded: a row that cannot be read is named by its line, and
then nothing is recorded.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

# The support a category brings, in days a year from the regional consortium's challenge adviser
# (National School Categorisation System: Green up to 4, Yellow up to 10, Amber up to 15, Red up
# to 25; the Welsh Government's guide for parents and its 2018 announcement).
SUPPORT_DAYS = {"green": 4, "yellow": 10, "amber": 15, "red": 25}
WELSH_NAMES = {"green": "Gwyrdd", "yellow": "Melyn", "amber": "Oren", "red": "Coch"}
_BY_NAME = {name.casefold(): code for code, name in
            [*((c, c) for c in SUPPORT_DAYS), *((c, w) for c, w in WELSH_NAMES.items())]}
COLUMNS = ("school_code", "school_name", "local_authority", "consortium", "support_category",
           "sector")
SCHOOL_NUMBER = re.compile(r"[0-9]{7}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
TEXT_MAX = 200
ROWS_MAX = 5000  # every school in Wales is about 1,500


class CategoriesFileError(ValueError):
    """The file cannot be imported; the message names every line at fault."""


@dataclass(frozen=True)
class CategoryRow:
    line: int
    school_number: str
    school_name: str
    local_authority: str
    category: str  # green, yellow, amber, red
    sector: str

    @property
    def la_code(self) -> str:
        return self.school_number[:3]

    @property
    def support_days(self) -> int:
        return SUPPORT_DAYS[self.category]


def category_of(value: str) -> str | None:
    """'Amber/Oren', 'Amber' or 'Oren' -> 'amber'; None if no part names a category."""
    parts = {_BY_NAME.get(part.strip().casefold()) for part in value.split("/")}
    parts.discard(None)
    return parts.pop() if len(parts) == 1 else None


def _row(line: int, values: dict[str, str], seen: dict[str, int]) -> CategoryRow | str:
    """The row, or what is wrong with it."""
    for name in COLUMNS:
        value = values.get(name)
        if value is None:
            return f"it has {len([v for v in values.values() if v is not None])} fields, " \
                   f"not the header's {len(COLUMNS)}"
        if _CONTROL.search(value) or len(value) > TEXT_MAX:
            return f"{name} holds control characters or more than {TEXT_MAX} characters"
    number = values["school_code"].strip()
    if not SCHOOL_NUMBER.fullmatch(number):
        return f"school_code '{number[:20]}' is not a Welsh school number (seven digits)"
    if number in seen:
        return f"school {number} is already on line {seen[number]}"
    category = category_of(values["support_category"])
    if category is None:
        return (f"support_category '{values['support_category'][:40]}' is not one of "
                "Green/Gwyrdd, Yellow/Melyn, Amber/Oren, Red/Coch")
    if not values["school_name"].strip():
        return "school_name is empty"
    seen[number] = line
    return CategoryRow(line, number, values["school_name"].strip(),
                       values["local_authority"].strip(), category,
                       values["sector"].strip().casefold())


def read(path: Path) -> list[CategoryRow]:
    """Every row of the file, once all of them are known to be good."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as problem:
        raise CategoriesFileError(f"the file is not UTF-8 text ({problem.reason} at byte "
                                  f"{problem.start})") from None
    reader = csv.DictReader(text.splitlines(), restkey="_extra")
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CategoriesFileError(f"line 1: the header lacks {', '.join(missing)} (it needs "
                                  f"{', '.join(COLUMNS)})")
    rows: list[CategoryRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for values in reader:
        line = reader.line_num
        if line > ROWS_MAX + 1:
            raise CategoriesFileError(f"the file has more than {ROWS_MAX:,} rows")
        if values.get("_extra"):
            problems.append(f"line {line}: it has more fields than the header's {len(COLUMNS)}")
            continue
        found = _row(line, values, seen)
        if isinstance(found, str):
            problems.append(f"line {line}: {found}")
        else:
            rows.append(found)
    if problems:
        shown = problems[:20] + ([f"and {len(problems) - 20} more"] if len(problems) > 20 else [])
        raise CategoriesFileError("; ".join(shown))
    return rows
