"""Read Ofsted history from a CSV in the shape of Ofsted's published management information
("State-funded schools inspections and outcomes"): one row per inspection, with the URN, the
inspection start date and the outcomes, columns found by header name (any case and spacing).

Grades are read as Ofsted's MI writes them: 1-4 for the overall grade and key judgements (1
outstanding ... 4 inadequate), words for report cards ("Needs attention"); "Category of concern"
SM / SWK (SI, "significant improvement", on report cards). Every row is checked against the era of
its date (scc.domain.ofsted) before anything is recorded: a bad row refuses the whole file, naming
its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scc.domain import inputs, ofsted
from scc.domain.errors import InvalidInput
from scc.gias import GiasFormatError, _encoding, whole_rows

URN, DATE = "urn", "inspection start date"
OVERALL, CATEGORY = "overall effectiveness", "category of concern"
# Header (normalised) -> the area's name in scc.domain.ofsted.
AREAS = {
    "quality of education": "quality-of-education",
    "behaviour and attitudes": "behaviour-and-attitudes",
    "personal development": "personal-development",
    "effectiveness of leadership and management": "leadership-and-management",
    "early years provision (where applicable)": "early-years",
    "sixth form provision (where applicable)": "sixth-form",
    "inclusion": "inclusion",
    "curriculum and teaching": "curriculum-and-teaching",
    "achievement": "achievement",
    "attendance and behaviour": "attendance-and-behaviour",
    "personal development and well-being": "personal-development-and-well-being",
    "personal development and wellbeing": "personal-development-and-well-being",
    "leadership and governance": "leadership-and-governance",
    "early years": "early-years",
    "post-16": "post-16",
    "post 16": "post-16",
    "safeguarding": ofsted.SAFEGUARDING,
    "safeguarding standards": ofsted.SAFEGUARDING,
    "safeguarding is effective?": ofsted.SAFEGUARDING,
}
_NUMBERS = dict(enumerate(ofsted.SUB_JUDGEMENT_GRADES, start=1))
_BLANK = {"", "9", "null", "n/a", "na", "not applicable", "not judged", "not graded"}
_CATEGORIES = {"sm": "special-measures", "swk": "serious-weaknesses", "sw": "serious-weaknesses",
               "si": "serious-weaknesses"}
_SAFEGUARDING = {"yes": "met", "met": "met", "no": "not-met", "not met": "not-met"}
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True)
class Inspection:
    line: int
    urn: str
    inspected_on: date
    outcome: str | None
    grades: dict[str, str]
    category: str | None


def _key(header: str) -> str:
    return " ".join(header.strip().lstrip("\ufeff").casefold().split())


def _date(value: str) -> date:
    m = _DMY.fullmatch(value.strip())
    if m:
        try:
            return inputs.day("inspection start date",
                              date(int(m[3]), int(m[2]), int(m[1])))
        except ValueError:
            pass
        raise InvalidInput(f"'{inputs.shown(value)}' in column Inspection start date is not a date.")
    return inputs.parse_day("Inspection start date", value)


def _grade(area: str, value: str) -> str | None:
    word = value.strip().casefold()
    if word in _BLANK:
        return None
    if area == ofsted.SAFEGUARDING:
        return _SAFEGUARDING.get(word, word)
    if word.isdigit() and int(word) in _NUMBERS:
        return _NUMBERS[int(word)]
    return word.replace(" ", "-")


def _row(line: int, get: dict[str, str]) -> Inspection:
    urn = get[URN].strip()
    if not (len(urn) == 6 and urn.isascii() and urn.isdigit()):
        raise InvalidInput(f"'{inputs.shown(urn)}' in column URN is not a URN (six digits).")
    on = _date(get[DATE])
    category = _CATEGORIES.get(get.get(CATEGORY, "").strip().casefold()) \
        or ofsted.category_value(get.get(CATEGORY) or None)
    overall = _grade(OVERALL, get.get(OVERALL, ""))
    if overall == "inadequate":
        if category is None:
            raise InvalidInput("an overall grade of inadequate (4) needs its Category of concern "
                               "(SM or SWK).")
        overall = category
    if overall and overall not in ofsted.CATEGORIES and ofsted.era_of(on) != ofsted.OVERALL:
        raise InvalidInput(ofsted.no_overall_grade(on, overall, columns=True))
    grades = {area: g for header, area in AREAS.items()
              if header in get and (g := _grade(area, get[header])) is not None}
    found = ofsted.judgement(on, overall, grades, category)  # checks the era, areas and grades
    return Inspection(line, urn, on, overall, grades, found["category"])


def parse(lines: Iterable[str]) -> list[Inspection]:
    found: list[Inspection] = []
    for line, get in whole_rows(lines, (URN, DATE), "an Ofsted inspections file", _key):
        try:
            found.append(_row(line, get))
        except InvalidInput as problem:
            raise GiasFormatError(f"line {line}: {problem} Nothing was imported.") from None
    return found


def read(path: Path) -> list[Inspection]:
    with open(path, encoding=_encoding(path), errors="replace", newline="") as f:
        return parse(f)
