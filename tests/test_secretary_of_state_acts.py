"""Acts of the Secretary of State (the Regional Director) the case records (issue 11, item 7):
coasting schools (EIA 2006 s60B) and the Secretary of State's own powers (ss67-69), with their
effect on the authority's powers where the Act gives one. Through the service layer; every
refusal cites its section and writes nothing."""

from __future__ import annotations

from scc.domain.errors import InvalidInput, RuleViolation
from tests.test_escalation import D, oak, open_case, refused  # noqa: F401


def special_measures(svc):
    return svc.schools.record_ofsted("sam", "100001", D("2024-03-04"), "special-measures")


def coasting(svc):
    ref = open_case(svc)
    svc.cases.coasting_notified("sam", ref, D("2025-11-10"), "Notified by the Regional Director")
    return ref


# s60B: coasting schools

def test_a_coasting_school_is_eligible_for_intervention_once_the_secretary_of_state_notifies_the_governing_body(oak):  # noqa: F811
    ref = coasting(oak)
    shown = oak.cases.show("sam", ref)
    assert (shown["state"], shown["eligibility_basis"]) == ("eligible", "coasting")
    assert shown["coasting"] == {"notified_on": "2025-11-10", "ended_on": None}
    assert oak.cases.history("sam", ref)[-1]["type"] == "CoastingNotified"


def test_no_school_is_notified_as_coasting_before_section_60b_was_in_force(oak):  # noqa: F811
    ref = open_case(oak, on="2016-09-01")
    message = refused(oak, RuleViolation, oak.cases.coasting_notified, "sam", ref, D("2016-10-03"))
    assert "s60B" in message and "2017-01-11" in message


def test_eligibility_as_a_coasting_school_ends_when_the_secretary_of_state_notifies_that_it_is_no_longer_coasting(oak):  # noqa: F811
    ref = coasting(oak)
    oak.cases.coasting_ended("sam", ref, D("2026-02-02"))
    shown = oak.cases.show("sam", ref)
    assert shown["eligible_for_intervention"] is False
    assert "s60B(1)(b)" in shown["eligibility_ended"]["why"]
    message = refused(oak, RuleViolation, oak.cases.rd_power, "sam", ref, "s67", D("2026-02-03"))
    assert "no longer eligible" in message and "s60B" in message
    message = refused(oak, RuleViolation, oak.cases.coasting_ended, "sam", ref, D("2026-02-04"))
    assert "s60B(1)(b)" in message


# s67: the Secretary of State's additional governors

def test_the_secretary_of_state_may_appoint_additional_governors_to_a_school_eligible_for_intervention(oak):  # noqa: F811
    ref = coasting(oak)
    oak.cases.rd_power("sam", ref, "s67", D("2025-11-20"), "Two additional governors")
    shown = oak.cases.show("sam", ref)
    assert shown["secretary_of_state_powers"] == {"s67": {"on": "2025-11-20",
                                                          "discontinue_on": None}}
    assert shown["state"] == "intervention"
    assert oak.cases.history("sam", ref)[-1]["type"] == "SecretaryOfStatePowerExercised"


def test_once_the_secretary_of_state_appoints_additional_governors_the_authority_may_not_suspend_the_delegated_budget(oak):  # noqa: F811
    ref = special_measures(oak)
    oak.cases.rd_power("sam", ref, "s67", D("2024-04-02"))
    oak.cases.rd_notification("sam", ref, ["s66"], D("2024-04-03"))
    message = refused(oak, RuleViolation, oak.cases.exercise_power, "sam", ref, "s66",
                      D("2024-04-04"))
    assert "s67(6)(a)(i)" in message and "2024-04-02" in message


def test_the_secretary_of_state_may_not_appoint_additional_governors_during_the_interim_period(oak):  # noqa: F811
    ref = special_measures(oak)
    oak.cases.rd_consent("sam", ref, "s65", D("2024-03-20"))
    oak.cases.exercise_power("sam", ref, "s65", D("2024-04-02"))
    message = refused(oak, RuleViolation, oak.cases.rd_power, "sam", ref, "s67", D("2024-04-10"))
    assert "Sch 6 para 14(b)" in message and "2024-04-02" in message


def test_the_secretary_of_state_may_appoint_additional_governors_only_once_on_the_case(oak):  # noqa: F811
    ref = special_measures(oak)
    oak.cases.rd_power("sam", ref, "s67", D("2024-04-02"))
    message = refused(oak, RuleViolation, oak.cases.rd_power, "sam", ref, "s67", D("2024-04-03"))
    assert "already recorded" in message


# s69: the Secretary of State's interim executive board

def test_once_the_secretary_of_state_constitutes_an_interim_executive_board_the_authority_may_not_appoint_additional_governors(oak):  # noqa: F811
    ref = special_measures(oak)
    oak.cases.rd_power("sam", ref, "s69", D("2024-04-02"))
    oak.cases.rd_notification("sam", ref, ["s64"], D("2024-04-03"))
    message = refused(oak, RuleViolation, oak.cases.exercise_power, "sam", ref, "s64",
                      D("2024-04-04"))
    assert "Sch 6 para 14(a)" in message and "s69" in message


def test_the_secretary_of_state_may_give_an_interim_executive_board_only_to_a_school_requiring_significant_improvement_or_special_measures(oak):  # noqa: F811
    ref = coasting(oak)
    message = refused(oak, RuleViolation, oak.cases.rd_power, "sam", ref, "s69", D("2025-11-20"))
    assert "s69(1)" in message and "s61 or s62" in message and "s60B" in message


# s68: the Secretary of State's direction to close the school

def test_the_secretary_of_state_may_direct_the_closure_of_a_school_requiring_special_measures(oak):  # noqa: F811
    ref = special_measures(oak)
    message = refused(oak, InvalidInput, oak.cases.rd_power, "sam", ref, "s68", D("2024-04-02"))
    assert "s68(1)" in message and "--discontinue-on" in message
    oak.cases.rd_power("sam", ref, "s68", D("2024-04-02"), discontinue_on=D("2024-08-31"))
    assert oak.cases.show("sam", ref)["secretary_of_state_powers"]["s68"] == \
        {"on": "2024-04-02", "discontinue_on": "2024-08-31"}


def test_the_secretary_of_state_may_not_direct_the_closure_of_a_school_eligible_only_as_coasting(oak):  # noqa: F811
    ref = coasting(oak)
    message = refused(oak, RuleViolation, oak.cases.rd_power, "sam", ref, "s68", D("2025-11-20"),
                      discontinue_on=D("2026-08-31"))
    assert "s68(1)" in message and "s60B" in message


def test_a_power_of_the_secretary_of_state_needs_a_school_eligible_for_intervention(oak):  # noqa: F811
    ref = open_case(oak)
    message = refused(oak, RuleViolation, oak.cases.rd_power, "sam", ref, "s67", D("2025-11-20"))
    assert "You cannot record the Secretary of State's" in message
