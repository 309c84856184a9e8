"""Acts the law forbids (issue 11, items 1-5), refused through the service layer with the section
in the message and nothing written."""

from __future__ import annotations

import pytest

from scc.domain.errors import RuleViolation
from tests.test_escalation import D, not_complied, oak, open_case, refused  # noqa: F401


@pytest.fixture
def ieb(not_complied):  # noqa: F811
    svc, ref = not_complied
    svc.cases.rd_consent("sam", ref, "s65", D("2026-02-10"))
    svc.cases.exercise_power("sam", ref, "s65", D("2026-02-20"), reason="IEB appointed")
    return svc, ref


# Item 1: pairs of powers (ss63-66, Sch 6)

def test_no_additional_governors_once_an_interim_executive_board_is_constituted(ieb):
    svc, ref = ieb
    message = refused(svc, RuleViolation, svc.cases.exercise_power, "sam", ref, "s64",
                      D("2026-02-25"))
    assert "Sch 6 para 14" in message and "interim executive board" in message
    assert "2026-02-20" in message


def test_additional_governors_may_be_appointed_before_an_interim_executive_board(not_complied):  # noqa: F811
    svc, ref = not_complied
    svc.cases.exercise_power("sam", ref, "s64", D("2026-01-27"))
    svc.cases.rd_consent("sam", ref, "s65", D("2026-02-10"))
    svc.cases.exercise_power("sam", ref, "s65", D("2026-02-20"))
    assert svc.cases.show("sam", ref)["powers_exercised"] == {"s64": "2026-01-27",
                                                              "s65": "2026-02-20"}


def test_no_notice_proposing_additional_governors_while_the_interim_executive_board_stands(ieb):
    svc, ref = ieb
    svc.cases.step_down("sam", ref, D("2026-04-01"), "IEB in place; monitoring")
    svc.cases.warning_notice("sam", ref, "s60", ["standards"], D("2026-04-13"))
    svc.cases.compliance("sam", ref, "not-complied", D("2026-05-06"))
    message = refused(svc, RuleViolation, svc.cases.intention_to_intervene, "sam", ref,
                      ["s64"], D("2026-05-07"))
    assert "Sch 6 para 14" in message
    svc.cases.intention_to_intervene("sam", ref, ["s63", "s66"], D("2026-05-07"))


# Item 3: reasonable notice (s60(1)(d))

def test_a_power_is_not_exercised_on_the_day_the_notice_of_intention_is_given(not_complied):  # noqa: F811
    svc, ref = not_complied  # notice of intention given on Tuesday 2026-01-20
    message = refused(svc, RuleViolation, svc.cases.exercise_power, "sam", ref, "s64",
                      D("2026-01-20"))
    assert "reasonable notice" in message and "s60(1)(d)" in message
    assert "2026-01-21" in message
    shown = svc.cases.show("sam", ref)
    assert shown["powers_may_be_used_from"] == "2026-01-21"
    assert "s60(1)(d)" in shown["powers_may_be_used_from_rule"]
    svc.cases.exercise_power("sam", ref, "s64", D("2026-01-21"))


def test_reasonable_notice_is_counted_in_working_days_from_the_policy_pack(oak):  # noqa: F811
    ref = open_case(oak)
    oak.cases.warning_notice("sam", ref, "s60", ["safety"], D("2025-12-19"))
    oak.cases.compliance("sam", ref, "not-complied", D("2026-01-15"))
    oak.cases.intention_to_intervene("sam", ref, ["s64"], D("2026-01-23"))  # a Friday
    assert oak.cases.show("sam", ref)["powers_may_be_used_from"] == "2026-01-26"
    refused(oak, RuleViolation, oak.cases.exercise_power, "sam", ref, "s64", D("2026-01-25"))


# Item 4: cases do not overlap; no act outside the school's life (GIAS OpenDate, CloseDate)

def test_a_case_cannot_be_opened_inside_or_before_an_earlier_case_of_the_same_school(oak):  # noqa: F811
    ref = open_case(oak, on="2025-11-03")
    oak.cases.close("sam", ref, D("2025-12-01"), "Concerns resolved")
    for day in ("2025-10-01", "2025-11-20", "2025-12-01"):
        message = refused(oak, RuleViolation, open_case, oak, on=day)
        assert ref in message and "do not overlap" in message and "2025-12-02" in message
    assert open_case(oak, on="2025-12-02") == "100001-2"


def test_no_act_is_dated_before_the_school_opened_or_after_it_closed(services, tmp_path):
    extract = tmp_path / "gias.csv"
    extract.write_text(
        "URN,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),"
        "OpenDate,CloseDate\n"
        "100009,Brook Primary School,Community school,Closed,01-09-2025,31-03-2026\n",
        encoding="utf-8")
    services.schools.import_gias("sam", extract)
    shown = services.schools.show("sam", "100009")
    assert (shown["open_date"], shown["close_date"]) == ("2025-09-01", "2026-03-31")
    message = refused(services, RuleViolation, open_case, services, "100009", "2025-08-29")
    assert "opened on 2025-09-01" in message and "s59" in message
    ref = open_case(services, "100009", "2025-11-03")
    message = refused(services, RuleViolation, services.cases.share_concerns, "sam", ref,
                      D("2026-04-01"))
    assert "closed on 2026-03-31" in message and "s59" in message
    services.cases.share_concerns("sam", ref, D("2026-03-31"))


# Item 2: eligibility by an Ofsted category (ss61, 62) lasts only while the school is in it

def test_eligibility_ends_when_a_later_judgement_takes_the_school_out_of_special_measures(oak):  # noqa: F811
    ref = oak.schools.record_ofsted("sam", "100001", D("2025-10-01"), "special-measures")
    assert oak.cases.show("sam", ref)["eligibility_basis"] == "ofsted"
    oak.schools.record_ofsted("sam", "100001", D("2026-03-02"), None,
                              {"achievement": "expected-standard"})
    shown = oak.cases.show("sam", ref)
    assert (shown["eligible_for_intervention"], shown["academy_order_due"]) == (False, False)
    assert shown["eligibility_ended"]["on"] == "2026-03-02"
    assert "requires special measures (EIA 2006 s62)" in shown["eligibility_ended"]["why"]
    message = refused(oak, RuleViolation, oak.cases.exercise_power, "sam", ref, "s64",
                      D("2026-03-05"))
    assert "no longer eligible" in message and "s62" in message
    assert oak.cases.history("sam", ref)[-1]["type"] == "OfstedCategoryLeft"


def test_a_school_moved_from_special_measures_to_significant_improvement_stays_eligible(oak):  # noqa: F811
    ref = oak.schools.record_ofsted("sam", "100001", D("2025-10-01"), "special-measures")
    oak.schools.record_ofsted("sam", "100001", D("2026-03-02"), "serious-weaknesses")
    assert oak.cases.show("sam", ref)["eligible_for_intervention"] is True
    oak.cases.rd_notification("sam", ref, ["s64"], D("2026-03-02"))
    oak.cases.exercise_power("sam", ref, "s64", D("2026-03-05"))


# Item 5: the old regime (warning notices given before 18 April 2016)

def test_the_compliance_period_of_an_old_regime_notice_is_fixed_at_fifteen_working_days(oak):  # noqa: F811
    ref = open_case(oak, on="2015-06-01")
    for extra in ({"compliance_days": 20}, {"compliance_end": D("2015-07-31")}):
        message = refused(oak, RuleViolation, oak.cases.warning_notice, "sam", ref, "s60",
                          ["standards"], D("2015-06-08"), **extra)
        assert "fixed at 15 working days" in message and "old s60(10)" in message
    oak.cases.warning_notice("sam", ref, "s60", ["standards"], D("2015-06-08"), compliance_days=15)


def test_no_teachers_pay_and_conditions_warning_notice_before_12_january_2010(oak):  # noqa: F811
    ref = open_case(oak, on="2009-11-02")
    message = refused(oak, RuleViolation, oak.cases.warning_notice, "sam", ref, "s60a", [],
                      D("2009-12-01"))
    assert "s60A" in message and "2010-01-12" in message and "S.I. 2009/3317" in message
    oak.cases.warning_notice("sam", ref, "s60a", [], D("2010-01-12"))


def test_the_old_law_continues_only_where_the_compliance_period_had_not_expired(oak):  # noqa: F811
    oak.schools.add("sam", "100002", "Ash Primary School", "community", "Primary")
    expired = open_case(oak, on="2016-02-01")
    oak.cases.warning_notice("sam", expired, "s60", ["standards"], D("2016-03-01"))
    running = open_case(oak, "100002", on="2016-03-01")
    oak.cases.warning_notice("sam", running, "s60", ["standards"], D("2016-04-08"))
    assert deadlines_of(oak, expired) < "2016-04-18" <= deadlines_of(oak, running)
    oak.cases.compliance("sam", expired, "not-complied", D("2016-04-19"))
    oak.cases.compliance("sam", running, "not-complied", D("2016-05-03"))
    # S.I. 2016/466 reg 4: only the notice still running on 18 April 2016 keeps the old law.
    assert oak.cases.show("sam", expired)["rule_set"] == "england-2016"
    assert oak.cases.show("sam", running)["rule_set"] == "england-2007"


def deadlines_of(svc, ref):
    return next(d["due"] for d in svc.cases.show("sam", ref)["deadlines"]
                if d["kind"] == "compliance-period")


def test_the_copy_to_the_regional_director_is_statutory_only_from_18_april_2016():
    from scc.application.recipients import statutory_copies
    from scc.notices import template

    s60 = template("s60")
    assert "regional-director" not in statutory_copies(s60, D("2016-04-15"))
    assert {"headteacher", "ofsted"} <= statutory_copies(s60, D("2016-04-15"))
    assert "regional-director" in statutory_copies(s60, D("2016-04-18"))
