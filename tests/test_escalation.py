"""The statutory escalation of a concern case, through the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from scc.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from tests.conftest import add_people, make_services

D = date.fromisoformat


@pytest.fixture
def oak(services):
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    return services


def open_case(svc, urn="100001", on="2025-11-03"):
    return svc.cases.open("sam", urn, "Attainment falling for three years", D(on))


def deadlines(svc, ref):
    return {d["kind"]: (d["due"], d["status"]) for d in svc.cases.show("sam", ref)["deadlines"]}


def test_the_full_escalation_to_an_interim_executive_board(oak):
    svc = oak
    ref = open_case(svc)
    svc.cases.share_concerns("sam", ref, D("2025-11-10"))
    svc.cases.notice_of_concern("sam", ref, D("2025-11-17"), plan_due=D("2025-12-05"))
    svc.cases.action_plan_received("sam", ref, D("2025-12-04"))
    svc.cases.warning_notice("sam", ref, "s60", ["standards", "governance"], D("2025-12-19"))

    shown = svc.cases.show("sam", ref)
    assert (shown["state"], shown["stage"], shown["rule_set"]) == ("warning_notice", 3, "england-2016")
    assert deadlines(svc, ref)["compliance-period"][0] == "2026-01-14"
    assert deadlines(svc, ref)["intervention-window-s65"][0] == "2026-03-14"
    assert deadlines(svc, ref)["action-plan"] == ("2025-12-05", "met")

    svc.cases.compliance("sam", ref, "not-complied", D("2026-01-16"))
    svc.cases.intention_to_intervene("sam", ref, ["s64", "s65"], D("2026-01-20"))
    assert svc.cases.show("sam", ref)["eligible_for_intervention"] is True
    svc.cases.rd_consent("sam", ref, "s65", D("2026-02-10"))
    svc.cases.exercise_power("sam", ref, "s65", D("2026-02-20"), reason="IEB appointed")

    shown = svc.cases.show("sam", ref)
    assert (shown["state"], shown["stage"]) == ("intervention", 4)
    assert shown["powers_exercised"] == {"s65": "2026-02-20"}
    statuses = deadlines(svc, ref)
    assert statuses["intervention-window-s65"] == ("2026-03-14", "met")
    # Today (2026-06-01) is past the window for the powers not exercised.
    assert statuses["intervention-window-s64"] == ("2026-03-14", "lapsed")

    history = svc.cases.history("sam", ref)
    assert [e["type"] for e in history] == [
        "Opened", "ConcernsShared", "NoticeOfConcernIssued", "ActionPlanReceived",
        "WarningNoticeIssued", "ComplianceRecorded", "IntentionToInterveneGiven",
        "RegionalDirectorConsentRecorded", "InterventionPowerExercised",
    ]
    assert all(e["actor"] == "sam" and e["role"] == "service-manager" for e in history)
    assert history[4]["effective_on"] == "2025-12-19"
    assert history[4]["data"]["grounds"] == ["standards", "governance"]


@pytest.fixture
def not_complied(oak):
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60", ["safety"], D("2025-12-19"))
    oak.cases.compliance("sam", ref, "not-complied", D("2026-01-15"))
    oak.cases.intention_to_intervene("sam", ref, ["s64", "s65"], D("2026-01-20"))
    oak.cases.rd_notification("sam", ref, ["s64", "s65"], D("2026-01-20"))  # Calderdale's rule
    return oak, ref


def refused(svc, error, call, *args, **kwargs):
    """Runs a command that must be refused with `error` and checks that nothing was written."""
    before = svc.ctx.store.event_count()
    with pytest.raises(error) as raised:
        call(*args, **kwargs)
    assert svc.ctx.store.event_count() == before
    return str(raised.value)


def test_an_interim_executive_board_needs_the_regional_directors_consent(not_complied):
    svc, ref = not_complied
    message = refused(svc, RuleViolation, svc.cases.exercise_power, "sam", ref, "s65", D("2026-02-01"))
    assert "Regional Director's consent" in message


def test_a_power_lapses_two_months_after_the_compliance_period(not_complied):
    svc, ref = not_complied
    message = refused(svc, RuleViolation, svc.cases.exercise_power, "sam", ref, "s64", D("2026-03-16"))
    assert "lapsed on 2026-03-14" in message and "new warning notice" in message


def test_a_power_can_be_exercised_on_the_last_day_of_its_window(not_complied):
    svc, ref = not_complied
    svc.cases.exercise_power("sam", ref, "s64", D("2026-03-14"))
    assert svc.cases.show("sam", ref)["powers_exercised"] == {"s64": "2026-03-14"}


def test_a_power_not_named_in_the_notice_of_intention_is_refused(not_complied):
    svc, ref = not_complied
    message = refused(svc, RuleViolation, svc.cases.exercise_power, "sam", ref, "s66", D("2026-02-01"))
    assert "not named in the notice of intention" in message


def test_no_warning_notice_to_an_academy(services):
    services.schools.add("sam", "140001", "Elm Academy", "academy-converter", "Secondary")
    ref = open_case(services, "140001")
    message = refused(services, RuleViolation, services.cases.warning_notice,
                      "sam", ref, "s60", ["standards"], D("2025-12-19"))
    assert "Elm Academy is an academy" in message


def test_only_one_open_case_per_school(oak):
    ref = open_case(oak)
    message = refused(oak, RuleViolation, open_case, oak)
    assert ref in message
    oak.cases.close("sam", ref, D("2025-12-01"), "Concerns resolved")
    assert open_case(oak, on="2026-01-05") == "100001-2"


def test_a_school_effectiveness_officer_cannot_issue_a_warning_notice(oak):
    ref = open_case(oak)
    message = refused(oak, NotPermitted, oak.cases.warning_notice,
                      "sue", ref, "s60", ["standards"], D("2025-12-19"))
    assert "seo" in message


def test_the_legal_officer_reads_but_cannot_change_anything(oak):
    ref = open_case(oak)
    assert oak.cases.show("lee", ref)["state"] == "open"
    refused(oak, NotPermitted, oak.cases.close, "lee", ref, D("2025-12-01"), "no")
    refused(oak, NotPermitted, oak.schools.add, "lee", "100002", "Ash", "community", "Primary")


def test_an_s60_notice_needs_a_ground_and_an_s60a_notice_takes_none(oak):
    ref = open_case(oak)
    refused(oak, InvalidInput, oak.cases.warning_notice, "sam", ref, "s60", [], D("2025-12-19"))
    refused(oak, InvalidInput, oak.cases.warning_notice, "sam", ref, "s60a", ["safety"],
            D("2025-12-19"))


def test_s63_is_not_available_after_an_s60a_notice(oak):
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60a", [], D("2025-12-19"))
    assert "intervention-window-s63" not in deadlines(oak, ref)
    oak.cases.compliance("sam", ref, "not-complied", D("2026-01-15"))
    message = refused(oak, RuleViolation, oak.cases.intention_to_intervene,
                      "sam", ref, ["s63"], D("2026-01-20"))
    assert "s60A" in message


def test_compliance_can_only_be_decided_after_the_period_ends(oak):
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-19"))
    message = refused(oak, RuleViolation, oak.cases.compliance, "sam", ref, "complied",
                      D("2026-01-14"))
    assert "from 2026-01-15" in message
    oak.cases.compliance("sam", ref, "complied", D("2026-01-15"))
    shown = oak.cases.show("sam", ref)
    assert (shown["state"], shown["stage"]) == ("stepped_down", 1)
    assert deadlines(oak, ref)["compliance-period"] == ("2026-01-14", "met")


def test_the_compliance_period_can_be_set_in_days_or_by_its_end_date(oak):
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-19"), compliance_days=20)
    assert deadlines(oak, ref)["compliance-period"][0] == "2026-01-21"
    oak.cases.compliance("sam", ref, "complied", D("2026-01-22"))
    oak.cases.warning_notice("sam", ref, "s60", ["safety"], D("2026-02-02"),
                             compliance_end=D("2026-02-27"))
    assert deadlines(oak, ref)["compliance-period"][0] == "2026-02-27"
    assert deadlines(oak, ref)["intervention-window-s64"][0] == "2026-04-27"


def test_an_authority_closure_day_moves_a_computed_deadline(oak):
    oak.admin.add_closure("ada", D("2026-01-05"), "Staff training day")
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-19"))
    assert deadlines(oak, ref)["compliance-period"][0] == "2026-01-15"


def test_acts_cannot_be_dated_in_the_future_or_out_of_order(oak):
    ref = open_case(oak)
    refused(oak, InvalidInput, oak.cases.share_concerns, "sam", ref, D("2026-06-02"))
    message = refused(oak, RuleViolation, oak.cases.share_concerns, "sam", ref, D("2025-11-01"))
    assert "before the case's last recorded act" in message


def test_a_step_the_workflow_does_not_allow_names_what_is_allowed(oak):
    ref = open_case(oak)
    message = refused(oak, RuleViolation, oak.cases.exercise_power, "sam", ref, "s64",
                      D("2025-12-01"))
    assert "You cannot exercise an intervention power" in message
    assert "issue a warning notice" in message


def test_special_measures_makes_the_case_eligible_and_an_academy_order_ends_it(oak):
    reference = oak.schools.record_ofsted("sam", "100001", D("2026-02-10"), "special-measures")
    shown = oak.cases.show("sam", reference)
    assert shown["eligible_for_intervention"] is True
    assert shown["eligibility_basis"] == "ofsted"
    assert shown["academy_order_due"] is True
    # No two-month window binds a power when eligibility comes from an Ofsted category.
    oak.cases.rd_notification("sam", reference, ["s66"], D("2026-05-19"))
    oak.cases.exercise_power("sam", reference, "s66", D("2026-05-20"))
    oak.cases.academy_order("sam", reference, D("2026-05-28"))
    assert oak.cases.show("sam", reference)["state"] == "transferred"
    assert oak.schools.show("sam", "100001")["open_case"] is None


def test_unknown_case_and_school_are_not_found(oak):
    refused(oak, NotFound, oak.cases.show, "sam", "999999-1")
    refused(oak, NotFound, oak.cases.open, "sam", "999999", "why", D("2026-01-05"))


def test_a_notice_given_before_18_april_2016_stays_under_the_2007_regime(oak):
    ref = open_case(oak, on="2016-02-01")
    oak.cases.warning_notice("sam", ref, "s60", ["standards"], D("2016-03-30"))
    shown = oak.cases.show("sam", ref)
    assert shown["rule_set"] == "england-2007"
    # The compliance period is fixed at 15 working days (old s60(10)); the initial period ends
    # with the 15th working day after the notice (old s60(7)).
    assert deadlines(oak, ref)["compliance-period"][0] == "2016-04-20"
    assert deadlines(oak, ref)["representations-period"][0] == "2016-04-20"
    oak.cases.compliance("sam", ref, "not-complied", D("2016-04-21"))
    # After 18 April 2016, but the compliance period had not expired before that day, so the
    # notice keeps the case under the old regime (S.I. 2016/466 reg 4).
    oak.cases.intention_to_intervene("sam", ref, ["s64"], D("2016-04-21"))
    assert oak.cases.show("sam", ref)["rule_set"] == "england-2007"
    assert oak.cases.show("sam", ref)["eligible_for_intervention"] is True


def test_representations_to_ofsted_hold_the_notice_until_ofsted_confirms_it(oak):
    ref = open_case(oak, on="2016-02-01")
    # Given before 18 April 2016, compliance period running on that day: the old law continues.
    oak.cases.warning_notice("sam", ref, "s60", ["governance"], D("2016-04-08"))
    oak.cases.representations("sam", ref, D("2016-04-15"))
    oak.cases.compliance("sam", ref, "not-complied", D("2016-05-03"))
    message = refused(oak, RuleViolation, oak.cases.intention_to_intervene,
                      "sam", ref, ["s64"], D("2016-05-04"))
    assert "wait for Ofsted" in message
    oak.cases.ofsted_decision("sam", ref, "confirmed", D("2016-05-05"))
    oak.cases.intention_to_intervene("sam", ref, ["s64"], D("2016-05-06"))


def test_the_2016_rule_set_has_no_representations_step(oak):
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-19"))
    refused(oak, RuleViolation, oak.cases.representations, "sam", ref, D("2025-12-22"))


def test_read_models_rebuild_to_the_same_rows(oak):
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-19"))
    before = (oak.cases.list("sam"), oak.schools.list("sam"))
    assert oak.admin.rebuild_projections("ada") == oak.ctx.store.event_count()
    assert (oak.cases.list("sam"), oak.schools.list("sam")) == before
    assert before[0][0]["state"] == "warning_notice"


def test_each_deadline_names_the_event_that_set_it(oak):
    ref = open_case(oak)
    oak.cases.notice_of_concern("sam", ref, D("2025-11-17"), plan_due=D("2025-12-05"))
    oak.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-19"))
    history = {e["version"]: e["type"] for e in oak.cases.history("sam", ref)}
    set_by = {d["kind"]: history[d["set_by"]] for d in oak.cases.show("sam", ref)["deadlines"]}
    assert set_by["action-plan"] == "NoticeOfConcernIssued"
    assert set_by["compliance-period"] == set_by["intervention-window-s64"] == "WarningNoticeIssued"
    warning = next(v for v, kind in history.items() if kind == "WarningNoticeIssued")
    listed = {(r["kind"], r["set_by"]) for r in oak.deadlines.deadlines("sam")}
    assert ("intervention-window-s65", warning) in listed


def test_read_models_of_an_older_shape_are_rebuilt_from_the_events(database_url):
    first = make_services(database_url)
    add_people(first)
    first.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    ref = open_case(first)
    first.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-19"))
    with first.ctx.engine.begin() as conn:  # as a database written before set_by existed
        conn.execute(text("ALTER TABLE deadlines DROP COLUMN set_by"))
        conn.execute(text("UPDATE scc_schema SET stamp = 'the stamp of an older version'"))
    first.close()
    again = make_services(database_url)
    assert {r["kind"] for r in again.deadlines.deadlines("sam")} >= {"compliance-period"}
    assert all(r["set_by"] == 2 for r in again.deadlines.deadlines("sam"))
    again.close()
