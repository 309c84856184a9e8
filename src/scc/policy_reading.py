"""Reading a policy pack file into a Policy, each value checked where it is read: a wrong pack is
a setting an administrator gets wrong, so it is refused in one sentence naming the file and the
setting (as 'support.rates.roles.adviser.day'), never a traceback from deep inside a command."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from scc.domain.categorisation import scheme_from_settings
from scc.domain.errors import InvalidInput
from scc.domain.inputs import shown
from scc.domain.money import SESSIONS, Rate, Threshold, money
from scc.domain.support_policy import Cluster, ConsortiumFunding
from scc.policy import MeetingRules, PlanRules, Policy, SupportRules, VisitRules
from scc.policy_packs import PolicyPackError
from scc.workflow_files import load_yaml

_REQUIRED: Any = object()  # no default: the setting must be given


def read_pack(path: Path) -> Policy:
    """The policy pack in `path`; PolicyPackError if it is not YAML or a value is wrong."""
    import yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(problem, "problem", None) or "it cannot be parsed"
        raise PolicyPackError(f"The policy pack {path} is not valid YAML{where}: {what}; "
                              "correct the file.") from None
    if not isinstance(data, dict):
        raise PolicyPackError(f"The policy pack {path} must be a mapping of settings "
                              f"(name: ..., authority: ...), not {_kind(data)}; correct the file.")
    pack = Part(path, data)
    for key in ("la_code", "la_name", "jurisdiction"):  # what registering its authority reads
        pack.text(key, None)
    return Policy(
        name=pack.text("name"), authority=pack.text("authority"),
        address=tuple(pack.texts("address")), signatory=pack.labelled("signatory"),
        settings=data, scheme=_scheme(pack), visits=_visit_rules(pack.part("visits")),
        meetings=_meeting_rules(pack.part("meetings")), plans=_plan_rules(pack.part("plans")),
        support=_support_rules(pack.part("support")))


@dataclass(frozen=True)
class Part:
    """A mapping of a pack and where it sits in it ('support.bids.'), to name a wrong value."""

    path: Path
    data: Mapping[str, Any]
    at: str = ""

    def wrong(self, key: str, what: str) -> PolicyPackError:
        return PolicyPackError(f"The policy pack {self.path}: '{self.at}{key}' {what}; correct "
                               "the file.")

    def value(self, key: str, default: Any = _REQUIRED) -> Any:
        found = self.data.get(key)
        if found is None and default is _REQUIRED:
            raise self.wrong(key, "is missing")
        return default if found is None else found

    def text(self, key: str, default: Any = _REQUIRED) -> Any:
        found = self.value(key, default)
        if isinstance(found, (dict, list)):
            raise self.wrong(key, f"must be text, not {_kind(found)}")
        return found if found is None else str(found)

    def whole(self, key: str, default: Any = _REQUIRED) -> Any:
        if self.data.get(key) is None:
            return self.value(key, default)
        found = self.data[key]
        if isinstance(found, bool) or not (isinstance(found, int) or (
                isinstance(found, str) and found.strip().isdigit())):
            raise self.wrong(key, f"must be a whole number, not {_kind(found)}")
        return int(found)

    def amount(self, key: str) -> Decimal:
        found = self.value(key)
        try:
            if isinstance(found, (bool, dict, list)):
                raise InvalidOperation
            amount = Decimal(str(found))
            if not amount.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise self.wrong(key, f"must be an amount of money, not {_kind(found)}") from None
        return amount

    def part(self, key: str) -> Part | None:
        """The mapping under `key`, or None where the pack leaves it out (or empty)."""
        found = self.value(key, None)
        if found is not None and not isinstance(found, dict):
            raise self.wrong(key, f"must be a mapping (key: value lines), not {_kind(found)}")
        return Part(self.path, found, f"{self.at}{key}.") if found else None

    def parts(self, key: str) -> dict[str, Part]:
        """Each mapping in the mapping under `key`, by its key."""
        found = self.part(key)
        if found is None:
            return {}
        return {str(k): found.part(str(k)) or Part(self.path, {}, f"{found.at}{k}.")
                for k in found.data}

    def items(self, key: str, default: Any = ()) -> list[Any]:
        found = self.value(key, default)
        if found is default:
            return list(found)
        if not isinstance(found, list):
            raise self.wrong(key, f"must be a list, not {_kind(found)}")
        return found

    def texts(self, key: str, default: Any = ()) -> list[str]:
        found = self.items(key, default)
        if any(isinstance(item, (dict, list)) for item in found):
            raise self.wrong(key, "must be a list of texts")
        return [str(item) for item in found]

    def labelled(self, key: str) -> dict[str, str]:
        """A mapping of texts (a signatory, a form's areas)."""
        found = self.part(key)
        return {str(k): found.text(k) for k in found.data} if found else {}

    def numbers(self, key: str) -> dict[str, int]:
        found = self.part(key)
        return {str(k): found.whole(k) for k in found.data} if found else {}

    def month_days(self, key: str) -> tuple[tuple[int, int], ...]:
        """Days of the year written MM-DD (a term's end, a board meeting)."""
        days = []
        for item in self.texts(key):
            month, _, day = item.partition("-")
            if not (month.isdigit() and day.isdigit() and 1 <= int(month) <= 12
                    and 1 <= int(day) <= 31):
                raise self.wrong(key, f"holds '{shown(item)}', not a day written MM-DD")
            days.append((int(month), int(day)))
        return tuple(days)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else f"'{shown(value)}'"


def _scheme(pack: Part) -> Any:
    section = pack.part("categorisation")
    if section is None:
        return None
    try:
        return scheme_from_settings(section.data)
    except KeyError as missing:
        raise pack.wrong("categorisation", f"lacks {missing} in one of its entries") from None
    except (InvalidInput, TypeError, ValueError, AttributeError) as problem:
        raise pack.wrong("categorisation", f"cannot be read ({problem})") from None


def _visit_rules(data: Part | None) -> VisitRules | None:
    if data is None:
        return None
    return VisitRules(data.whole("report_due_working_days"), data.text("report_rule"),
                      data.whole("return_due_working_days"), data.text("return_rule"))


def _meeting_rules(data: Part | None) -> MeetingRules | None:
    if data is None:
        return None
    return MeetingRules(data.whole("documents_due_days_before"), data.text("documents_rule"),
                        data.labelled("documents"))


def _plan_rules(data: Part | None) -> PlanRules | None:
    if data is None:
        return None
    return PlanRules(data.text("review_rule"), data.month_days("term_ends"))


def _support_rules(data: Part | None) -> SupportRules | None:
    if data is None:
        return None
    empty = Part(data.path, {})
    bids, rates = data.part("bids") or empty, data.part("rates") or empty
    procurement = data.part("procurement") or empty
    clusters, board = data.part("clusters") or empty, data.part("board_meetings") or empty
    return SupportRules(
        source=data.text("source"), areas=bids.labelled("areas"), periods=bids.numbers("periods"),
        initial_terms_max=bids.whole("initial_terms_max", None),
        impact_report_rule=bids.text("impact_report_rule", ""),
        board_rule=bids.text("board_rule", ""),
        rates={role: Rate(role, r.text("title"), r.amount("day"),
                          tuple((k, r.amount(k)) for k in SESSIONS if k in r.data))
               for role, r in rates.parts("roles").items()},
        rates_source=rates.text("source", ""),
        plan_review_rule=data.text("plan_review_rule", ""),
        thresholds=tuple(_threshold(procurement, n, t)
                         for n, t in enumerate(procurement.items("thresholds"), start=1)),
        above=procurement.text("above", ""),
        clusters=tuple(Cluster(key, c.text("title"),
                               frozenset(n.casefold() for n in c.texts("schools")),
                               frozenset(c.texts("urns")))
                       for key, c in clusters.parts("list").items()),
        clusters_source=clusters.text("source", ""),
        entitlement_source=data.text("entitlement_source", ""),
        consortium=_consortium_funding(data.part("consortium_funding")),
        board_meetings=board.month_days("dates"), a3_rule=board.text("a3_rule", ""))


def _threshold(procurement: Part, n: int, item: Any) -> Threshold:
    if not isinstance(item, dict):
        raise procurement.wrong("thresholds", f"holds {_kind(item)} as its entry {n}, not a "
                                "mapping (below:, needs:, rule:)")
    band = Part(procurement.path, item, f"{procurement.at}thresholds[{n}].")
    return Threshold(band.amount("below"), band.text("needs"), band.whole("quotes", 0),
                     band.text("rule"))


def _consortium_funding(data: Part | None) -> ConsortiumFunding | None:
    if data is None:
        return None
    per_pupil = data.value("per_pupil", None)
    try:
        amount = None if per_pupil is None else money("Amount per pupil", per_pupil)
    except InvalidInput as problem:
        raise data.wrong("per_pupil", f"is wrong: {problem}") from None
    return ConsortiumFunding(tuple(data.texts("triggers", _REQUIRED)), amount,
                             data.text("source"))
