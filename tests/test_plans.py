"""Improvement plans (issue 15, item 2), on SQLite and PostgreSQL: the governing body's action plan
received against the notice of concern that required it, objectives with success criteria, owner
and date, termly reviews rating each objective, and the review deadlines in the deadlines list."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from scc.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation

D = date.fromisoformat
OBJECTIVES = [
    {"objective": "Governors hold leaders to account for attendance",
     "success_criteria": ["Attendance reported to every full governors' meeting",
                          "Persistent absence below 15%"],
     "owner": "Chair of governors", "due": D("2026-07-17")},
    {"objective": "Safeguarding records complete",
     "success_criteria": ["Single central record audited"], "owner": "Headteacher",
     "due": D("2026-03-31")},
]


@pytest.fixture
def noticed(services):
    """Oak Primary, allocated to sue, with a notice of concern asking for an action plan by
    27 February 2026."""
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.categorisation.allocate("sam", "100001", "sue", D("2025-09-01"))
    ref = services.cases.open("sam", "100001", "Attendance falling.", D("2026-01-05"))
    services.cases.notice_of_concern("sam", ref, D("2026-01-12"), D("2026-02-27"),
                                     "Governance of attendance.")
    return services


def receive(svc, on="2026-02-20", **given):
    return svc.plans.receive("sam", "100001", given.pop("kind", "action-plan"),
                             "Governing body action plan", given.pop("objectives", OBJECTIVES),
                             D(on), given.pop("case", "100001-1"))


def test_receiving_the_action_plan_records_it_on_the_case_and_opens_the_plan(noticed):
    reference = receive(noticed)
    assert reference == "100001-P1"
    case = noticed.cases.show("sam", "100001-1")
    action_plan = next(d for d in case["deadlines"] if d["kind"] == "action-plan")
    assert action_plan["status"] == "met" and action_plan["met_on"] == "2026-02-20"
    plan = noticed.plans.show("sue", reference)
    assert plan["case"] == "100001-1" and plan["state"] == "active"
    assert [o["number"] for o in plan["objectives"]] == [1, 2]
    # Received on 20 February 2026: reviewed by the end of the spring term (27 March).
    assert plan["next_review"]["due"] == "2026-03-27"


def test_a_termly_review_rates_every_objective_and_sets_the_next_by_the_end_of_term(noticed):
    reference = receive(noticed)
    due = noticed.plans.review("sue", reference, D("2026-03-20"), "Spring 2026", {
        1: {"rating": "on-track", "evidence": "Attendance reported on 3 March."},
        2: {"rating": "at-risk", "evidence": "Audit booked for 30 March."}})
    assert due == "2026-07-22"  # the end of the summer term
    plan = noticed.plans.show("sam", reference)
    assert plan["reviews"][0]["ratings"]["2"] == {"rating": "at-risk",
                                                  "evidence": "Audit booked for 30 March."}
    kinds = {d["kind"]: d["status"] for d in noticed.deadlines.deadlines("sam")
             if d["case"] == reference}
    assert kinds == {"plan-review-100001-P1-2": "open"}


def test_a_review_that_leaves_an_objective_unrated_or_without_evidence_writes_nothing(noticed):
    reference = receive(noticed)
    before = noticed.ctx.store.event_count()
    with pytest.raises(InvalidInput, match="objective\\(s\\) 2 not rated"):
        noticed.plans.review("sue", reference, D("2026-03-20"), "Spring 2026",
                             {1: {"rating": "on-track", "evidence": "Reported."}})
    with pytest.raises(InvalidInput, match="evidence for objective 2"):
        noticed.plans.review("sue", reference, D("2026-03-20"), "Spring 2026", {
            1: {"rating": "on-track", "evidence": "Reported."},
            2: {"rating": "off-track", "evidence": " "}})
    assert noticed.ctx.store.event_count() == before


def test_an_action_plan_names_its_case_and_an_objective_needs_criteria_owner_and_date(noticed):
    with pytest.raises(RuleViolation, match="name the case"):
        receive(noticed, case=None)
    with pytest.raises(InvalidInput, match="Objective 1 needs"):
        receive(noticed, objectives=[{**OBJECTIVES[0], "success_criteria": []}])
    with pytest.raises(InvalidInput, match="at least one objective"):
        receive(noticed, objectives=[])


def test_only_the_service_manager_records_the_action_plan_on_the_case_and_closes_plans(noticed):
    with pytest.raises(NotPermitted):
        noticed.plans.receive("sue", "100001", "action-plan", "Plan", OBJECTIVES,
                              D("2026-02-20"), "100001-1")
    own = noticed.plans.receive("sue", "100001", "improvement-plan", "School improvement plan",
                                OBJECTIVES, D("2026-02-20"))
    with pytest.raises(NotPermitted):
        noticed.plans.close("sue", own, D("2026-03-01"), "Superseded.")
    noticed.plans.close("sam", own, D("2026-03-01"), "Superseded by the action plan.")
    assert noticed.plans.show("sam", own)["state"] == "closed"
    with pytest.raises(RuleViolation, match="close the plan while the plan is 'Closed'"):
        noticed.plans.close("sam", own, D("2026-03-02"), "Again.")


def test_a_plan_of_another_officers_school_does_not_exist_for_an_seo(noticed):
    reference = receive(noticed)
    noticed.admin.add_user("ada", "tim", "seo")
    with pytest.raises(NotFound, match="There is no improvement plan 100001-P1"):
        noticed.plans.show("tim", reference)
    assert noticed.plans.list("tim") == []
    assert [p["reference"] for p in noticed.plans.list("sue")] == [reference]


def test_a_review_not_held_by_the_end_of_term_is_recorded_as_passed_by_the_scheduler(noticed):
    reference = receive(noticed)
    later = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
    noticed.deadlines.fire_due(later)
    deadline = next(d for d in noticed.deadlines.deadlines("sam") if d["case"] == reference)
    assert deadline["kind"] == "plan-review-100001-P1-1" and deadline["passed_on"] == "2026-03-28"


def test_scc_improvement_plan_commands(scc):
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    assert scc("user", "add", "sam", "--role", "service-manager", user="ada").code == 0
    scc("school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type", "community",
        "--phase", "Primary", user="ada")
    made = scc("improvement-plan", "receive", "100001", "--kind", "improvement-plan", "--title",
               "School improvement plan", "--objective",
               "Raise reading | 80% at the expected standard; Phonics check 90% | English lead "
               "| 2026-07-17", "--on", "2026-05-01", user="sam")
    assert made.code == 0 and made.out.strip() == "100001-P1"
    reviewed = scc("improvement-plan", "review", "100001-P1", "--term", "Summer 2026",
                   "--rating", "1=on-track", "--evidence", "1=Phonics check at 88%", "--on",
                   "2026-05-20", user="sam")
    assert reviewed.code == 0, reviewed.err
    shown = scc("improvement-plan", "show", "100001-P1", "--json", user="sam").json()
    assert shown["reviews"][0]["ratings"]["1"]["rating"] == "on-track"
    bad = scc("improvement-plan", "review", "100001-P1", "--term", "Summer 2026", "--rating",
              "one=on-track", "--evidence", "1=x", "--on", "2026-05-21", user="sam")
    assert bad.code == 2 and "--rating takes OBJECTIVE=TEXT" in bad.err
    wrong = scc("improvement-plan", "receive", "100001", "--kind", "improvement-plan", "--title",
                "T", "--objective", "only two | parts", "--on", "2026-05-21", user="sam")
    assert wrong.code == 2 and "--objective takes" in wrong.err


def test_the_review_reminder_says_what_is_due_in_words(noticed):
    reference = receive(noticed)
    noticed.deadlines.queue_reminders(datetime(2026, 3, 20, 8, 0, tzinfo=UTC))
    texts = [r["text"] for r in noticed.deadlines.reminders("sam")
             if r["case_reference"] == reference]
    assert texts, "no reminder of the plan's review was queued"
    assert texts[0].startswith("Oak Primary School (URN 100001, record 100001-P1): the termly "
                               "review of the improvement plan is due on Friday 27 March 2026")
