"""Support and funding (issue 14), on SQLite and PostgreSQL: a Calderdale bid from submission to the
board's decision to its Funding Impact Reports; a Bury support plan costed at the system-leader day
rates, with support logs spent against the amount approved; procurement checks on commitments;
money exact (Decimal) from the form to the read model."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from scc.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from scc.domain.money import money, pence
from scc.projections import tables as t
from tests.conftest import add_people, make_services
from tests.test_rebuild import read_models

D = date.fromisoformat
BID_TEXTS = {"summary": "Phonics catch-up in Key Stage 1",
             "reason": "Ofsted key issue: early reading", "budget_position": "Small deficit",
             "brokering": "SLE from a cluster school, then the English hub",
             "impact": "80% of Year 1 meet the phonics standard",
             "monitoring": "Termly phonics data; SEO at each progress-and-impact visit"}


@pytest.fixture
def oak(services):
    """Oak Primary (Calderdale), allocated to sue, with a case open."""
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.categorisation.allocate("sam", "100001", "sue", D("2025-09-01"))
    services.cases.open("sam", "100001", "Reading results falling.", D("2026-01-05"))
    return services


@pytest.fixture
def bury(database_url):
    """A deployment under Bury's pack: Elm Primary allocated to sue."""
    svc = make_services(database_url, policy="bury")
    add_people(svc)
    svc.schools.add("sam", "200001", "Elm Primary School", "community", "Primary")
    svc.categorisation.allocate("sam", "200001", "sue", D("2025-09-01"))
    yield svc
    svc.close()


def submit(svc, period="two-terms", **amounts):
    return svc.support.submit_bid("sue", "100001", amounts or {"literacy": "6000",
                                                               "governance": "1500.50"},
                                  period, BID_TEXTS, D("2026-01-07"), case_reference="100001-1")


def test_a_calderdale_bid_goes_from_submission_to_decision_to_two_impact_reports(oak):
    reference = submit(oak)
    assert reference == "100001-B1"
    # The board agrees literacy in full and less for governance, for the two terms bid for: an
    # impact report is due by the end of each (spring 27 March, summer 22 July).
    due = oak.support.decide_bid("sam", reference, D("2026-01-14"), True, "Agreed at CPSIB",
                                 {"literacy": "6000", "governance": "1000"})
    assert due == ["2026-03-27", "2026-07-22"]
    kinds = {d["kind"]: d["status"] for d in oak.deadlines.deadlines("sam")
             if d["case"] == reference}
    assert kinds == {"impact-report-100001-B1-1": "passed", "impact-report-100001-B1-2": "open"}
    oak.support.impact_report("sue", reference, D("2026-03-20"), [
        {"strategy": "SLE coaching of Year 1 teacher", "timescale": "February",
         "impact": "Phonics teaching consistent in both classes"}], "2450.25")
    oak.support.impact_report("sue", reference, D("2026-05-29"), [
        {"strategy": "Daily keep-up sessions", "timescale": "May",
         "impact": "Mock check: 78% at the standard"}], "6999.75",
        commentary="Share the keep-up model across the cluster.")
    bid = oak.support.show_bid("sam", reference)
    assert bid["state"] == "approved" and bid["case"] == "100001-1"
    assert (bid["requested"], bid["approved"], bid["spent"], bid["remaining"]) == \
        ("7500.50", "7000.00", "6999.75", "0.25")
    assert [r["meets"] for r in bid["impact_reports"]] == [["impact-report-100001-B1-1"],
                                                           ["impact-report-100001-B1-2"]]
    statuses = {d["kind"]: d["status"] for d in oak.deadlines.deadlines("sam")
                if d["case"] == reference}
    assert set(statuses.values()) <= {"met"}
    [row] = oak.support.list_bids("sue", "100001")
    assert (row["state"], row["approved"], row["spent"], row["impact_reports"]) == \
        ("approved", "7000.00", "6999.75", 2)


def test_an_impact_report_not_returned_by_the_end_of_term_is_recorded_overdue(oak):
    reference = submit(oak, period="one-term")
    oak.support.decide_bid("sam", reference, D("2026-01-14"), True, "Agreed")
    fired = oak.deadlines.fire_due(datetime(2026, 6, 1, 9, tzinfo=UTC))
    assert fired >= 1
    [deadline] = oak.support.show_bid("sam", reference)["deadlines"]
    assert deadline["passed_on"] == "2026-03-28"
    [row] = [d for d in oak.deadlines.deadlines("sam") if d["case"] == reference]
    assert row["status"] == "passed"


def test_the_board_meeting_sets_when_the_decision_is_due_and_a_missed_one_is_recorded(oak):
    reference = submit(oak)
    oak.support.schedule_board("sue", reference, D("2026-01-08"), D("2026-02-10"))
    oak.deadlines.fire_due(datetime(2026, 6, 1, 9, tzinfo=UTC))
    [missed] = [d for d in oak.deadlines.deadlines("sam") if d["case"] == reference]
    assert (missed["kind"], missed["status"], missed["passed_on"]) == \
        (f"board-{reference}", "passed", "2026-02-11")
    # Moved to the next meeting: the same deadline, running again to the new date.
    oak.support.schedule_board("sue", reference, D("2026-05-20"), D("2026-06-09"))
    [moved] = [d for d in oak.deadlines.deadlines("sam") if d["case"] == reference]
    assert (moved["due"], moved["status"]) == ("2026-06-09", "open")
    oak.support.decide_bid("sam", reference, D("2026-06-01"), False, "Fund from the budget.")
    bid = oak.support.show_bid("sue", reference)
    assert bid["board_on"] == "2026-06-09"
    assert [(d["kind"], d["met_on"]) for d in bid["deadlines"]] == \
        [(f"board-{reference}", "2026-06-01")]
    assert not [d for d in oak.deadlines.deadlines("sam") if d["case"] == reference]


def test_the_board_declines_with_a_reason_and_approves_no_more_than_was_asked(oak):
    reference = submit(oak)
    before = oak.ctx.store.event_count()
    with pytest.raises(InvalidInput, match="reason the bid is declined"):
        oak.support.decide_bid("sam", reference, D("2026-01-14"), False, " ")
    with pytest.raises(RuleViolation, match="requested £6,000.00"):
        oak.support.decide_bid("sam", reference, D("2026-01-14"), True, "", {"literacy": "6000.01"})
    with pytest.raises(InvalidInput, match="more than £0"):
        oak.support.decide_bid("sam", reference, D("2026-01-14"), True, "",
                               {"literacy": "0", "governance": "0.00"})
    with pytest.raises(RuleViolation, match="at most 3 terms"):
        oak.support.decide_bid("sam", reference, D("2026-01-14"), True, "", terms=4)
    with pytest.raises(NotPermitted):
        oak.support.decide_bid("sue", reference, D("2026-01-14"), False, "Not mine to decide")
    assert oak.ctx.store.event_count() == before
    oak.support.decide_bid("sam", reference, D("2026-01-14"), False,
                           "The school's own budget can fund this first.")
    bid = oak.support.show_bid("sue", reference)
    assert bid["state"] == "declined" and bid["approved"] is None
    with pytest.raises(RuleViolation, match="cannot record a funding impact report"):
        oak.support.impact_report("sue", reference, D("2026-02-01"), [
            {"strategy": "x", "timescale": "y", "impact": "z"}], "0")


def test_a_bid_is_refused_on_an_unknown_area_or_period_or_a_negative_or_float_amount(oak):
    before = oak.ctx.store.event_count()
    for amounts, period, problem in (({"swimming": "100"}, "two-terms", "No area swimming"),
                                     ({"literacy": "100"}, "a-decade", "not a period"),
                                     ({"literacy": "-5"}, "one-term", "not an amount"),
                                     ({"literacy": 99.99}, "one-term", "floating-point"),
                                     ({"literacy": "1.005"}, "one-term", "not an amount"),
                                     ({"literacy": "20000000"}, "one-term", "from £0")):
        with pytest.raises(InvalidInput, match=problem):
            oak.support.submit_bid("sue", "100001", amounts, period, BID_TEXTS, D("2026-01-07"))
    assert oak.ctx.store.event_count() == before


def test_a_bury_support_plan_is_costed_at_the_day_rates_and_logs_spend_against_approved(bury):
    reference = bury.support.draft_plan("sue", "200001", ["Leadership of reading",
                                                          "Maths mastery in KS2"], [
        {"activity": "Coaching the English lead", "priority": 1,
         "impact": "Reading leader monitors phonics weekly", "role": "nle", "who": "NLE, Ash",
         "when": "Spring term", "days": "6"},
        {"activity": "Maths mastery modelling", "priority": 2, "impact": "Fluency improves",
         "role": "sle", "who": "SLE, Birch", "when": "Spring and summer", "days": "4.5"},
        {"activity": "TA training in keep-up sessions", "priority": 1,
         "impact": "Keep-up daily", "role": "support-staff", "who": "HLTA, Birch",
         "when": "Summer term", "days": "2"}], D("2026-01-05"),
        supporting_school="Birch Primary")
    plan = bury.support.show_plan("sam", reference)
    # 6 x £500 (NLE) + 4.5 x £350 (SLE) + 2 x £125 (support staff, Bury's own rate).
    assert [a["cost"] for a in plan["activities"]] == ["3000.00", "1575.00", "250.00"]
    assert plan["costed"] == "4825.00" and "GMLP" in plan["rates_source"]
    bury.support.submit_plan("sue", reference, D("2026-01-06"))
    bury.support.decide_plan("sam", reference, D("2026-01-13"), True, "Strategic Education Board")
    logs = [("2026-01-20", {"role": "nle", "days": "1", "support_person": "Ash"}),
            ("2026-02-03", {"role": "sle", "days": "0.5", "support_person": "Birch"}),
            ("2026-02-24", {"cost": "87.50", "support_person": "Birch HLTA"})]
    left = [bury.support.log_support("sue", reference, D(on), {
        "hours": "6", "hours_in_school": "5", "focus": "Phonics leadership",
        "actions": ["Weekly drop-ins"], "next_visit": D("2026-03-10"), **given})
        for on, given in logs]
    assert left == ["4325.00", "4150.00", "4062.50"]
    plan = bury.support.show_plan("sam", reference)
    assert (plan["state"], plan["approved"], plan["spent"], plan["remaining"]) == \
        ("active", "4825.00", "762.50", "4062.50")
    assert [entry["cost"] for entry in plan["logs"]] == ["500.00", "175.00", "87.50"]
    [row] = bury.support.list_plans("sue")
    assert (row["approved"], row["spent"], row["logs"]) == ("4825.00", "762.50", 3)
    # The first termly review is due by the end of the spring term.
    assert plan["next_review"]["due"] == "2026-03-27"
    due = bury.support.review_plan("sue", reference, D("2026-03-24"), "Cluster lead, SEO",
                                   "Reading leader now monitors weekly.")
    assert due == "2026-07-22"
    bury.support.review_plan("sam", reference, D("2026-05-29"), "Board", "Impact shown.",
                             final=True)
    assert bury.support.show_plan("sue", reference)["state"] == "closed"


def test_a_log_that_would_spend_more_than_approved_is_refused(bury):
    reference = _approved_plan(bury, "1000")
    bury.support.log_support("sue", reference, D("2026-01-20"), {
        "hours": "6", "support_person": "Ash", "role": "nle", "days": "1.5", "focus": "Reading"})
    before = bury.ctx.store.event_count()
    with pytest.raises(RuleViolation, match="over the £1,000.00 approved"):
        bury.support.log_support("sue", reference, D("2026-01-27"), {
            "hours": "6", "support_person": "Ash", "role": "nle", "days": "0.51",
            "focus": "Reading"})
    assert bury.ctx.store.event_count() == before


def test_money_is_exact_where_float_arithmetic_would_overspend_the_plan(bury):
    # In float, 8000.10 + 1250.20 + 749.70 is 10000.000000000002: more than the £10,000
    # approved, so the last log would be refused. In Decimal it is exactly 10000.00.
    assert 8000.10 + 1250.20 + 749.70 > 10000
    reference = _approved_plan(bury, "10000")
    for cost in ("8000.10", "1250.20", "749.70"):
        left = bury.support.log_support("sue", reference, D("2026-02-02"), {
            "hours": "3", "support_person": "Ash", "cost": cost, "focus": "Reading"})
    assert left == "0.00"
    plan = bury.support.show_plan("sam", reference)
    assert (plan["spent"], plan["remaining"]) == ("10000.00", "0.00")
    assert pence(Decimal("2.675")) == Decimal("2.68") and round(2.675, 2) == 2.67
    assert money("x", "£12,000.50") == Decimal("12000.50")


def test_a_commitment_over_the_lower_threshold_needs_four_quotes_or_a_written_reason(oak):
    reference = oak.support.draft_plan("sue", "100001", ["Early reading"], [
        {"activity": "Phonics programme", "priority": 1, "impact": "Consistent phonics",
         "role": "sle", "who": "SLE", "when": "Spring", "days": "10"}], D("2026-01-05"))
    oak.support.submit_plan("sue", reference, D("2026-01-06"))
    oak.support.decide_plan("sam", reference, D("2026-01-13"), True, "", "40000")
    order = {"amount": "12000", "description": "Phonics scheme and training",
             "supplier": "Reading Ltd", "quotes": 3}
    before = oak.ctx.store.event_count()
    with pytest.raises(RuleViolation, match="needs 4 written quotes or a written reason"):
        oak.support.commit("sue", reference, D("2026-01-20"), order)
    with pytest.raises(RuleViolation, match="written record of the reasons"):
        oak.support.commit("sue", reference, D("2026-01-20"),
                           {**order, "amount": "9999.99", "quotes": 0})
    with pytest.raises(RuleViolation, match="over the highest threshold"):
        oak.support.commit("sue", reference, D("2026-01-20"),
                           {**order, "amount": "60000.01", "quotes": 4})
    assert oak.ctx.store.event_count() == before
    oak.support.commit("sue", reference, D("2026-01-20"), {
        **order, "reason": "Only three suppliers of validated schemes would quote."})
    oak.support.commit("sue", reference, D("2026-01-21"), {
        **order, "amount": "60000.00", "quotes": 4})
    oak.support.commit("sue", reference, D("2026-01-22"), {
        **order, "amount": "450", "quotes": 0, "method": "Cluster SLE at the appendix F rate"})
    plan = oak.support.show_plan("sam", reference)
    assert plan["committed"] == "72450.00" and len(plan["commitments"]) == 3


def test_a_bid_s_funding_committed_for_12000_with_three_quotes_and_no_reason_is_refused(oak):
    reference = submit(oak, literacy="15000")
    oak.support.decide_bid("sam", reference, D("2026-01-14"), True, "Agreed")
    order = {"amount": "12000", "description": "Phonics scheme", "supplier": "Reading Ltd",
             "quotes": 3}
    before = oak.ctx.store.event_count()
    with pytest.raises(RuleViolation, match="needs 4 written quotes or a written reason"):
        oak.support.commit_bid("sue", reference, D("2026-01-20"), order)
    assert oak.ctx.store.event_count() == before
    oak.support.commit_bid("sue", reference, D("2026-01-20"), {**order, "quotes": 4})
    bid = oak.support.show_bid("sam", reference)
    assert bid["committed"] == "12000.00" and bid["commitments"][0]["quotes"] == 4
    assert oak.support.list_bids("sam")[0]["committed"] == "12000.00"


def test_support_is_only_for_schools_in_scope_and_a_pack_without_rules_refuses(oak):
    reference = submit(oak)
    oak.admin.add_user("ada", "tim", "seo")
    with pytest.raises(NotFound):
        oak.support.show_bid("tim", reference)
    with pytest.raises(NotPermitted):
        oak.support.list_bids("tim", "100001")
    assert oak.support.list_bids("tim") == []
    with pytest.raises(NotPermitted):
        oak.support.submit_bid("lee", "100001", {"literacy": "1"}, "one-term", BID_TEXTS,
                               D("2026-01-07"))


def test_bury_takes_no_bids_and_an_unknown_role_is_not_costed(bury):
    with pytest.raises(RuleViolation, match="takes no bids"):
        bury.support.submit_bid("sue", "200001", {"literacy": "1"}, "one-term", BID_TEXTS,
                                D("2026-01-07"))
    with pytest.raises(InvalidInput, match="No charge rate for the role 'wizard'"):
        bury.support.draft_plan("sue", "200001", ["Reading"], [
            {"activity": "A", "priority": 1, "impact": "B", "role": "wizard", "who": "C",
             "when": "D", "days": "1"}], D("2026-01-05"))


def test_the_support_read_models_equal_a_rebuild(oak):
    reference = submit(oak)
    oak.support.schedule_board("sue", reference, D("2026-01-08"), D("2026-01-14"))
    oak.support.decide_bid("sam", reference, D("2026-01-14"), True, "Agreed")
    oak.support.impact_report("sue", reference, D("2026-03-20"), [
        {"strategy": "a", "timescale": "b", "impact": "c"}], "100.10")
    oak.support.commit_bid("sue", reference, D("2026-03-21"), {
        "amount": "10000", "description": "Training", "supplier": "Hub", "quotes": 4})
    missed = submit(oak)
    oak.support.schedule_board("sue", missed, D("2026-01-08"), D("2026-01-14"))
    plan = oak.support.draft_plan("sue", "100001", ["Reading"], [
        {"activity": "A", "priority": 1, "impact": "B", "role": "teacher", "who": "C",
         "when": "D", "days": "1.25"}], D("2026-01-05"), bid_reference=reference)
    oak.support.submit_plan("sue", plan, D("2026-01-06"))
    oak.support.decide_plan("sam", plan, D("2026-01-13"), True, "")
    oak.support.log_support("sue", plan, D("2026-01-20"), {
        "hours": "2", "support_person": "C", "cost": "100.05", "focus": "Reading"})
    oak.support.commit("sue", plan, D("2026-01-20"), {
        "amount": "100", "description": "Books", "supplier": "Shop", "method": "Cheapest"})
    oak.deadlines.fire_due(datetime(2026, 6, 1, 9, tzinfo=UTC))
    assert oak.support.show_bid("sam", reference)["plans"] == [
        {"reference": plan, "state": "active", "approved": "250.00", "spent": "100.05"}]
    before = read_models(oak)
    assert before[t.support_plans.name] and before[t.support_bids.name]
    oak.admin.rebuild_projections("ada")
    assert read_models(oak) == before


def _approved_plan(svc, amount: str) -> str:
    reference = svc.support.draft_plan("sue", "200001", ["Reading"], [
        {"activity": "Coaching", "priority": 1, "impact": "Better reading", "role": "nle",
         "who": "Ash", "when": "Spring", "days": "20"}], D("2026-01-05"))
    svc.support.submit_plan("sue", reference, D("2026-01-06"))
    svc.support.decide_plan("sam", reference, D("2026-01-13"), True, "", amount)
    return reference


def test_support_deadlines_are_reminded_and_a_missed_plan_review_is_recorded(oak):
    reference = submit(oak)
    oak.support.schedule_board("sue", reference, D("2026-05-29"), D("2026-06-05"))
    assert oak.deadlines.queue_reminders(datetime(2026, 6, 1, 7, tzinfo=UTC)) >= 1
    reminded = [r for r in oak.deadlines.reminders("sam") if r["case_reference"] == reference]
    assert reminded and reminded[0]["kind"] == f"board-{reference}"
    plan = oak.support.draft_plan("sue", "100001", ["Reading"], [
        {"activity": "A", "priority": 1, "impact": "B", "role": "teacher", "who": "C",
         "when": "D", "days": "1"}], D("2026-01-05"))
    oak.support.submit_plan("sue", plan, D("2026-01-06"))
    oak.support.decide_plan("sam", plan, D("2026-01-13"), True, "")
    oak.deadlines.fire_due(datetime(2026, 6, 1, 9, tzinfo=UTC))
    shown = oak.support.show_plan("sam", plan)
    assert shown["next_review"] is None  # the spring review passed unrecorded
    [row] = [d for d in oak.deadlines.deadlines("sam") if d["case"] == plan]
    assert (row["kind"], row["status"], row["passed_on"]) == \
        (f"support-review-{plan}-1", "passed", "2026-03-28")
    # A late review is still recorded, and sets the next one.
    assert oak.support.review_plan("sue", plan, D("2026-06-01"), "SEO", "Back on track.") == \
        "2026-12-19"
