"""Versioned, effective-dated rule sets, loaded from workflows/rule-sets/*.yaml.

Each rule set gets one `transitions` machine, used only as a transition table: the aggregate asks
it where a trigger leads and which guards apply, then records the event. `auto_transitions` is off
so there is no unguarded way into any state. The files are read, and `transitions` imported, only
when a command first asks for the rule book (scc.rule_loading): listing cases or asking the
calendar needs neither.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scc.domain.errors import RuleViolation
from scc.domain.values import Power
from scc.workflow_files import RULE_SETS_DIR

if TYPE_CHECKING:
    from transitions import Machine

    from scc.domain.workflow import PowerRule, Step


@dataclass
class RuleSet:
    name: str
    title: str
    effective_from: date
    effective_until: date | None
    calendar_variant: str
    compliance_default_days: int
    compliance_rule: str
    window_months: int
    window_rule: str
    representations_days: int | None
    representations_rule: str | None
    states: dict[str, dict[str, Any]]
    triggers: dict[str, str]
    powers: dict[Power, PowerRule]
    machine: Machine = field(repr=False)
    act_guards: tuple[str, ...] = ()
    # The jurisdiction whose schools the rule set governs (an authority's `jurisdiction`).
    jurisdiction: str = "england"
    # Per trigger: the statutory condition a step refused from the current state rests on.
    refusals: dict[str, str] = field(default_factory=dict)
    # The grounds for intervention the Act names: key -> number, title, section.
    grounds: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The key of the central government's own warning notice in `notice_kinds` (the Secretary of
    # State's under EIA 2006 s60(4A); the Welsh Ministers' under SSO(W)A 2013 s10).
    central_warning_notice: str = "s60-secretary-of-state"
    # Wales: the grounds on which an urgent risk to health or safety gives the power to intervene
    # without a warning notice (SSO(W)A 2013 s4(3)): grounds, source.
    urgent_risk: dict[str, Any] = field(default_factory=dict)
    # Per warning notice kind: the first day it exists in law and the source (s60A: 12 January 2010).
    notice_kinds: dict[str, dict[str, Any]] = field(default_factory=dict)
    compliance_fixed: bool = False
    # The saving that keeps a notice under this rule set after it ends (S.I. 2016/466 reg 4).
    saving: dict[str, Any] | None = None
    # Per warning notice kind: the copies the statute requires under this rule set, with the source.
    statutory_copies: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Ofsted categories that make a school eligible (ss61, 62): outcome -> section, what it requires.
    ofsted_categories: dict[str, dict[str, str]] = field(default_factory=dict)
    # Per warning notice kind (old regime): the body representations go to and its source (s60:
    # Ofsted, old s60(7), (8); s60A: the authority, old s60A(7), (8)).
    representations_to: dict[str, dict[str, str]] = field(default_factory=dict)
    # Per warning notice kind: the compliance period of a notice confirmed after representations.
    confirmed_compliance: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Per trigger: guards checked after the act's own checks (local policy steps).
    last_guards: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Academy orders (Academies Act 2010 s4): whether the duty of s4(A1) holds, the sources of the
    # duty and of the power (s4(1)(b)), and any saving of orders made before (CWSA 2026 s58(9)).
    academy_order: dict[str, Any] = field(default_factory=dict)
    # The Secretary of State's own powers (EIA 2006 ss67-69) and the coasting regime (s60B).
    secretary_of_state_powers: dict[str, dict[str, Any]] = field(default_factory=dict)
    coasting: dict[str, Any] = field(default_factory=dict)

    @property
    def academy_order_duty(self) -> bool:
        return bool(self.academy_order.get("duty", False))

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until
        )

    def step(self, state: str, trigger: str) -> Step:
        from scc.domain.workflow import Step

        for transition in self.machine.get_transitions(trigger=trigger, source=state):
            guards = tuple(str(condition.func) for condition in transition.conditions)
            return Step(trigger, state, transition.dest or state, guards)
        allowed = [self.triggers[t] for t in self.machine.get_triggers(state) if t in self.triggers]
        sentence = f"You cannot {self.triggers.get(trigger, trigger)} while the case is at "
        sentence += f"'{self.state_title(state)}'"
        if allowed:
            sentence += f"; from here you may {', '.join(allowed)}"
        condition = self.refusals.get(trigger)
        if condition:
            sentence += f". {condition}"
        raise RuleViolation(sentence + f" ({self.name}).")

    def stage(self, state: str) -> int | None:
        stage = self.states[state].get("stage")
        return int(stage) if stage is not None else None

    def state_title(self, state: str) -> str:
        return str(self.states[state]["title"])

    def is_final(self, state: str) -> bool:
        return bool(self.states[state].get("final", False))

    def power(self, power: Power) -> PowerRule:
        rule = self.powers.get(power)
        if rule is None:
            ours = "; ".join(r.title for r in self.powers.values())
            raise RuleViolation(
                f"{power.value} is not a power of the local authority under {self.title} "
                f"({self.name}), the law of this school's authority ({self.jurisdiction.title()}); "
                f"its powers are: {ours}.")
        return rule

    def warning_notice_refusal(self, kind: str, on: date) -> str | None:
        law = self.notice_kinds.get(kind)
        if law is None:
            ours = "; ".join(f"{k}: {v['title']} ({v['source']})"
                             for k, v in self.notice_kinds.items()
                             if v.get("by", "authority") == "authority"
                             and not k.endswith("-secretary-of-state"))
            return (f"No {kind} warning notice can be given under {self.title} ({self.name}), "
                    f"the law of this school's authority ({self.jurisdiction.title()}); the "
                    f"authority's warning notices are: {ours}.")
        if on >= law["from"]:
            return None
        return (f"No {law['title']} could be given on {on.isoformat()}: {law['source']}; it exists "
                f"only from {law['from'].isoformat()}.")

    def grounds_refusal(self, kind: str, grounds: list[str]) -> str | None:
        """Why a warning notice of `kind` cannot rest on `grounds`: each kind lists its grounds
        (`warning_notices.KIND.grounds`); a ground outside them is refused with the section."""
        law = self.notice_kinds.get(kind) or {}
        allowed = law.get("grounds")
        wrong = [g for g in grounds if allowed is not None and g not in allowed]
        if not wrong:
            return None
        ground = self.grounds.get(wrong[0], {})
        named = f"ground {ground['number']} ({wrong[0]})" if ground else f"'{wrong[0]}'"
        sentence = (f"The {law['title']} may rest only on {', '.join(allowed or []) or 'no ground'} "
                    f"({law.get('grounds_source', law['source'])}); {named} is not one of them")
        if ground.get("instead"):
            sentence += f": {ground['instead']}"
        return sentence + f" ({self.name})."

    def representations_route(self, kind: str) -> dict[str, str] | None:
        """Who receives representations against a notice of `kind` and confirms it, or None."""
        return self.representations_to.get(kind)

    def keeps_notice(self, compliance_end: date | None) -> bool:
        """Whether a notice given under this rule set stays under it after the rule set ends."""
        if self.saving is None or compliance_end is None:
            return False  # no saving: from its end, acts follow the rule set then in force
        return compliance_end >= self.saving["compliance_period_ends_on_or_after"]


class RuleBook:
    """The rule sets of every jurisdiction: a case's act follows the rule set of its school's
    authority's jurisdiction in force on the act's date; a stored event names its rule set, which
    `named` finds whatever the jurisdiction."""

    def __init__(self, rule_sets: list[RuleSet]) -> None:
        self.rule_sets = sorted(rule_sets, key=lambda r: r.effective_from)
        self.by_name = {r.name: r for r in self.rule_sets}

    def in_force_on(self, day: date, jurisdiction: str = "england") -> RuleSet:
        """The rule set of `jurisdiction` (an authority's) in force on `day`."""
        ours = [r for r in self.rule_sets if r.jurisdiction == jurisdiction]
        for rule_set in ours:
            if rule_set.in_force_on(day):
                return rule_set
        if not ours:
            raise RuleViolation(f"No rule set governs schools in {jurisdiction.title()}.")
        raise RuleViolation(
            f"No rule set of {jurisdiction.title()} is in force on {day.isoformat()}; the "
            f"earliest starts on {ours[0].effective_from.isoformat()}."
        )

    def named(self, name: str) -> RuleSet:
        return self.by_name[name]

    def academy_order_on(self, day: date, eligible_by_category: bool,
                         order: dict[str, Any] | None,
                         jurisdiction: str = "england") -> dict[str, Any]:
        """What the law on `day` says of a case's Academy order: whether one is due (the duty of
        Academies Act 2010 s4(A1), only while it exists), and an order made, with the saving that
        keeps it standing (CWSA 2026 s58(9)) where the duty was repealed after it was made."""
        law = self.in_force_on(day, jurisdiction)
        due = eligible_by_category and order is None and law.academy_order_duty
        shown = None
        if order is not None:
            shown = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in order.items()}
            saving = law.academy_order.get("saving")
            if saving and order.get("duty") and order["made_on"] < saving["made_before"]:
                shown["stands"] = saving["rule"]
        return {"academy_order_due": due, "academy_order": shown,
                "academy_order_law": law.academy_order["duty_source"]}


def current_stage(state: str) -> int | None:
    """The stage of a case's state in the newest rule set (the read models' `stage`)."""
    return load_rule_book().rule_sets[-1].stage(state)


@functools.lru_cache(maxsize=4)
def load_rule_book(folder: Path = RULE_SETS_DIR) -> RuleBook:
    """Every concrete rule set in folder (files marked abstract only lend their content)."""
    from scc.rule_loading import rule_sets  # the YAML reader, transitions and the guards

    return RuleBook(rule_sets(folder))
