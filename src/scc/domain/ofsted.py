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


ERA_NAMES = {
    SUB_JUDGEMENTS: "the era of key judgements without an overall grade (1 September 2024 to 9 "
                    "November 2025)",
    REPORT_CARD: "the report-card era (from 10 November 2025)"}
_GIVE = {SUB_JUDGEMENTS: ("key judgement (sub-judgement) grades", "leadership-and-management",
                         "requires-improvement", SUB_JUDGEMENT_GRADES),
         REPORT_CARD: ("report card grades", "achievement", "needs-attention", REPORT_CARD_GRADES)}


def no_overall_grade(day: date, outcome: str, columns: bool = False) -> str:
    """The refusal of an overall grade dated from September 2024: the era and what to give
    instead, as options of `scc school ofsted` (and the web form's fields), or, for the Ofsted
    import (`columns`), as its columns."""
    era = era_of(day)
    what, area, grade, scale = _GIVE[era]
    if columns:
        instead = (f"leave Overall effectiveness empty and give its {what} in their columns, "
                   "with any Category of concern")
    else:
        instead = (f"record its {what}, each as --grade AREA=GRADE (for example {area}={grade}; "
                   f"grades {', '.join(scale)}), or its category as --category (special-measures, "
                   "serious-weaknesses or significant-improvement)")
    return (f"Ofsted gave no overall-effectiveness grade from 1 September 2024: the inspection of "
            f"{day.isoformat()} falls in {ERA_NAMES[era]}; {instead}, not the overall grade "
            f"'{outcome}'.")


def judgement(day: date, outcome: str | None, grades: Mapping[str, str] | None,
              category: str | None) -> dict[str, Any]:
    """The judgement as Ofsted gave it on `day`, checked against that day's era: its `outcome`
    (the overall grade, the category, or the era's headline), `era`, `grades` and `category`.
    Every caller (the command line, the web form, the import) is held to the era: an overall
    grade dated from September 2024 is refused with what to give instead."""
    era, grades, category = era_of(day), dict(grades or {}), category_value(category)
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
        raise InvalidInput(no_overall_grade(day, outcome))
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


# What a school judged at one level would have been given in each era, for data dated relative to
# today (the demo, the benchmark, tests): the signals each pack's rules treat alike (see
# workflows/policies/*.yaml). Not a conversion of a real judgement: Ofsted gave what it gave.
_LIKE = {
    "outstanding": ("outstanding", "exceptional"),
    "good": ("good", "expected-standard"),
    "requires-improvement": ("requires-improvement", "needs-attention"),
}


def as_given_on(day: date, level: str) -> dict[str, Any]:
    """`outcome`, `grades` and `category` (the arguments of SchoolService.record_ofsted) for a
    school judged at `level` (an overall grade or a category) on `day`, in that day's era: to
    August 2024 the overall grade; after it, a category as the category, and otherwise the key
    judgements, or a report card, whose lowest grade the packs read as that grade."""
    era = era_of(day)
    if era == OVERALL or level in CATEGORIES:
        return {"outcome": level, "grades": None, "category": None}
    sub, card = _LIKE[level]  # the lowest grade; the other areas one better where there is one
    if era == SUB_JUDGEMENTS:
        other = "good" if sub != "outstanding" else sub
        grades = {"quality-of-education": other, "behaviour-and-attitudes": other,
                  "leadership-and-management": sub}
    else:
        other = "strong-standard" if card != "exceptional" else card
        grades = {"achievement": card, "curriculum-and-teaching": other,
                  "leadership-and-governance": other, SAFEGUARDING: "met"}
    return {"outcome": None, "grades": grades, "category": None}


# Estyn (Wales): His Majesty's Chief Inspector of Education and Training in Wales inspects Welsh
# schools; Ofsted does not. An inspection ends in one of Estyn's follow-up outcomes. Special
# measures and significant improvement are grounds 8 and 7 for intervention (School Standards and
# Organisation (Wales) Act 2013 s2(7), (8)); the case records them with the category words its
# rule set shares with England (workflows/rule-sets/wales-2014.yaml `ofsted_categories`).
ESTYN_OUTCOMES = ("special-measures", "significant-improvement", "estyn-review", "no-follow-up")
ESTYN_CATEGORIES = {"special-measures": OfstedOutcome.SPECIAL_MEASURES.value,
                    "significant-improvement": OfstedOutcome.SERIOUS_WEAKNESSES.value}
# Estyn's follow-up: monitoring visits of a school in special measures or needing significant
# improvement, and the review visits of a school in Estyn review; each ends with the school
# removed from that follow-up or still in it.
ESTYN_FOLLOW_UP_KINDS = {"monitoring": ("special-measures", "significant-improvement"),
                         "estyn-review": ("estyn-review",)}
ESTYN_FOLLOW_UP_OUTCOMES = ("removed", "remains")
ESTYN_REMOVED = "estyn-removed-from-follow-up"
# What the packs' automatic rules match (as signals) in Estyn's history.
ESTYN_SIGNALS = frozenset({"estyn-special-measures", "estyn-significant-improvement",
                           "estyn-review", "estyn-no-follow-up", ESTYN_REMOVED})
SIGNALS = SIGNALS | ESTYN_SIGNALS


def estyn_signal(outcome: str) -> str:
    """The signal of an Estyn outcome: estyn-special-measures, estyn-review, ..."""
    return outcome if outcome.startswith("estyn-") else "estyn-" + outcome


def estyn_words(outcome: str) -> str:
    return {"special-measures": "in need of special measures",
            "significant-improvement": "in need of significant improvement",
            "estyn-review": "in Estyn review",
            "no-follow-up": "no follow-up activity"}.get(outcome, outcome.replace("-", " "))
