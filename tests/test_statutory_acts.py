"""Acts of others the case records, and what they allow (issue 11, items 5, 6 and 8): the
authority's decision on representations against its old s60A notice, the Secretary of State's
(Regional Director's) own warning notice, and Calderdale's notification of the Regional Director
before each power. Through the service layer; every refusal cites its source and writes nothing."""

from __future__ import annotations

from scc.domain.errors import RuleViolation
from tests.conftest import add_people, make_services
from tests.test_escalation import D, deadlines, oak, open_case, refused  # noqa: F401


def old_s60a_notice(svc):
    """An s60A notice given on Monday 8 June 2015: the initial period ends on 29 June 2015."""
    ref = open_case(svc, on="2015-06-01")
    svc.cases.warning_notice("sam", ref, "s60a", [], D("2015-06-08"))
    return ref


# Item 5: old s60A(7), (8), (10): representations on an s60A notice go to the authority

def test_representations_against_an_s60a_notice_go_to_the_authority_not_to_ofsted(oak):  # noqa: F811
    ref = old_s60a_notice(oak)
    message = refused(oak, RuleViolation, oak.cases.representations, "sam", ref, D("2015-06-15"))
    assert "the local authority" in message and "old s60A(7), (8)" in message
    assert "authority-representations" in message
    oak.cases.authority_representations("sam", ref, D("2015-06-15"), "The pay decisions stand")
    message = refused(oak, RuleViolation, oak.cases.ofsted_decision, "sam", ref, "confirmed",
                      D("2015-06-22"))
    assert "old s60A(7), (8)" in message and "authority-decision" in message


def test_an_s60_notice_is_still_confirmed_by_ofsted_not_by_the_authority(oak):  # noqa: F811
    ref = open_case(oak, on="2015-06-01")
    oak.cases.warning_notice("sam", ref, "s60", ["standards"], D("2015-06-08"))
    message = refused(oak, RuleViolation, oak.cases.authority_representations, "sam", ref,
                      D("2015-06-15"))
    assert "Ofsted" in message and "old s60(7), (8)" in message


def test_representations_to_the_authority_are_made_within_the_initial_period(oak):  # noqa: F811
    ref = old_s60a_notice(oak)
    message = refused(oak, RuleViolation, oak.cases.authority_representations, "sam", ref,
                      D("2015-06-30"))
    assert "2015-06-29" in message and "s60A(7)" in message


def test_the_authority_confirms_its_notice_and_the_compliance_period_runs_from_its_notification(oak):  # noqa: F811
    ref = old_s60a_notice(oak)
    oak.cases.authority_representations("sam", ref, D("2015-06-15"))
    oak.cases.compliance("sam", ref, "not-complied", D("2015-06-30"))
    message = refused(oak, RuleViolation, oak.cases.intention_to_intervene, "sam", ref, ["s64"],
                      D("2015-07-01"))
    assert "wait for the local authority" in message and "s60A(1)(c)" in message
    oak.cases.authority_decision("sam", ref, "confirmed", D("2015-07-01"), "Representations fail")
    # Old s60A(10): 15 working days after the day the governing body was told of the confirmation.
    shown = deadlines(oak, ref)
    assert shown["compliance-period"][0] == "2015-07-22"
    assert shown["intervention-window-s64"][0] == "2015-09-22"
    assert "intervention-window-s63" not in shown  # s63 is not available after s60A
    assert oak.cases.show("sam", ref)["state"] == "warning_notice"
    message = refused(oak, RuleViolation, oak.cases.compliance, "sam", ref, "not-complied",
                      D("2015-07-22"))
    assert "2015-07-22" in message
    oak.cases.compliance("sam", ref, "not-complied", D("2015-07-23"))
    oak.cases.intention_to_intervene("sam", ref, ["s64"], D("2015-07-24"))
    assert oak.cases.show("sam", ref)["eligible_for_intervention"] is True
    history = [e["type"] for e in oak.cases.history("sam", ref)]
    assert "RepresentationsToAuthorityMade" in history
    assert "AuthorityDecisionOnWarningNoticeRecorded" in history


def test_a_notice_the_authority_does_not_confirm_does_not_make_the_school_eligible(oak):  # noqa: F811
    ref = old_s60a_notice(oak)
    oak.cases.authority_representations("sam", ref, D("2015-06-15"))
    oak.cases.authority_decision("sam", ref, "not-confirmed", D("2015-06-25"))
    shown = oak.cases.show("sam", ref)
    assert (shown["state"], shown["eligible_for_intervention"]) == ("stepped_down", False)
    assert shown["notice_decision"] == {"on": "2015-06-25", "confirmed_by": None}
    refused(oak, RuleViolation, oak.cases.intention_to_intervene, "sam", ref, ["s64"],
            D("2015-07-01"))


def test_the_authority_decides_only_on_representations_made_to_it(oak):  # noqa: F811
    ref = old_s60a_notice(oak)
    message = refused(oak, RuleViolation, oak.cases.authority_decision, "sam", ref, "confirmed",
                      D("2015-06-15"))
    assert "made no representations" in message and "s60A(8)" in message


# Item 6: the Secretary of State's (Regional Director's) own warning notice, s60(4A), (4B)

def test_while_the_secretary_of_states_warning_notice_stands_the_authority_may_not_give_one(oak):  # noqa: F811
    ref = open_case(oak)
    oak.cases.rd_warning_notice("sam", ref, ["standards"], D("2025-12-01"), D("2026-01-30"))
    assert oak.cases.show("sam", ref)["state"] == "rd_warning_notice"
    message = refused(oak, RuleViolation, oak.cases.warning_notice, "sam", ref, "s60",
                      ["governance"], D("2025-12-19"))
    assert "s60(4A)" in message and "2025-12-01" in message
    oak.cases.rd_allows_warning_notice("sam", ref, D("2026-02-02"))
    oak.cases.warning_notice("sam", ref, "s60", ["governance"], D("2026-02-03"))
    assert oak.cases.show("sam", ref)["rd_warning_notice"]["authority_may_from"] == "2026-02-02"


def test_the_secretary_of_states_warning_notice_bars_no_teachers_pay_notice(oak):  # noqa: F811
    ref = open_case(oak)
    oak.cases.rd_warning_notice("sam", ref, ["safety"], D("2025-12-01"), D("2026-01-30"))
    oak.cases.warning_notice("sam", ref, "s60a", [], D("2025-12-19"))  # s60(4A) bars s60 only


def test_the_secretary_of_states_warning_notice_ends_an_earlier_authority_notice(oak):  # noqa: F811
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60", ["safety"], D("2025-12-19"))
    oak.cases.compliance("sam", ref, "not-complied", D("2026-01-15"))
    oak.cases.intention_to_intervene("sam", ref, ["s64"], D("2026-01-20"))
    oak.cases.rd_notification("sam", ref, ["s64"], D("2026-01-20"))
    oak.cases.rd_warning_notice("sam", ref, ["safety"], D("2026-01-22"), D("2026-02-20"))
    shown = oak.cases.show("sam", ref)
    assert shown["warning_notice"]["ceased_on"] == "2026-01-22"
    assert not [d for d in shown["deadlines"] if d["kind"] in ("compliance-period",)
                or d["kind"].startswith("intervention-window-")]
    assert shown["eligible_for_intervention"] is False
    assert "s60(4B)" in shown["eligibility_ended"]["why"]
    message = refused(oak, RuleViolation, oak.cases.exercise_power, "sam", ref, "s64",
                      D("2026-01-26"))
    assert "no longer eligible" in message and "s60(4B)" in message


def test_no_secretary_of_state_warning_notice_before_18_april_2016(oak):  # noqa: F811
    ref = open_case(oak, on="2016-03-01")
    message = refused(oak, RuleViolation, oak.cases.rd_warning_notice, "sam", ref, ["standards"],
                      D("2016-04-15"), D("2016-05-20"))
    assert "2016-04-18" in message and "s60(1), (4A), (4B)" in message and "2016 s2" in message
    oak.cases.rd_warning_notice("sam", ref, ["standards"], D("2016-04-18"), D("2016-05-20"))


# Item 8: Calderdale notifies the Regional Director before each power

def test_each_power_is_refused_until_the_regional_director_is_notified_of_it(oak):  # noqa: F811
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60", ["safety"], D("2025-12-19"))
    oak.cases.compliance("sam", ref, "not-complied", D("2026-01-15"))
    oak.cases.intention_to_intervene("sam", ref, ["s64", "s66"], D("2026-01-20"))
    oak.cases.rd_notification("sam", ref, ["s64"], D("2026-01-21"))
    message = refused(oak, RuleViolation, oak.cases.exercise_power, "sam", ref, "s66",
                      D("2026-01-22"))
    assert "notify the Regional Director each time" in message and "s66" in message
    assert "Calderdale partnership framework" in message
    oak.cases.exercise_power("sam", ref, "s64", D("2026-01-22"))
    assert oak.cases.show("sam", ref)["regional_director_notified"] == {"s64": "2026-01-21"}


def test_a_notification_for_an_earlier_warning_notice_does_not_count(oak):  # noqa: F811
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60", ["safety"], D("2025-12-19"))
    oak.cases.compliance("sam", ref, "not-complied", D("2026-01-15"))
    oak.cases.rd_notification("sam", ref, ["s64"], D("2026-01-16"))
    oak.cases.step_down("sam", ref, D("2026-01-19"), "Improving")
    oak.cases.warning_notice("sam", ref, "s60", ["safety"], D("2026-02-02"))
    oak.cases.compliance("sam", ref, "not-complied", D("2026-02-24"))
    oak.cases.intention_to_intervene("sam", ref, ["s64"], D("2026-02-25"))
    message = refused(oak, RuleViolation, oak.cases.exercise_power, "sam", ref, "s64",
                      D("2026-02-27"))
    assert "notify the Regional Director" in message


def test_a_pack_that_does_not_ask_for_it_exercises_a_power_without_notification(database_url):
    leeds = make_services(database_url, policy="leeds")
    try:
        add_people(leeds)
        leeds.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
        ref = open_case(leeds)
        leeds.cases.warning_notice("sam", ref, "s60", ["safety"], D("2025-12-19"))
        leeds.cases.compliance("sam", ref, "not-complied", D("2026-01-15"))
        leeds.cases.intention_to_intervene("sam", ref, ["s64"], D("2026-01-20"))
        leeds.cases.exercise_power("sam", ref, "s64", D("2026-01-21"))
    finally:
        leeds.close()
