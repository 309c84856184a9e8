"""Welsh schools: their Welsh school number and letters' language preference, and the national
support categories imported as history (issue 13, items 3 and 4).

A Welsh school is known here by its URN like any other; the Welsh Government's files name it by
its Welsh school number (LA code and four digits), which is a school detail (`school_number`) set
by hand (`scc school welsh URN --school-number 6734065`). The same command sets the school's
language preference for letters (`language`: cy or en), which decides which language a bilingual
notice gives first (scc.application.bilingual).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from scc import wales_categories
from scc.application.categorisation import school_for
from scc.application.context import Context
from scc.application.scope import scope_of
from scc.domain import ids
from scc.domain.categorisation import academic_year
from scc.domain.errors import InvalidInput, NotFound, RuleViolation
from scc.domain.school import School
from scc.domain.values import Actor
from scc.projections.queries import list_schools

LETTERS_FIRST = {"welsh": "cy", "english": "en"}


def welsh_details(school: School) -> dict[str, Any]:
    """What a school page shows of a Welsh school: its number, language and support categories."""
    return {
        "school_number": school.details.get("school_number"),
        "letters_first": {v: k for k, v in LETTERS_FIRST.items()}.get(
            school.details.get("language") or ""),
        "support_categories": [
            {"year": c["year"], "category": c["category"],
             "category_cy": wales_categories.WELSH_NAMES[c["category"]],
             "support_days": c["support_days"], "published_on": c["on"].isoformat(),
             "source": c["source"]}
            for c in school.support_categories],
    }


def set_details(ctx: Context, user: str | None, urn: str, school_number: str | None,
                letters_first: str | None) -> dict[str, Any]:
    """Records the school's Welsh school number and language preference (DetailsUpdated)."""
    actor, school = school_for(ctx, user, "school.manage", urn)
    held_by = ctx.authority_of(school)
    if held_by.jurisdiction != "wales":
        raise RuleViolation(f"{school.name} (URN {urn}) is a school of {held_by.name}, in "
                            f"{held_by.jurisdiction.title()}: a Welsh school number and a "
                            "language preference for bilingual letters are for Welsh schools.")
    changes: dict[str, Any] = {}
    if school_number is not None:
        number = school_number.strip()
        if not wales_categories.SCHOOL_NUMBER.fullmatch(number) or number[:3] != held_by.code:
            raise InvalidInput(f"'{number[:20]}' is not a Welsh school number of {held_by.name}: "
                               f"seven digits, beginning with its LA code {held_by.code}.")
        other = _numbered(ctx, held_by.code).get(number)
        if other is not None and other.urn != school.urn:
            raise RuleViolation(f"The school number {number} is already {other.name}'s "
                                f"(URN {other.urn}).")
        changes["school_number"] = number
    if letters_first is not None:
        if letters_first not in LETTERS_FIRST:
            raise InvalidInput(f"Letters may give first: {', '.join(LETTERS_FIRST)}.")
        changes["language"] = LETTERS_FIRST[letters_first]
    if not changes:
        raise InvalidInput("Give --school-number, --letters-first or both.")
    if school.update(changes, actor, "entered by hand"):
        ctx.save(school)
    return {"urn": school.urn, **welsh_details(school)}


def _numbered(ctx: Context, authority: str) -> dict[str, School]:
    """The schools of `authority` by their Welsh school number."""
    found = {}
    for row in list_schools(ctx.engine, authorities=[authority]):
        school = ctx.get(ids.school_id(row["urn"]), School, "")
        if school.details.get("school_number"):
            found[str(school.details["school_number"])] = school
    return found


def import_categories(ctx: Context, user: str | None, path: Path, on: date) -> dict[str, Any]:
    """Records each row's support category on the school with its Welsh school number, as
    published on `on`. The whole file is read first: a bad row refuses it, naming its line, and
    nothing is recorded. A category already recorded for the year is left alone, so importing
    the file again records nothing. All the schools' new events are saved in one transaction."""
    actor = ctx.actor(user, "school.manage")
    published = ctx.act_date(on)
    try:
        rows = wales_categories.read(path)
    except (wales_categories.CategoriesFileError, OSError) as problem:
        raise InvalidInput(f"Cannot import {path}: {problem}. Nothing was recorded.") from None
    year = academic_year(published)  # the school year a category published then is for
    report: dict[str, Any] = {"year": year, "recorded": 0, "already_recorded": 0,
                              "other_authority": 0, "not_served": 0, "not_held": [],
                              "numbered_by_name": []}
    by_authority: dict[str, list[wales_categories.CategoryRow]] = defaultdict(list)
    for row in rows:
        by_authority[row.la_code].append(row)
    changed: dict[str, School] = {}
    for code, held in sorted(by_authority.items()):
        schools = _schools_of(ctx, actor, code, report, len(held))
        if schools is None:
            continue
        for matched in _number_by_name(ctx, actor, code, held, schools, report, path.name):
            changed[matched.urn] = matched
        for row in held:
            school = schools.get(row.school_number)
            if school is None:
                report["not_held"].append({"line": row.line, "school_number": row.school_number,
                                           "name": row.school_name})
            elif school.record_support_category(
                    actor, published, year, row.category, row.support_days, row.school_number,
                    f"{path.name}, line {row.line}"):
                report["recorded"] += 1
                changed[school.urn] = school
            else:
                report["already_recorded"] += 1
    if changed:
        ctx.save(*changed.values())
    return report


def _number_by_name(ctx: Context, actor: Actor, code: str,
                    rows: list[wales_categories.CategoryRow], numbered: dict[str, School],
                    report: dict[str, Any], source: str) -> list[School]:
    """The file names each school by its Welsh school number and its name, never its URN: a
    school of the authority held here without a number takes the number of the one row whose
    name is its own (letter case and spacing aside), where no other school or row shares that
    name. Each is reported, to be checked; `numbered` gains them."""
    def key(name: str) -> str:
        return " ".join(name.split()).casefold()

    unnumbered: dict[str, list[School]] = defaultdict(list)
    for held in list_schools(ctx.engine, authorities=[code]):
        school = ctx.get(ids.school_id(held["urn"]), School, "")
        if not school.details.get("school_number"):
            unnumbered[key(school.name)].append(school)
    named: dict[str, list[wales_categories.CategoryRow]] = defaultdict(list)
    for line in rows:
        if line.school_number not in numbered:
            named[key(line.school_name)].append(line)
    found = []
    for name, schools in unnumbered.items():
        if len(schools) == 1 and len(named.get(name, ())) == 1:
            school, row = schools[0], named[name][0]
            school.update({"school_number": row.school_number}, actor,
                          f"{source}, line {row.line} (matched by name)")
            numbered[row.school_number] = school
            report["numbered_by_name"].append({"urn": school.urn, "name": school.name,
                                               "school_number": row.school_number,
                                               "line": row.line})
            found.append(school)
    return found


def _schools_of(ctx: Context, actor: Actor, code: str, report: dict[str, Any],
                rows: int) -> dict[str, School] | None:
    """The Welsh authority's schools by number, or None (its rows counted) where it is not
    served here or the user does not act for it."""
    try:
        authority = ctx.authority(code)
    except NotFound:
        report["not_served"] += rows
        return None
    authorities = scope_of(ctx, actor).authorities
    if authority.jurisdiction != "wales" or (authorities is not None
                                             and code not in authorities):
        report["other_authority"] += rows
        return None
    return _numbered(ctx, code)
