"""Deadlines passing with a simulated clock: each passed deadline becomes exactly one event on its
case, at 00:00 Europe/London the day after it is due and not a minute before."""

from __future__ import annotations

from datetime import date

import pytest

from scc.application.context import SYSTEM
from scc.application.deadlines import DeadlineService
from scc.domain import ids
from scc.domain.errors import ConcurrentChange, RuleViolation
from tests.conftest import moment
from tests.deadline_cases import oak_warning_notice

D = date.fromisoformat
POWERS = ["s63", "s64", "s65", "s66"]


@pytest.fixture
def oak(services):
    """Oak Primary School's s60 warning notice of 2025-12-19: the compliance period ends on
    2026-01-14 and each power's window on 2026-03-14."""
    return services, oak_warning_notice(services), DeadlineService(services.ctx)


def events(svc, ref, kind=None):
    history = svc.cases.history("sam", ref)
    return [e for e in history if kind is None or e["type"] == kind]


def fire(service, at):
    """Runs the scheduler's firing at a simulated moment; returns the events recorded."""
    before = service.ctx.store.event_count()
    recorded = service.fire_due(moment(at))
    assert service.ctx.store.event_count() - before == recorded
    return recorded


def test_the_compliance_period_ends_at_midnight_after_its_last_day(oak):
    svc, ref, deadlines = oak
    assert fire(deadlines, "2026-01-14T23:59") == 0
    assert fire(deadlines, "2026-01-15T00:00") == 1
    ended = events(svc, ref, "CompliancePeriodEnded")
    assert len(ended) == 1
    assert (ended[0]["actor"], ended[0]["role"], ended[0]["effective_on"]) == (
        "system", "system", "2026-01-15")
    assert ended[0]["data"]["due"] == "2026-01-14"
    # Recording the passing is not an act of the workflow: the case stays where it was.
    assert svc.cases.show("sam", ref)["state"] == "warning_notice"
    assert fire(deadlines, "2026-01-15T00:00") == 0
    assert fire(deadlines, "2026-01-20T09:00") == 0
    assert len(events(svc, ref, "CompliancePeriodEnded")) == 1


def test_every_power_lapses_the_day_after_its_window_when_none_is_exercised(oak):
    svc, ref, deadlines = oak
    svc.cases.compliance("sam", ref, "not-complied", D("2026-01-15"))
    svc.cases.intention_to_intervene("sam", ref, ["s64", "s65"], D("2026-01-20"))
    assert fire(deadlines, "2026-01-15T00:00") == 1
    assert fire(deadlines, "2026-03-14T23:59") == 0
    assert fire(deadlines, "2026-03-15T00:00") == 4
    lapsed = events(svc, ref, "InterventionWindowLapsed")
    assert sorted(e["data"]["kind"] for e in lapsed) == [f"intervention-window-{p}" for p in POWERS]
    assert {e["effective_on"] for e in lapsed} == {"2026-03-15"}
    assert fire(deadlines, "2026-03-16T00:00") == 0
    assert svc.cases.show("sam", ref)["state"] == "eligible"


def test_s64_exercised_on_the_last_day_is_accepted_and_only_the_others_lapse(oak):
    svc, ref, deadlines = oak
    svc.cases.compliance("sam", ref, "not-complied", D("2026-01-15"))
    svc.cases.intention_to_intervene("sam", ref, ["s64", "s65"], D("2026-01-20"))
    svc.cases.rd_notification("sam", ref, ["s64"], D("2026-01-20"))
    svc.cases.exercise_power("sam", ref, "s64", D("2026-03-14"))
    assert fire(deadlines, "2026-03-15T00:00") == 1 + 3  # compliance period, s63, s65, s66
    lapsed = {e["data"]["kind"] for e in events(svc, ref, "InterventionWindowLapsed")}
    assert lapsed == {"intervention-window-s63", "intervention-window-s65",
                      "intervention-window-s66"}
    shown = {d["kind"]: d["status"] for d in svc.cases.show("sam", ref)["deadlines"]}
    assert shown["intervention-window-s64"] == "met"


def test_s64_exercised_after_its_window_lapsed_is_refused_and_nothing_is_written(oak):
    svc, ref, deadlines = oak
    svc.cases.compliance("sam", ref, "not-complied", D("2026-01-15"))
    svc.cases.intention_to_intervene("sam", ref, ["s64"], D("2026-01-20"))
    svc.cases.rd_notification("sam", ref, ["s64"], D("2026-01-20"))
    assert fire(deadlines, "2026-03-16T00:00") == 5
    before = svc.ctx.store.event_count()
    with pytest.raises(RuleViolation, match="lapsed on 2026-03-14"):
        svc.cases.exercise_power("sam", ref, "s64", D("2026-03-16"))
    assert svc.ctx.store.event_count() == before


def test_a_closed_case_has_no_deadlines_to_pass(oak):
    svc, ref, deadlines = oak
    svc.cases.close("sam", ref, D("2026-01-05"), reason="school closing")
    assert fire(deadlines, "2026-06-01T00:00") == 0
    assert deadlines.open_deadlines() == []


def test_an_action_plan_not_received_becomes_overdue_once(services):
    services.schools.add("sam", "100002", "Elm Primary School", "community", "Primary")
    ref = services.cases.open("sam", "100002", "Safeguarding concerns", D("2025-11-03"))
    services.cases.notice_of_concern("sam", ref, D("2025-11-10"), plan_due=D("2025-11-28"))
    deadlines = DeadlineService(services.ctx)
    assert fire(deadlines, "2025-11-28T23:59:59") == 0
    assert fire(deadlines, "2025-11-29T00:00") == 1
    assert fire(deadlines, "2025-11-29T00:00") == 0
    [overdue] = events(services, ref, "ActionPlanOverdue")
    assert overdue["effective_on"] == "2025-11-29"
    # The plan arriving late is still recorded; the deadline then shows as met.
    services.cases.action_plan_received("sam", ref, D("2025-12-02"))
    shown = {d["kind"]: d["status"] for d in services.cases.show("sam", ref)["deadlines"]}
    assert shown["action-plan"] == "met"


def test_the_representations_period_of_an_old_notice_ends(services):
    services.schools.add("sam", "100003", "Ash Primary School", "community", "Primary")
    ref = services.cases.open("sam", "100003", "Governance concerns", D("2015-09-07"))
    services.cases.warning_notice("sam", ref, "s60", ["governance"], D("2016-01-11"))
    deadlines = DeadlineService(services.ctx)
    assert fire(deadlines, "2016-02-02T00:00") == 2  # compliance and representations periods
    kinds = {e["type"] for e in events(services, ref)}
    assert {"CompliancePeriodEnded", "RepresentationsPeriodEnded"} <= kinds


def test_firing_the_same_deadline_from_two_copies_of_the_case_records_it_once(oak):
    """Optimistic concurrency: the second of two racing schedulers is refused, then finds the
    deadline already recorded when it looks again."""
    svc, ref, deadlines = oak
    first = svc.ctx.store.repository.get(ids.case_id(ref))
    second = svc.ctx.store.repository.get(ids.case_id(ref))
    assert first.record_deadline_passed("compliance-period", D("2026-01-15"), SYSTEM)
    assert second.record_deadline_passed("compliance-period", D("2026-01-15"), SYSTEM)
    svc.ctx.save(first)
    with pytest.raises(ConcurrentChange):
        svc.ctx.save(second)
    assert fire(deadlines, "2026-01-15T00:00") == 0
    assert len(events(svc, ref, "CompliancePeriodEnded")) == 1


def test_a_deadline_cannot_be_recorded_as_passed_before_it_has(oak):
    svc, ref, _ = oak
    case = svc.ctx.store.repository.get(ids.case_id(ref))
    with pytest.raises(RuleViolation, match="passes at midnight"):
        case.record_deadline_passed("compliance-period", D("2026-01-14"), SYSTEM)
