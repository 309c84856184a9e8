"""Guards named in workflows/*.yaml. Each returns None when the step may go ahead, or the sentence
that tells the user which rule stops it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from scc.domain.values import Actor, Governance, Power
from scc.domain.workflow import Workflow

if TYPE_CHECKING:
    from scc.domain.case import ConcernCase


@dataclass(frozen=True)
class SchoolFacts:
    """What a case needs to know about its school at the moment of an act."""

    urn: str
    name: str
    governance: Governance
    opened_on: date | None = None  # GIAS OpenDate
    closed_on: date | None = None  # GIAS CloseDate


@dataclass(frozen=True)
class Act:
    """The circumstances of one recorded act: who, on what real-world date, under which rules."""

    actor: Actor
    on: date
    workflow: Workflow
    school: SchoolFacts
    reason: str | None = None
    powers: tuple[Power, ...] = ()  # the intervention powers the act concerns, if any


Guard = Callable[["ConcernCase", Act], "str | None"]


def maintained_school(case: ConcernCase, act: Act) -> str | None:
    if act.school.governance is Governance.MAINTAINED:
        return None
    return (
        f"Statutory intervention applies only to maintained schools (EIA 2006 s59); "
        f"{act.school.name} is an academy, which is the Regional Director's responsibility."
    )


def compliance_period_ended(case: ConcernCase, act: Act) -> str | None:
    end = case.due("compliance-period")
    if end is None or act.on > end:
        return None
    return (
        f"The compliance period ends on {end.isoformat()}; whether the governing body complied "
        f"can be recorded from {(end + timedelta(days=1)).isoformat()}."
    )


def action_plan_awaited(case: ConcernCase, act: Act) -> str | None:
    deadline = case.deadlines.get("action-plan")
    if deadline is not None and deadline.get("met_on") is None:
        return None
    return "No action plan is awaited on this case."


def academy_order_due(case: ConcernCase, act: Act) -> str | None:
    if case.academy_order_due:
        return None
    return "An academy order is due only after an Ofsted judgement of serious weaknesses or special measures."


def within_initial_period(case: ConcernCase, act: Act) -> str | None:
    end = case.due("representations-period")
    if end is not None and act.on <= end:
        return None
    return f"Representations to Ofsted had to be made by {end}, the end of the initial period."


def representations_made(case: ConcernCase, act: Act) -> str | None:
    if case.representations_made_on is not None:
        return None
    return "The governing body made no representations to Ofsted about this warning notice."


def representations_resolved(case: ConcernCase, act: Act) -> str | None:
    if case.ofsted_confirmed:
        return None
    end = case.due("representations-period")
    if case.representations_made_on is not None:
        return "The governing body made representations to Ofsted; wait for Ofsted to confirm the notice."
    if end is not None and act.on <= end:
        return f"The initial period for representations to Ofsted runs until {end.isoformat()}."
    return None


def powers_compatible(case: ConcernCase, act: Act) -> str | None:
    """The powers of ss63-66 that the Act does not allow after another power (rule set YAML)."""
    for power in act.powers:
        rule = act.workflow.power(power)
        for earlier, why in rule.barred_after.items():
            if earlier in case.powers_used:
                return (f"The authority may not {rule.title}: {why}. The interim executive board "
                        f"was constituted on {case.powers_used[earlier].isoformat()}.")
    return None


def reasonable_notice_given(case: ConcernCase, act: Act) -> str | None:
    first = case.powers_from
    if case.eligibility != "warning-notice" or first is None or act.on >= first:
        return None
    return (f"The notice of intention to intervene was given on {case.intention_given_on}; a power "
            f"may be exercised only after reasonable notice in writing (EIA 2006 s60(1)(d)): "
            f"{case.powers_from_rule}. The first day a power may be used is {first.isoformat()}.")


def still_eligible(case: ConcernCase, act: Act) -> str | None:
    if case.eligibility is not None or case.eligibility_ended is None:
        return None
    return (f"{act.school.name} is no longer eligible for intervention: "
            f"{case.eligibility_ended['why']}. A power resting on that eligibility cannot be "
            "exercised; a new warning notice (s60) or Ofsted category would be needed.")


def school_open_on_the_date(case: ConcernCase | None, act: Act) -> str | None:
    school, on = act.school, act.on
    if school.opened_on is not None and on < school.opened_on:
        return (f"{school.name} opened on {school.opened_on.isoformat()} (GIAS OpenDate); no act "
                f"on its case can be dated {on.isoformat()}, before the school existed as a "
                "maintained school (EIA 2006 s59).")
    if school.closed_on is not None and on > school.closed_on:
        return (f"{school.name} closed on {school.closed_on.isoformat()} (GIAS CloseDate); no act "
                f"on its case can be dated {on.isoformat()}, after the school ceased to be a "
                "maintained school (EIA 2006 s59).")
    return None


GUARDS: dict[str, Guard] = {
    guard.__name__: guard
    for guard in (
        maintained_school,
        compliance_period_ended,
        action_plan_awaited,
        academy_order_due,
        within_initial_period,
        representations_made,
        representations_resolved,
        powers_compatible,
        reasonable_notice_given,
        still_eligible,
        school_open_on_the_date,
    )
}
