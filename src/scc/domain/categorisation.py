"""An authority's category scheme and its automatic rules from Ofsted judgements, as values.

Every authority names and orders its categories differently (Calderdale GREEN/AMBER/RED, Leeds 1-5,
Bury 1 = most concern), so each category carries a `rank`: the higher, the more concern. The scheme
is built from the policy pack (workflows/policies/*.yaml); nothing here knows any one authority.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from scc.domain import ofsted
from scc.domain.errors import InvalidInput

# Why a school is on the register; only an Ofsted judgement is public (DOMAIN.md, Confidentiality).
BASES = ("ofsted", "authority-concern", "self-assessment", "safeguarding")
OFSTED_BASIS = "ofsted"


@dataclass(frozen=True)
class Entitlement:
    """Visits a year: `exactly` and `up-to` are caps, `at-least` is a floor with no cap."""

    count: int
    limit: str

    @classmethod
    def parse(cls, spec: int | Mapping[str, int]) -> Entitlement:
        if isinstance(spec, int):
            return cls(spec, "exactly")
        (key, count), = spec.items()
        return cls(int(count), key.replace("_", "-"))

    @property
    def cap(self) -> int | None:
        return None if self.limit == "at-least" else self.count

    def describe(self, unit: str) -> str:
        words = {"exactly": "", "up-to": "up to ", "at-least": "at least "}[self.limit]
        return f"{words}{self.count} {unit} a year"


@dataclass(frozen=True)
class Category:
    code: str
    title: str
    rank: int
    on_register: bool
    visits: Entitlement
    criteria: Mapping[str, str]
    support: str | None = None

    def check_criteria(self, keys: Sequence[str]) -> list[str]:
        unknown = [k for k in keys if k not in self.criteria]
        if unknown:
            raise InvalidInput(
                f"{', '.join(unknown)}: not a criterion of category {self.code}; use: "
                f"{', '.join(self.criteria)}."
            )
        return list(dict.fromkeys(keys))


@dataclass(frozen=True)
class AutomaticRule:
    """`raise` only moves a school up to the rule's category; `set` applies it whatever it was."""

    name: str
    outcomes: frozenset[str]  # signals of a judgement (scc.domain.ofsted.signals), any of which
    consecutive: int
    category: str
    mode: str
    eras: frozenset[str] = frozenset(ofsted.ERAS)  # of the latest judgement

    def matches(self, newest_first: Sequence[Mapping[str, Any]]) -> bool:
        recent = newest_first[: self.consecutive]
        return (len(recent) == self.consecutive
                and (recent[0].get("era") or ofsted.OVERALL) in self.eras
                and all(ofsted.signals(j) & self.outcomes for j in recent))


@dataclass(frozen=True)
class CategoryScheme:
    title: str
    review: str  # "term" or "year"
    visit_unit: str
    categories: tuple[Category, ...]
    automatic: tuple[AutomaticRule, ...]

    def category(self, code: str) -> Category:
        for category in self.categories:
            if category.code.casefold() == code.casefold():
                return category
        raise InvalidInput(
            f"'{code}' is not a category of this authority; use one of: "
            f"{', '.join(c.code for c in self.categories)}."
        )

    def rule_for(self, judgements: Sequence[Mapping[str, Any]], latest: date) -> AutomaticRule | None:
        """The first automatic rule that the judgements up to `latest` satisfy."""
        ordered = sorted((j for j in judgements if j["inspected_on"] <= latest),
                         key=lambda j: j["inspected_on"], reverse=True)
        return next((rule for rule in self.automatic if rule.matches(ordered)), None)

    def review_period_start(self, day: date) -> date:
        """The start of the review period containing `day`: the academic year (from 1 September)
        or the term (autumn from 1 September, spring from 1 January, summer from 1 April)."""
        year_start = academic_year_start(day)
        if self.review == "year":
            return year_start
        for start in (date(day.year, 4, 1), date(day.year, 1, 1)):
            if year_start < start <= day:
                return start
        return year_start


def academic_year_start(day: date) -> date:
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def academic_year(day: date) -> str:
    start = academic_year_start(day).year
    return f"{start}/{(start + 1) % 100:02d}"


def scheme_from_settings(data: Mapping[str, Any]) -> CategoryScheme:
    """The scheme from a policy pack's `categorisation` section."""
    categories = tuple(
        Category(code=str(c["code"]), title=str(c["title"]), rank=int(c["rank"]),
                 on_register=bool(c["on_register"]), visits=Entitlement.parse(c["visits"]),
                 criteria={str(k): str(v) for k, v in (c.get("criteria") or {}).items()},
                 support=c.get("support"))
        for c in data["categories"]
    )
    codes = {c.code for c in categories}
    rules = []
    for r in data.get("automatic") or ():
        if str(r["category"]) not in codes:
            raise ValueError(f"automatic rule {r['rule']!r} names unknown category {r['category']}")
        unknown = set(r["outcomes"]) - ofsted.SIGNALS
        eras = frozenset(r.get("eras") or ofsted.ERAS)
        if unknown or not eras <= set(ofsted.ERAS):
            raise ValueError(f"automatic rule {r['rule']!r}: unknown outcome or era "
                             f"{sorted(unknown | (eras - set(ofsted.ERAS)))}")
        rules.append(AutomaticRule(name=str(r["rule"]), outcomes=frozenset(r["outcomes"]),
                                   consecutive=int(r.get("consecutive", 1)),
                                   category=str(r["category"]), mode=str(r.get("mode", "raise")),
                                   eras=eras))
    return CategoryScheme(title=str(data["scheme"]), review=str(data.get("review", "term")),
                          visit_unit=str(data.get("visit_unit", "visits")),
                          categories=tuple(sorted(categories, key=lambda c: c.rank)),
                          automatic=tuple(rules))
