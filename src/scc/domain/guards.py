"""Guards named in workflows/*.yaml. Each returns None when the step may go ahead, or the sentence
that tells the user which rule stops it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from scc.domain.authority import Authority
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
    authority: str | None = None  # LA code; None: the original authority


@dataclass(frozen=True)
class Act:
    """The circumstances of one recorded act: who, on what real-world date, under which rules."""

    actor: Actor
    on: date
    workflow: Workflow
    school: SchoolFacts
    reason: str | None = None
    powers: tuple[Power, ...] = ()  # the intervention powers the act concerns, if any
    notice_kind: str | None = None  # the kind of warning notice the act gives, if any
    # Where the authority's policy pack requires the Regional Director to be told before each
    # power is exercised: the pack's source for that rule (None where it does not).
    rd_notice_before_powers: str | None = None
    # The Secretary of State's power (s67, s68, s69) the act records, if any.
    secretary_of_state_power: str | None = None
    # The authority of the school as read for this act (its calendar and policy pack), if read.
    authority: Authority | None = None


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


def compliance_period_ended_wales(case: ConcernCase, act: Act) -> str | None:
    refusal = compliance_period_ended(case, act)
    if refusal is None:
        return None
    return (refusal[:-1] + ": the governing body has the whole compliance period the notice "
            "specifies (SSO(W)A 2013 s3(2)(d), s4(2)(b)).")


def action_plan_awaited(case: ConcernCase, act: Act) -> str | None:
    deadline = case.deadlines.get("action-plan")
    if deadline is not None and deadline.get("met_on") is None:
        return None
    return "No action plan is awaited on this case."


def academy_order_due(case: ConcernCase, act: Act) -> str | None:
    if case.academy_order_due:
        return None
    return ("An academy order is due only after an Ofsted judgement of serious weaknesses or "
            "special measures (Academies Act 2010 s4(A1)).")


def academy_order_may_be_made(case: ConcernCase, act: Act) -> str | None:
    """The Secretary of State may make an Academy order for a school eligible for intervention
    (Academies Act 2010 s4(1)(b)); where the duty of s4(A1) holds, one is due."""
    if case.eligibility is not None:
        return None
    law = act.workflow.academy_order
    return (f"An Academy order is made for a school that is eligible for intervention "
            f"({law['power_source']}); {act.school.name} is not eligible on "
            f"{act.on.isoformat()}.")


def _route(case: ConcernCase, act: Act) -> dict[str, str] | None:
    notice = case.warning_notice
    return act.workflow.representations_route(notice["kind"]) if notice else None


def _body(case: ConcernCase, act: Act) -> str:
    route = _route(case, act)
    return route["title"] if route else "Ofsted"


def within_initial_period(case: ConcernCase, act: Act) -> str | None:
    end = case.due("representations-period")
    if end is not None and act.on <= end:
        return None
    return (f"Representations to {_body(case, act)} had to be made by {end}, the end of the "
            "initial period (old s60(7), s60A(7)).")


def _representations_to(body: str, case: ConcernCase, act: Act) -> str | None:
    route = _route(case, act)
    if route is None or route["body"] == body:
        return None
    notice = case.warning_notice or {}
    return (f"Representations against the {str(notice.get('kind', '')).replace('a', 'A')} "
            f"warning notice given on {notice.get('issued_on')} go to {route['title']}, which "
            f"confirms the notice or not ({route['source']}); record them with "
            f"{route['record_with']}.")


def representations_to_ofsted(case: ConcernCase, act: Act) -> str | None:
    return _representations_to("ofsted", case, act)


def representations_to_authority(case: ConcernCase, act: Act) -> str | None:
    return _representations_to("authority", case, act)


def representations_made(case: ConcernCase, act: Act) -> str | None:
    if case.representations_made_on is not None:
        return None
    return (f"The governing body made no representations to {_body(case, act)} about this "
            "warning notice, so there is nothing to confirm (old s60(8), s60A(8)).")


def notice_undecided(case: ConcernCase, act: Act) -> str | None:
    if case.notice_decided_on is None:
        return None
    return (f"The decision on the representations was recorded on "
            f"{case.notice_decided_on.isoformat()}; a new warning notice is needed for another.")


def representations_resolved(case: ConcernCase, act: Act) -> str | None:
    if case.ofsted_confirmed or case.notice_confirmed_by:
        return None
    end = case.due("representations-period")
    if case.representations_made_on is not None:
        body = _body(case, act)
        return (f"The governing body made representations to {body}; wait for {body} to confirm "
                "the notice (old s60(1)(c), s60A(1)(c)).")
    if end is not None and act.on <= end:
        return (f"The initial period for representations to {_body(case, act)} runs until "
                f"{end.isoformat()} (old s60(1)(b), s60A(1)(b)).")
    return None


def powers_compatible(case: ConcernCase, act: Act) -> str | None:
    """The powers of ss63-66 that the Act does not allow after another power (rule set YAML)."""
    for power in act.powers:
        rule = act.workflow.power(power)
        for earlier, why in rule.barred_after.items():
            if earlier in case.powers_used:
                tail = (" (the interim executive board constituted, where it is s65 or s69)"
                        if earlier in ("s65", "s69") else "")
                return (f"The authority may not {rule.title}: {why}. The power of {earlier} was "
                        f"exercised on {case.powers_used[earlier].isoformat()}{tail}.")
    return None


def eligibility_section(case: ConcernCase, workflow: Workflow | None = None) -> str | None:
    """The section the school's eligibility for intervention rests on: s60 or s60a (a warning
    notice not complied with), s60b (coasting), s61 or s62 (an Ofsted category); where the rule
    set names the basis of an inspection category (Wales: ground-7, ground-8), that basis."""
    if case.eligibility == "warning-notice":
        return str((case.warning_notice or {}).get("kind", "s60"))
    if case.eligibility == "coasting":
        return "s60b"
    if case.eligibility == "urgent-risk":
        return "s4(3)"
    if case.eligibility == "ofsted" and case.ofsted_category:
        outcome = case.ofsted_category["outcome"]
        category = (workflow.ofsted_categories.get(outcome) or {}) if workflow else {}
        if category.get("basis"):
            return str(category["basis"])
        return "s62" if case.ofsted_category["outcome"] == "special-measures" else "s61"
    return None


def secretary_of_state_power_available(case: ConcernCase, act: Act) -> str | None:
    """For the act's power; for an act naming none (which steps a case offers), whether any is."""
    if act.secretary_of_state_power is None:
        refusals = [_secretary_of_state_power_refusal(power, case, act)
                    for power in act.workflow.secretary_of_state_powers]
        return None if None in refusals else next(iter(refusals), None)
    return _secretary_of_state_power_refusal(act.secretary_of_state_power, case, act)


def _secretary_of_state_power_refusal(power: str, case: ConcernCase, act: Act) -> str | None:
    law = act.workflow.secretary_of_state_powers[power]
    who = law.get("by", "The Secretary of State")
    basis = eligibility_section(case, act.workflow)
    satisfied = _central_bases(case, act, basis) & set(law["eligible_by"])
    if not satisfied:
        shown = basis.replace("a", "A").replace("b", "B") if basis else "no section"
        return (f"{who} may {law['title']} only where {law['section']}; "
                f"{act.school.name} is eligible for intervention under {shown}.")
    waiting = _category_wait(case, act, satisfied)
    if waiting:
        return f"{who} may {law['title']} {waiting}"
    for earlier, why in (law.get("barred_after") or {}).items():
        if earlier in case.powers_used:
            return (f"{who} may not {law['title']}: {why}. The power of "
                    f"{earlier} was exercised on {case.powers_used[earlier].isoformat()}.")
    return None


def _central_bases(case: ConcernCase, act: Act, basis: str | None) -> set[str | None]:
    """The bases of central government's own powers: the case's eligibility, and its own
    warning notice once that notice's compliance period has ended (SSO(W)A 2013 s11(3); the key
    the rule set gives it, which no English power lists)."""
    central = case.rd_warning_notice
    if central and act.on > central["compliance_end"]:
        return {basis, act.workflow.central_warning_notice}
    return {basis}


def _category_wait(case: ConcernCase, act: Act, satisfied: set[str | None]) -> str | None:
    """Where the power rests only on an inspection category whose rule names a wait (SSO(W)A
    2013 s11(5)(b): not less than 10 days after the Chief Inspector's notice), why not yet."""
    category = case.ofsted_category
    rule = act.workflow.ofsted_categories.get(category["outcome"], {}) if category else {}
    days = rule.get("central_after_days")
    if not (category and days) or satisfied != {rule.get("basis")}:
        return None
    # The Welsh Ministers may have determined a shorter wait for this school (s11(6)).
    wait = int(days) if case.central_wait_days is None else case.central_wait_days
    first = category["judged_on"] + timedelta(days=wait)
    if act.on >= first:
        return None
    return (f"on {rule['basis']} only once not less than {wait} days have passed since the Chief "
            f"Inspector gave notice of the finding recorded on "
            f"{category['judged_on'].isoformat()} ({rule['central_source']}): from "
            f"{first.isoformat()}.")


def coasting_in_law(case: ConcernCase, act: Act) -> str | None:
    law = act.workflow.coasting
    if act.on >= law["from"]:
        return None
    return (f"No school could be notified as coasting on {act.on.isoformat()}: {law['source']}; "
            f"it exists only from {law['from'].isoformat()}.")


def coasting_notified(case: ConcernCase, act: Act) -> str | None:
    coasting = case.coasting
    if coasting is not None and coasting.get("ended_on") is None:
        return None
    return ("The Secretary of State has not notified the governing body that the school is "
            "coasting (EIA 2006 s60B(1)(b)), so there is no such notification to end.")


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


def regional_director_notified(case: ConcernCase, act: Act) -> str | None:
    """Local policy, not statute: the pack names its source. The Regional Director's consent to
    a power (s65) shows the Director was told of it."""
    rule = act.rd_notice_before_powers
    told = set(case.rd_notified) | set(case.consents)
    missing = [p.value for p in act.powers if p.value not in told]
    if rule is None or not missing:
        return None
    return (f"The authority must notify the Regional Director each time it intends to use an "
            f"intervention power ({rule}); no notification of {', '.join(missing)} is recorded "
            "on this case since its warning notice. Record it first with rd-notification (or "
            "issue the rd-notification notice).")


def secretary_of_state_warning_notice_in_law(case: ConcernCase, act: Act) -> str | None:
    return act.workflow.warning_notice_refusal("s60-secretary-of-state", act.on)


def authority_may_give_warning_notice(case: ConcernCase, act: Act) -> str | None:
    """s60(4A) bars the authority's s60 notice (an s60A notice is another section's)."""
    rd = case.rd_warning_notice
    if rd is None or rd["authority_may_from"] is not None or act.notice_kind == "s60a":
        return None
    return (f"The Secretary of State (the Regional Director) gave the governing body a warning "
            f"notice on {rd['given_on'].isoformat()}; the authority may not give a warning notice "
            "unless or until the Secretary of State informs it that it may (EIA 2006 s60(4A)). "
            "Record that with rd-allows-warning-notice.")


def rd_warning_notice_stands(case: ConcernCase, act: Act) -> str | None:
    rd = case.rd_warning_notice
    if rd is not None and rd["authority_may_from"] is None:
        return None
    return ("No warning notice of the Secretary of State (the Regional Director) bars the "
            "authority's on this case (EIA 2006 s60(4A)).")


def no_running_s60a_notice(case: ConcernCase, act: Act) -> str | None:
    notice = case.warning_notice
    if notice is None or notice["kind"] != "s60a" or case.state not in (
            "warning_notice", "not_complied"):
        return None
    return (f"The authority's s60A notice of {notice['issued_on'].isoformat()} is running; the "
            "Secretary of State's warning notice ends only an earlier s60 notice (EIA 2006 "
            "s60(4B)), and a case follows one notice at a time: record the s60A notice's outcome "
            "first.")


def school_open_on_the_date(case: ConcernCase | None, act: Act) -> str | None:
    return _open_on_the_date(act, "EIA 2006 s59")


def school_open_on_the_date_wales(case: ConcernCase | None, act: Act) -> str | None:
    return _open_on_the_date(act, "SSO(W)A 2013 s3(1): 'one of its maintained schools'")


def _open_on_the_date(act: Act, law: str) -> str | None:
    school, on = act.school, act.on
    if school.opened_on is not None and on < school.opened_on:
        return (f"{school.name} opened on {school.opened_on.isoformat()} (GIAS OpenDate); no act "
                f"on its case can be dated {on.isoformat()}, before the school existed as a "
                f"maintained school ({law}).")
    if school.closed_on is not None and on > school.closed_on:
        return (f"{school.name} closed on {school.closed_on.isoformat()} (GIAS CloseDate); no act "
                f"on its case can be dated {on.isoformat()}, after the school ceased to be a "
                f"maintained school ({law}).")
    return None


def maintained_school_wales(case: ConcernCase, act: Act) -> str | None:
    if act.school.governance is Governance.MAINTAINED:
        return None
    return (f"A local authority intervenes only in the conduct of one of its maintained schools "
            f"(SSO(W)A 2013 s3(1), s4(1)); {act.school.name} is not a maintained school.")


def still_has_power_to_intervene(case: ConcernCase, act: Act) -> str | None:
    if case.eligibility is not None or case.eligibility_ended is None:
        return None
    return (f"The authority no longer has the power to intervene in {act.school.name} "
            f"(SSO(W)A 2013 s4): {case.eligibility_ended['why']}. A new s3 warning notice, or a "
            "new finding of ground 7 or 8, would be needed.")


def school_not_discontinued(case: ConcernCase, act: Act) -> str | None:
    """Wales: once the date a closure direction names has come, the authority no longer
    maintains the school (SSO(W)A 2013 s16; Sch 1 para 14 keeps an interim executive board until
    then), and s4(1) gives the power to intervene only in one of its maintained schools."""
    for power, done in case.secretary_of_state_powers.items():
        until = done.get("discontinue_on")
        if until is not None and act.on >= until:
            return (f"The Welsh Ministers directed on {done['on'].isoformat()} ({power}) that "
                    f"{act.school.name} be discontinued on {until.isoformat()}; from then the "
                    "authority no longer maintains it, and its power to intervene is only in the "
                    "conduct of one of its maintained schools (SSO(W)A 2013 s4(1), s16).")
    return None


GUARDS: dict[str, Guard] = {
    guard.__name__: guard
    for guard in (
        maintained_school,
        compliance_period_ended,
        compliance_period_ended_wales,
        action_plan_awaited,
        academy_order_due,
        academy_order_may_be_made,
        secretary_of_state_power_available,
        coasting_in_law,
        coasting_notified,
        within_initial_period,
        representations_to_ofsted,
        representations_to_authority,
        representations_made,
        notice_undecided,
        representations_resolved,
        powers_compatible,
        reasonable_notice_given,
        still_eligible,
        school_open_on_the_date,
        school_open_on_the_date_wales,
        maintained_school_wales,
        still_has_power_to_intervene,
        school_not_discontinued,
        regional_director_notified,
        secretary_of_state_warning_notice_in_law,
        authority_may_give_warning_notice,
        rd_warning_notice_stands,
        no_running_s60a_notice,
    )
}
