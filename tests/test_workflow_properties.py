"""Properties of the escalation state machines, checked on the pure aggregate with random
sequences of commands: whatever a user tries, the case never reaches a state the statute forbids."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scc.calendar import WorkingDayCalendar, two_months_after
from scc.domain.case import ConcernCase
from scc.domain.errors import SccError
from scc.domain.guards import Act, SchoolFacts
from scc.domain.values import (
    Actor,
    ComplianceOutcome,
    Governance,
    Ground,
    OfstedOutcome,
    Power,
    Role,
    WarningNoticeKind,
)
from scc.domain.workflow import Deadline
from scc.rules import load_rule_book

RULES = load_rule_book()
SAM = Actor("sam", Role.SERVICE_MANAGER)
CALENDAR = WorkingDayCalendar()


def test_no_rule_set_has_automatic_transitions():
    for rule_set in RULES.rule_sets:
        assert not [t for t in rule_set.machine.events if t.startswith("to_")]


def test_the_rule_sets_meet_on_18_april_2016():
    assert RULES.in_force_on(date(2016, 4, 17)).name == "england-2007"
    assert RULES.in_force_on(date(2016, 4, 18)).name == "england-2016"


def notice_deadlines(kind: WarningNoticeKind, on: date, rules) -> list[Deadline]:
    end = CALENDAR.working_days_after(on, 15)
    found = [Deadline("compliance-period", end, "15 working days")]
    found += [Deadline(f"intervention-window-{p.value}", two_months_after(end), "two months")
              for p, rule in rules.powers.items()
              if kind is WarningNoticeKind.S60 or rule.after_s60a]
    if rules.representations_days:
        found.append(Deadline("representations-period", end, "initial period"))
    return found


def attempt(case: ConcernCase, command: str, act: Act, choice: int) -> None:
    power = list(Power)[choice % 4]
    if command == "warning":
        kind = list(WarningNoticeKind)[choice % 2]
        grounds = [Ground.SAFETY] if kind is WarningNoticeKind.S60 else []
        case.issue_warning_notice(act, kind, grounds, notice_deadlines(kind, act.on, act.workflow))
    elif command == "compliance":
        case.record_compliance(act, list(ComplianceOutcome)[choice % 2])
    elif command == "intention":
        case.give_intention_to_intervene(act, [power, list(Power)[(choice + 1) % 4]])
    elif command == "consent":
        case.record_rd_consent(act, power)
    elif command == "exercise":
        case.exercise_power(act, power)
    elif command == "ofsted":
        case.record_ofsted_category(act, OfstedOutcome.SPECIAL_MEASURES)
    elif command == "notice_of_concern":
        case.issue_notice_of_concern(act, act.on + timedelta(days=20))
    else:
        getattr(case, command)(act)


COMMANDS = st.sampled_from([
    "share_concerns", "notice_of_concern", "record_action_plan", "warning", "compliance",
    "intention", "consent", "exercise", "ofsted", "make_academy_order", "step_down", "close",
    "record_representations",
])
STEPS = st.lists(st.tuples(COMMANDS, st.integers(0, 40), st.integers(0, 7)), max_size=25)


@settings(max_examples=300, deadline=None)
@given(steps=STEPS, start=st.dates(date(2014, 1, 1), date(2025, 1, 1)),
       maintained=st.booleans())
def test_random_escalations_respect_the_statute(steps, start, maintained):
    governance = Governance.MAINTAINED if maintained else Governance.ACADEMY
    school = SchoolFacts("100001", "Oak", governance)
    on = start
    case = ConcernCase.open("100001-1", Act(SAM, on, RULES.in_force_on(on), school, "concern"))
    for command, days, choice in steps:
        on += timedelta(days=days)
        rules = RULES.named(case.warning_notice["rule_set"]) if case.warning_notice and \
            case.state in ("warning_notice", "not_complied", "eligible", "intervention") \
            else RULES.in_force_on(on)
        act = Act(SAM, on, rules, school, "because")
        version = case.version
        try:
            attempt(case, command, act, choice)
        except SccError:
            assert case.version == version  # a refused command changes nothing
            continue
        assert case.state in rules.states
        if case.state in ("warning_notice", "not_complied"):
            assert maintained and case.warning_notice is not None
        if case.state in ("eligible", "intervention"):
            assert maintained and case.eligibility in ("warning-notice", "ofsted")
        for power, day in case.exercised.items():
            if case.eligibility == "warning-notice":
                assert day <= case.due(f"intervention-window-{power}")
                assert power in case.intention_powers
            if power == "s65":
                assert "s65" in case.consents
            if power == "s63" and case.eligibility == "warning-notice":
                assert case.warning_notice["kind"] == "s60"
        if not case.is_open:
            break
    replayed = ConcernCase.__new__(ConcernCase)
    for event in case.collect_events():
        replayed = event.mutate(None if event.originator_version == 1 else replayed)
    assert (replayed.state, replayed.deadlines) == (case.state, case.deadlines)
