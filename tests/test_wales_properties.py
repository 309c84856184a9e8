"""Properties of the Welsh rule set on the pure aggregate: whatever a user tries, a case under
wales-2014 never reaches a state SSO(W)A 2013 forbids, and a refused command changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scc.calendar import WorkingDayCalendar
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

WALES = load_rule_book().named("wales-2014")
WYN = Actor("wyn", Role.SERVICE_MANAGER)
CALENDAR = WorkingDayCalendar("wales-strict")
POWERS = list(Power)  # English ones included: they must always be refused
GROUNDS = list(Ground)


def attempt(case: ConcernCase, command: str, act: Act, choice: int) -> None:
    if command == "warning":
        kind = list(WarningNoticeKind)[choice % 3]
        grounds = [GROUNDS[choice % len(GROUNDS)], GROUNDS[(choice * 3) % len(GROUNDS)]]
        end = CALENDAR.working_days_after(act.on, 15)
        case.issue_warning_notice(act, kind, grounds, [Deadline("compliance-period", end, "15")])
    elif command == "compliance":
        case.record_compliance(act, list(ComplianceOutcome)[choice % 2])
    elif command == "consent":
        case.record_rd_consent(act, POWERS[choice % len(POWERS)])
    elif command == "exercise":
        case.exercise_power(act, POWERS[choice % len(POWERS)])
    elif command == "estyn":
        case.record_ofsted_category(act, OfstedOutcome.SPECIAL_MEASURES)
    elif command == "ministers":
        case.record_secretary_of_state_power(act, f"s{12 + choice % 6}",
                                             act.on + timedelta(days=90))
    else:
        getattr(case, command)(act)


COMMANDS = st.sampled_from(["warning", "compliance", "consent", "exercise", "estyn", "ministers",
                            "step_down", "close", "share_concerns"])
STEPS = st.lists(st.tuples(COMMANDS, st.integers(0, 30), st.integers(0, 40)), max_size=25)


@settings(max_examples=200, deadline=None)
@given(steps=STEPS, start=st.dates(date(2014, 2, 20), date(2026, 1, 1)),
       maintained=st.booleans())
def test_random_welsh_escalations_respect_the_act(steps, start, maintained):
    governance = Governance.MAINTAINED if maintained else Governance.ACADEMY
    school = SchoolFacts("400001", "Ysgol", governance)
    on = start
    case = ConcernCase.open("400001-1", Act(WYN, on, WALES, school, "concern"))
    for command, days, choice in steps:
        on += timedelta(days=days)
        act = Act(WYN, on, WALES, school, "because")
        version, used = case.version, dict(case.powers_used)
        try:
            attempt(case, command, act, choice)
        except SccError:
            assert case.version == version  # a refused command changes nothing
            continue
        assert case.state in WALES.states
        notice = case.warning_notice
        if notice is not None:
            assert notice["kind"] == "s3"  # s3(1): the authority's only notice
            assert set(notice["grounds"]) <= set(WALES.notice_kinds["s3"]["grounds"])
        if case.state in ("eligible", "intervention"):
            assert maintained and case.eligibility in ("warning-notice", "ofsted")
        if command == "exercise":
            (power,) = [p for p, day in case.powers_used.items() if used.get(p) != day]
            assert power in ("s5", "s6", "s7", "s8", "s9")  # ss5-9 only
            assert not (power == "s6" and {"s7", "s14"} & set(used))  # Sch 1
            if power == "s7":
                assert "s7" in case.consents  # the Welsh Ministers' consent first
        if not case.is_open:
            break
    replayed = ConcernCase.__new__(ConcernCase)
    for event in case.collect_events():
        replayed = event.mutate(None if event.originator_version == 1 else replayed)
    assert (replayed.state, replayed.eligibility) == (case.state, case.eligibility)
