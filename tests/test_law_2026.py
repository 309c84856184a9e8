"""The law changed this year (issue 11): the Children's Wellbeing and Schools Act 2026 s58, in force
29 June 2026, repeals the Secretary of State's duty to make an Academy order for a school eligible
for intervention because it requires special measures or significant improvement (Academies Act
2010 s4(A1)); the power of s4(1)(b) stays; an order that had effect before that day for a school not
yet converted stands (s58(9)). The rule set `england-2026` carries it; each act follows the law of
its date. Through the service layer; refusals cite their section and write nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scc.domain.errors import RuleViolation
from scc.rules import load_rule_book
from tests.conftest import add_people, make_services
from tests.test_escalation import D, open_case, refused

AFTER = "2026-07-15T12:00"  # a day on which the 2026 Act is in force


@pytest.fixture
def july(database_url: str) -> Iterator[object]:
    """The service layer with the clock on 15 July 2026 and two maintained schools."""
    svc = make_services(database_url, now=AFTER)
    add_people(svc)
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.schools.add("sam", "100002", "Ash Primary School", "community", "Primary")
    yield svc
    svc.close()


def test_the_rule_set_from_29_june_2026_extends_the_2016_one_with_its_own_dates():
    book = load_rule_book()
    assert book.in_force_on(D("2026-06-28")).name == "england-2016"
    new = book.in_force_on(D("2026-06-29"))
    assert (new.name, new.effective_until) == ("england-2026", None)
    old = book.named("england-2016")
    assert new.triggers == old.triggers and new.compliance_rule == old.compliance_rule
    assert old.academy_order_duty and not new.academy_order_duty
    assert "s58(2)(a)" in new.academy_order["duty_source"]
    assert "s58(9)" in new.academy_order["saving"]["rule"]


def test_the_secretary_of_state_is_no_longer_under_a_duty_to_make_an_academy_order(july):
    ref = july.schools.record_ofsted("sam", "100001", D("2026-07-01"), "special-measures")
    shown = july.cases.show("sam", ref)
    assert (shown["eligible_for_intervention"], shown["rule_set"]) == (True, "england-2026")
    assert shown["academy_order_due"] is False
    assert "s58(2)(a)" in shown["academy_order_law"]


def test_the_secretary_of_state_may_still_make_an_academy_order_for_a_school_eligible_for_intervention(july):
    ref = july.schools.record_ofsted("sam", "100001", D("2026-07-01"), "serious-weaknesses")
    july.cases.academy_order("sam", ref, D("2026-07-10"))
    shown = july.cases.show("sam", ref)
    assert shown["state"] == "transferred"
    assert shown["academy_order"]["duty"] is False
    assert "s4(1)(b)" in shown["academy_order"]["under"]
    assert "stands" not in shown["academy_order"]


def test_an_academy_order_made_before_29_june_2026_for_a_school_not_yet_converted_stands(july, database_url):
    made = july.schools.record_ofsted("sam", "100001", D("2026-06-01"), "special-measures")
    july.cases.academy_order("sam", made, D("2026-06-20"))
    # Another school's duty had arisen too, but no order had been made by 29 June 2026.
    pending = july.schools.record_ofsted("sam", "100002", D("2026-06-10"), "special-measures")
    order = july.cases.show("sam", made)
    assert order["state"] == "transferred"
    assert (order["academy_order"]["made_on"], order["academy_order"]["duty"]) == \
        ("2026-06-20", True)
    assert "s4(A1)" in order["academy_order"]["under"]
    assert "s58(9)" in order["academy_order"]["stands"]
    # The duty is no longer there after 29 June 2026: no order is "due" any more ...
    assert july.cases.show("sam", pending)["academy_order_due"] is False
    # ... though it was on 20 June 2026, under the law of that day.
    before = make_services(database_url, now="2026-06-20T12:00")
    try:
        assert before.cases.show("sam", pending)["academy_order_due"] is True
        assert "stands" not in before.cases.show("sam", made)["academy_order"]
    finally:
        before.close()
    # The order under the power is still open to the Secretary of State, and is recorded as such.
    july.cases.academy_order("sam", pending, D("2026-07-02"))
    assert "s4(1)(b)" in july.cases.show("sam", pending)["academy_order"]["under"]


def test_an_academy_order_is_made_only_for_a_school_eligible_for_intervention(july):
    ref = july.schools.record_ofsted("sam", "100001", D("2024-01-10"), "special-measures")
    july.schools.record_ofsted("sam", "100001", D("2024-06-10"), "good")
    assert july.cases.show("sam", ref)["eligible_for_intervention"] is False
    message = refused(july, RuleViolation, july.cases.academy_order, "sam", ref, D("2026-07-01"))
    assert "eligible for intervention" in message and "s4(1)(b)" in message


def test_each_act_on_a_warning_notice_given_before_29_june_2026_follows_the_law_of_its_date(july):
    ref = open_case(july, on="2026-05-01")
    july.cases.warning_notice("sam", ref, "s60", ["standards"], D("2026-06-15"))
    july.cases.compliance("sam", ref, "not-complied", D("2026-07-07"))
    july.cases.intention_to_intervene("sam", ref, ["s64"], D("2026-07-08"))
    history = {e["type"]: e["data"]["rule_set"] for e in july.cases.history("sam", ref)}
    assert history["WarningNoticeIssued"] == "england-2016"
    assert history["ComplianceRecorded"] == "england-2026"
    assert history["IntentionToInterveneGiven"] == "england-2026"
    # The compliance period set by the 2016 notice stands: it is never recomputed.
    shown = july.cases.show("sam", ref)
    assert [d["due"] for d in shown["deadlines"] if d["kind"] == "compliance-period"] == \
        ["2026-07-06"]
