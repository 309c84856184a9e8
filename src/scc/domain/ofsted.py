"""Ofsted's three eras of school inspection outcomes, recorded as Ofsted gave them.

1. Up to 31 August 2024: an overall-effectiveness grade (outstanding, good, requires improvement,
   inadequate: serious weaknesses or special measures).
2. 1 September 2024 to 9 November 2025: no overall grade; the key judgements (sub-judgements) are
   still graded outstanding / good / requires improvement / inadequate, and a school may be placed
   in special measures or judged to have serious weaknesses.
3. From 10 November 2025: report cards grade evaluation areas (exceptional, strong standard,
   expected standard, needs attention, urgent improvement); a school may still be placed in special
   measures or judged to need significant improvement (the s61 category, EIA 2006).

The automatic register rules of a policy pack match *signals* (`signals`): the overall grade in the
first era, and in the later eras the lowest grade given (e.g. `lowest-area-needs-attention`), with
the Ofsted category in every era. A rule written for one era's signals cannot fire on another's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from scc.domain.errors import InvalidInput
from scc.domain.values import OfstedOutcome

NO_OVERALL_GRADE_FROM = date(2024, 9, 1)
REPORT_CARDS_FROM = date(2025, 11, 10)

OVERALL, SUB_JUDGEMENTS, REPORT_CARD = "overall-grade", "sub-judgements", "report-card"
ERAS = (OVERALL, SUB_JUDGEMENTS, REPORT_CARD)

# Grades, best first; the lowest grade given is what the rules read.
SUB_JUDGEMENT_GRADES = ("outstanding", "good", "requires-improvement", "inadequate")
REPORT_CARD_GRADES = ("exceptional", "strong-standard", "expected-standard", "needs-attention",
                      "urgent-improvement")
SUB_JUDGEMENT_AREAS = ("quality-of-education", "behaviour-and-attitudes", "personal-development",
                       "leadership-and-management", "early-years", "sixth-form")
REPORT_CARD_AREAS = ("inclusion", "curriculum-and-teaching", "achievement",
                     "attendance-and-behaviour", "personal-development-and-well-being",
                     "leadership-and-governance", "early-years", "post-16")
SAFEGUARDING = "safeguarding"  # met / not-met in the report card; effective yes / no before
SAFEGUARDING_VALUES = ("met", "not-met")
# Ofsted categories (s61 serious weaknesses, which report cards call "requires significant
# improvement"; s62 special measures): one stored value each across the eras.
CATEGORIES = (OfstedOutcome.SERIOUS_WEAKNESSES.value, OfstedOutcome.SPECIAL_MEASURES.value)
CATEGORY_ALIASES = {"significant-improvement": OfstedOutcome.SERIOUS_WEAKNESSES.value,
                    "requires-significant-improvement": OfstedOutcome.SERIOUS_WEAKNESSES.value}
# The headline kept as the judgement's `outcome` where Ofsted gave no overall grade.
HEADLINE = {SUB_JUDGEMENTS: "no-overall-grade", REPORT_CARD: "report-card"}


_GRADE_WORDS = frozenset(o.value for o in OfstedOutcome)


def era_of(day: date) -> str:
    if day < NO_OVERALL_GRADE_FROM:
        return OVERALL
    return SUB_JUDGEMENTS if day < REPORT_CARDS_FROM else REPORT_CARD


def category_value(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    key = value.strip().casefold().replace(" ", "-")
    key = CATEGORY_ALIASES.get(key, key)
    if key not in CATEGORIES:
        raise InvalidInput(f"'{value}' is not an Ofsted category; use special-measures, "
                           "serious-weaknesses or significant-improvement.")
    return key


def judgement(day: date, outcome: str | None, grades: Mapping[str, str] | None,
              category: str | None, strict: bool = True) -> dict[str, Any]:
    """The judgement as Ofsted gave it on `day`, checked against that day's era: its `outcome`
    (the overall grade, the category, or the era's headline), `era`, `grades` and `category`.

    `strict=False` still takes a single overall grade with no grades for a later date, recorded
    as that (era overall-grade): the form every caller used before the eras were recorded. The
    Ofsted import is always strict."""
    era, grades, category = era_of(day), dict(grades or {}), category_value(category)
    if not strict and era != OVERALL and outcome in _GRADE_WORDS and not grades and not category:
        era = OVERALL
    if era == OVERALL:
        if outcome is None:
            raise InvalidInput(f"An inspection on {day.isoformat()} (before September 2024) has an "
                               "overall-effectiveness grade; give it as the outcome.")
        parsed = OfstedOutcome.parse(outcome)
        if category and category != parsed.value:
            raise InvalidInput(f"An overall grade of {parsed.value} does not place a school in "
                               f"{category}; the category is the inadequate grade itself.")
        _check_grades(grades, SUB_JUDGEMENT_AREAS, SUB_JUDGEMENT_GRADES, day)
        return {"era": era, "outcome": parsed.value, "grades": grades,
                "category": parsed.value if parsed.is_ofsted_category else None}
    key = (outcome or "").strip().casefold().replace(" ", "-")
    if outcome is not None and CATEGORY_ALIASES.get(key, key) not in CATEGORIES:
        raise InvalidInput(
            f"Ofsted gave no overall-effectiveness grade from 1 September 2024: record the "
            f"inspection of {day.isoformat()} with its "
            f"{'sub-judgements' if era == SUB_JUDGEMENTS else 'report card grades'} and any "
            f"category, not '{outcome}'.")
    category = category or category_value(outcome)
    if era == SUB_JUDGEMENTS:
        _check_grades(grades, SUB_JUDGEMENT_AREAS, SUB_JUDGEMENT_GRADES, day)
    else:
        _check_grades(grades, REPORT_CARD_AREAS, REPORT_CARD_GRADES, day)
    if not grades and category is None:
        raise InvalidInput(f"Give the grades Ofsted gave on {day.isoformat()} "
                           f"({'sub-judgements' if era == SUB_JUDGEMENTS else 'report card'}).")
    return {"era": era, "outcome": category or HEADLINE[era], "grades": grades,
            "category": category}


def _check_grades(grades: dict[str, str], areas: tuple[str, ...], scale: tuple[str, ...],
                  day: date) -> None:
    for area, grade in grades.items():
        if area == SAFEGUARDING:
            allowed: tuple[str, ...] = SAFEGUARDING_VALUES
        elif area in areas:
            allowed = scale
        else:
            raise InvalidInput(f"'{area}' is not an area Ofsted graded on {day.isoformat()}; use "
                               f"one of: {', '.join(areas + (SAFEGUARDING,))}.")
        if grade not in allowed:
            raise InvalidInput(f"'{grade}' is not a grade of {area} on {day.isoformat()}; use one "
                               f"of: {', '.join(allowed)}.")


def lowest(grades: Mapping[str, str], scale: tuple[str, ...]) -> str | None:
    given = [scale.index(g) for a, g in grades.items() if a != SAFEGUARDING and g in scale]
    return scale[max(given)] if given else None


def signals(j: Mapping[str, Any]) -> frozenset[str]:
    """What the automatic rules can match in one judgement (see the module docstring)."""
    era = j.get("era") or OVERALL
    category = j.get("category")
    found = {category} if category else set()
    if era == OVERALL:
        found.add(str(j["outcome"]))
    else:
        scale, prefix = ((SUB_JUDGEMENT_GRADES, "lowest-sub-judgement-") if era == SUB_JUDGEMENTS
                         else (REPORT_CARD_GRADES, "lowest-area-"))
        low = lowest(j.get("grades") or {}, scale)
        if low:
            found.add(prefix + low)
        if (j.get("grades") or {}).get(SAFEGUARDING) == "not-met":
            found.add("safeguarding-not-met")
    return frozenset(found)


SIGNALS = frozenset({
    *(o.value for o in OfstedOutcome), "safeguarding-not-met",
    *("lowest-sub-judgement-" + g for g in SUB_JUDGEMENT_GRADES),
    *("lowest-area-" + g for g in REPORT_CARD_GRADES)})
CONCERN_SIGNALS = frozenset({
    "requires-improvement", *CATEGORIES, "lowest-sub-judgement-requires-improvement",
    "lowest-sub-judgement-inadequate", "lowest-area-needs-attention",
    "lowest-area-urgent-improvement", "safeguarding-not-met"})


def is_concern(j: Mapping[str, Any]) -> bool:
    """A judgement below good (or its later equivalents): the public, Ofsted basis of a register
    entry."""
    return bool(signals(j) & CONCERN_SIGNALS)


def describe(j: Mapping[str, Any]) -> str:
    """One line a Service Manager reads: the grade, or the grades and category."""
    era = j.get("era") or OVERALL
    if era == OVERALL:
        return str(j["outcome"]).replace("-", " ")
    parts = [f"{a.replace('-', ' ')}: {g.replace('-', ' ')}" for a, g in (j.get("grades") or {}).items()]
    head = "report card" if era == REPORT_CARD else "no overall grade"
    if j.get("category"):
        head += f", {category_label(str(j['category']), era)}"
    return head + (f" ({'; '.join(parts)})" if parts else "")


def category_label(category: str, era: str) -> str:
    if category == OfstedOutcome.SERIOUS_WEAKNESSES.value and era == REPORT_CARD:
        return "requires significant improvement"
    return category.replace("-", " ")
