"""Reading a policy pack file into a Policy, every setting the application reads checked as the
pack is read (the sections a Policy holds, and those its readers take from `settings`, listed in
_check_settings): a wrong pack is a setting an administrator gets wrong, so it is refused in one
sentence naming the file, each wrong setting (as 'support.rates.roles.adviser.day') and what it
accepts, never a traceback from deep inside a command. The readers trust the shapes checked here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scc.domain.categorisation import scheme_from_settings
from scc.domain.errors import InvalidInput
from scc.domain.inputs import COMPLIANCE_DAYS_MAX, shown
from scc.domain.money import SESSIONS, Rate, Threshold
from scc.domain.support_policy import Cluster, ConsortiumFunding
from scc.domain.values import valid_code
from scc.pack_part import REQUIRED, Part, kind
from scc.policy import (
    JURISDICTIONS,
    MeetingRules,
    PlanRules,
    Policy,
    SupportRules,
    VisitRules,
)
from scc.policy_packs import PolicyPackError
from scc.workflow_files import load_yaml

# The most working days before a deadline a reminder may be sent (a school year's worth).
REMINDER_DAYS_MAX = 200
# What each entry of a categorisation list must give (scc.domain.categorisation reads them), and
# the settings that name an entry in a problem, the first the entry has.
_ENTRIES = {"categories": (("code", "title", "rank", "on_register", "visits"), ("code", "title")),
            "automatic": (("rule", "category", "outcomes"), ("rule",))}


def read_pack(path: Path) -> Policy:
    """The policy pack in `path`; PolicyPackError naming every problem if it has any."""
    policy, problems = _reading(path)
    if problems:
        raise PolicyPackError(path, problems)
    assert policy is not None
    return policy


def pack_problems(path: Path) -> list[str]:
    """Every problem of the pack in `path` (none: it can be used)."""
    return _reading(path)[1]


def _reading(path: Path) -> tuple[Policy | None, list[str]]:
    import yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as problem:
        return None, [f"it cannot be read as a text file ({problem})"]
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(problem, "problem", None) or "it cannot be parsed"
        return None, [f"it is not valid YAML{where}: {what}"]
    if not isinstance(data, dict):
        settings = "a mapping of settings (name: ..., authority: ...)"
        return None, [f"it must be {settings}, not {kind(data)}"]
    pack = Part(path, data)
    _check_settings(pack)
    # An authority records its pack by this name, and is served the file of that name.
    name = pack.text("name")
    if name and name != path.stem:
        pack.wrong("name", f"must be the file's name without .yaml ({path.stem}), not "
                           f"{kind(name)}")
    policy = Policy(
        name=name, authority=pack.text("authority"),
        address=tuple(pack.texts("address")), signatory=pack.labelled("signatory"),
        settings=data, scheme=_scheme(pack), visits=_visit_rules(pack.part("visits")),
        meetings=_meeting_rules(pack.part("meetings")), plans=_plan_rules(pack.part("plans")),
        support=_support_rules(pack.part("support")), jurisdiction=_jurisdiction(pack),
        compliance_days=pack.whole(
            "compliance_period_working_days", None, at_least=1, at_most=COMPLIANCE_DAYS_MAX,
            why=" (the working days a warning notice gives to comply where it names none, as "
                "--compliance-days)"))
    return policy, pack.problems


def _jurisdiction(pack: Part) -> str:
    """Whose law the authority's cases follow (england where the pack does not say): one this
    version carries rule sets for, or the pack is refused here, before an authority is served
    under it (scc authority add, scc serve, scc policy check all read it through this)."""
    found = pack.value("jurisdiction", "england")
    if found not in JURISDICTIONS:
        return str(pack.wrong("jurisdiction", f"must be {' or '.join(JURISDICTIONS)} (the "
                                              "jurisdictions whose rule sets this version "
                                              f"carries), not {kind(found)}", "england"))
    return str(found)


def _check_settings(pack: Part) -> None:
    """The settings read from `Policy.settings` where they are used, each as its reader expects."""
    code = pack.text("la_code", None)  # registering its authority reads these three
    if code:
        try:
            valid_code(code)
        except InvalidInput:
            pack.wrong("la_code", f"must be an LA code of three digits in quotes, as \"381\", "
                                  f"not {kind(code)}")
    pack.text("la_name", None)
    notice = pack.part("reasonable_notice")  # cases.py, the first day a power may be used
    if notice is not None:
        notice.whole("minimum_working_days", 1, at_least=1,
                     why=": a power is never exercised on the day the notice of intention is "
                         "given (EIA 2006 s60(1)(d))")
        notice.text("source", None)
    told = pack.part("regional_director_notification")  # cases.py, before each power
    if told is not None:
        told.flag("before_each_power")
        told.text("source", None)
    reminders = pack.part("reminders") or pack.within({}, "")  # deadlines.py, the scheduler's
    for kind_of_deadline in reminders.data:
        reminders.wholes(str(kind_of_deadline), 0, REMINDER_DAYS_MAX,
                         "working days before the deadline")
    for body in pack.parts("notice_recipients").values():  # recipients.py, copies of notices
        _addressed(body, REQUIRED)
        welsh = body.part("cy")
        if welsh is not None:
            _addressed(welsh, None)
    dioceses = pack.part("diocese_addresses") or pack.within({}, "")  # recipients.py
    for diocese in dioceses.data:
        dioceses.texts(str(diocese))
    pack.labelled("labels")  # categorisation.py: what the officer allocated is called
    welsh_language = pack.part("welsh_language")  # bilingual.py, notices in Welsh and English
    if welsh_language is not None:
        first = welsh_language.text("first", None)
        if first not in (None, "en", "cy"):
            welsh_language.wrong("first", "must be en or cy (the language a school's letters "
                                          f"give first where it has no preference), not "
                                          f"{kind(first)}")
        welsh_language.text("authority")
        welsh_language.texts("address", REQUIRED)
        welsh_language.text("signatory_title")
    partnerships = pack.part("partnerships")  # partnerships.py
    if partnerships is not None:
        partnerships.text("name")


def _addressed(body: Part, name: Any) -> None:
    """A body a notice is copied to, as the pack addresses it (its Welsh under `cy`)."""
    body.text("name", name)
    body.text("organisation", None)
    body.texts("address")
    body.text("salutation", None)


def _scheme(pack: Part) -> Any:
    section = pack.part("categorisation")
    if section is None:
        return None
    known = len(pack.problems)
    section.text("scheme")
    for key, (needed, named_by) in _ENTRIES.items():
        listed = section.items(key, REQUIRED if key == "categories" else ())
        for n, entry in enumerate(listed, start=1):
            _entry(section, f"{key}[{n}]", entry, needed, named_by)
    if len(pack.problems) > known:  # each named above; the scheme is not read without them
        return None
    try:
        return scheme_from_settings(section.data)
    except (KeyError, InvalidInput, TypeError, ValueError, AttributeError) as problem:
        return pack.wrong("categorisation", f"cannot be read ({problem})")


def _entry(section: Part, at: str, entry: Any, needed: tuple[str, ...],
           named_by: tuple[str, ...]) -> None:
    """One entry of a categorisation list: a problem naming it (its position, and its code or
    name where it has one) for each setting it lacks."""
    if not isinstance(entry, dict):
        section.wrong(at, f"must be a mapping ({', '.join(f'{k}: ...' for k in needed)}), not "
                          f"{kind(entry)}")
        return
    missing = [f"'{k}'" for k in needed if entry.get(k) is None]
    if missing:
        name = next((entry[k] for k in named_by if entry.get(k) is not None), None)
        called = "" if name is None else f"({shown(name)}) "
        section.wrong(at, f"{called}lacks {', '.join(missing)}")


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
    empty = data.within({}, data.at)
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
        return procurement.wrong("thresholds", f"holds {kind(item)} as its entry {n}, not a "
                                 "mapping (below:, needs:, rule:)")
    band = procurement.within(item, f"{procurement.at}thresholds[{n}].")
    return Threshold(band.amount("below"), band.text("needs"), band.whole("quotes", 0),
                     band.text("rule"))


def _consortium_funding(data: Part | None) -> ConsortiumFunding | None:
    if data is None:
        return None
    return ConsortiumFunding(tuple(data.texts("triggers", REQUIRED)),
                             data.amount("per_pupil", None), data.text("source"))
