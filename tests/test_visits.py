"""Progress-and-impact visits: entitlement by category, the report's working-day deadlines and
its round trip to a final, quality-assured report (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from scc.application.deadlines import DeadlineService
from scc.clock import parse_moment
from scc.domain.errors import NotPermitted, RuleViolation
from scc.domain.visit import Visit
from scc.projections.tables import deadlines
from tests.conftest import add_people, make_services

D = date.fromisoformat


@pytest.fixture
def amber(services):
    """Oak, AMBER after requires improvement, allocated to sue."""
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.schools.record_ofsted("sam", "100001", D("2025-06-10"), None,
                                   {"leadership-and-management": "requires-improvement"})
    services.categorisation.allocate("sam", "100001", "sue", D("2025-09-01"))
    return services


def deadline_rows(svc, reference):
    d = deadlines.c
    with svc.ctx.engine.connect() as conn:
        rows = conn.execute(select(d.kind, d.due, d.met_on, d.urn)
                            .where(d.case_reference == reference).order_by(d.due))
        return [(r.kind, r.due.isoformat(), r.met_on and r.met_on.isoformat(), r.urn) for r in rows]


def test_a_visit_held_on_17_december_has_its_report_due_on_5_january_and_a_report_sent_on_7_january_is_late(amber):
    svc = amber
    visit = svc.visits.plan("sue", "100001", D("2025-12-17"), on=D("2025-12-01"))
    due = svc.visits.hold("sue", visit, D("2025-12-17"), "Reading in KS1", "Lesson visits",
                          "limited", "Phonics training for all KS1 staff")
    # Ten working days over Christmas Day, Boxing Day and New Year's Day.
    assert due == "2026-01-05"

    sent = svc.visits.send_report("sue", visit, D("2026-01-07"))
    assert sent == {"late": True, "return_due": "2026-01-14", "version": 1}

    shown = svc.visits.show("sam", visit)
    assert shown["late"] == {"report_sent": True}
    assert [(d["kind"], d["due"], d["met_on"]) for d in shown["deadlines"]] == [
        (f"visit-report-{visit}", "2026-01-05", "2026-01-07"),
        (f"visit-report-return-{visit}", "2026-01-14", None),
    ]
    # The deadlines join the deadline read model, beside the case deadlines.
    assert deadline_rows(svc, visit) == [
        (f"visit-report-{visit}", "2026-01-05", "2026-01-07", "100001"),
        (f"visit-report-return-{visit}", "2026-01-14", None, "100001"),
    ]


def test_the_report_goes_round_to_a_final_quality_assured_report(amber):
    svc = amber
    visit = svc.visits.plan("sue", "100001", D("2026-02-03"), on=D("2026-01-20"))
    svc.visits.hold("sue", visit, D("2026-02-03"), "Maths", "Book scrutiny", "secure", "Fluency")
    assert svc.visits.send_report("sue", visit, D("2026-02-10"))["late"] is False
    assert svc.visits.report_agreed("sue", visit, D("2026-02-12")) is False
    svc.visits.to_service_manager("sue", visit, D("2026-02-13"))
    with pytest.raises(NotPermitted):
        svc.visits.quality_assure("sue", visit, D("2026-02-16"))
    svc.visits.quality_assure("sam", visit, D("2026-02-16"), "Clear next steps")
    svc.visits.finalise("sam", visit, D("2026-02-16"))

    assert svc.visits.show("sue", visit)["state"] == "final"
    listed = svc.visits.list("sue")
    assert [(v["reference"], v["state"], v["report_late"]) for v in listed] == [
        (visit, "final", False)]


def test_the_report_cannot_be_sent_before_the_visit_is_held(amber):
    visit = amber.visits.plan("sue", "100001", D("2026-02-03"), on=D("2026-01-20"))
    before = amber.ctx.store.event_count()
    with pytest.raises(RuleViolation, match="cannot send the report to the headteacher while the "
                                            "visit is 'Planned'; from here you may record the "
                                            "visit as held, cancel the visit"):
        amber.visits.send_report("sue", visit, D("2026-02-10"))
    assert amber.ctx.store.event_count() == before


@pytest.fixture
def leeds_category_4(database_url):
    svc = make_services(database_url, policy="leeds")
    add_people(svc)
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.schools.record_ofsted("sam", "100001", D("2023-01-10"), "requires-improvement")
    svc.schools.record_ofsted("sam", "100001", D("2025-01-10"), None,
                              {"leadership-and-management": "requires-improvement"})
    svc.categorisation.allocate("sam", "100001", "sue", D("2025-09-01"))
    yield svc
    svc.close()


def test_a_leeds_category_4_school_has_6_half_day_visits_and_a_seventh_is_refused_unless_the_service_manager_records_an_override(
        leeds_category_4):
    svc = leeds_category_4
    entitlement = svc.categorisation.categories("sue", "100001")["entitlement"]
    assert (entitlement["visits"], entitlement["limit"], entitlement["unit"]) == (
        6, "up-to", "half-day visits")
    for day in range(1, 7):
        svc.visits.plan("sue", "100001", D(f"2025-10-{day:02d}"), on=D("2025-09-15"))
    assert svc.categorisation.categories("sue", "100001")["entitlement"]["used"] == 6
    before = svc.ctx.store.event_count()

    with pytest.raises(RuleViolation, match="entitled to up to 6 half-day visits a year; 6 already "
                                            "planned in 2025/26"):
        svc.visits.plan("sue", "100001", D("2025-11-01"), on=D("2025-09-15"))
    with pytest.raises(RuleViolation, match="Only the Service Manager"):
        svc.visits.plan("sue", "100001", D("2025-11-01"), on=D("2025-09-15"),
                        override_reason="Head asked for more")
    assert svc.ctx.store.event_count() == before

    seventh = svc.visits.plan("sam", "100001", D("2025-11-01"), on=D("2025-09-15"),
                              override_reason="Headteacher resigned; interim leadership")
    assert svc.visits.show("sam", seventh)["override"] == "Headteacher resigned; interim leadership"
    # The next academic year brings a new entitlement.
    assert svc.visits.plan("sue", "100001", D("2026-09-15")) == "100001-V8"


def test_a_cancelled_visit_no_longer_counts_against_the_entitlement(leeds_category_4):
    svc = leeds_category_4
    planned = [svc.visits.plan("sue", "100001", D(f"2025-10-{d:02d}"), on=D("2025-09-15"))
               for d in range(1, 7)]
    svc.visits.cancel("sue", planned[0], D("2025-09-20"), "School closed for snow")
    assert svc.visits.plan("sue", "100001", D("2025-11-01"), on=D("2025-09-20"))


def test_scc_visit_commands_say_when_the_report_is_due_and_that_it_was_sent_late(scc):
    scc("user", "add", "ada", "--role", "admin")
    scc("user", "add", "sam", "--role", "service-manager", user="ada")
    scc("user", "add", "sue", "--role", "seo", user="ada")
    scc("school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type", "community",
        "--phase", "Primary", user="sam")
    scc("school", "ofsted", "100001", "--on", "2025-06-10", "--grade",
        "leadership-and-management=requires-improvement", user="sam")
    scc("school", "allocate", "100001", "--officer", "sue", user="sam")
    planned = scc("visit", "plan", "100001", "--date", "2025-12-17", "--on", "2025-12-01", user="sue")
    reference = planned.out.strip()
    held = scc("visit", "hold", reference, "--on", "2025-12-17", "--focus", "Reading",
               "--judgement", "limited", "--next-steps", "Phonics training", user="sue")
    assert "the report is due by 2026-01-05" in held.err
    sent = scc("visit", "send-report", reference, "--on", "2026-01-07", user="sue")
    assert "(sent late); the agreed report is due back by 2026-01-14" in sent.err
    assert scc("visit", "report-agreed", reference, "--on", "2026-01-14", user="sue").code == 0
    assert scc("visit", "to-manager", reference, "--on", "2026-01-15", user="sue").code == 0
    assert scc("visit", "qa", reference, "--on", "2026-01-16", user="sue").code == 6
    assert scc("visit", "qa", reference, "--on", "2026-01-16", "--final", user="sam").code == 0
    shown = scc("visit", "show", reference, "--json", user="sue").json()
    assert (shown["state"], shown["late"]) == ("final", {"report_sent": True, "report_agreed": False})


def test_the_scheduler_records_a_report_deadline_passing_and_scc_deadlines_lists_it(amber):
    svc = amber
    visit = svc.visits.plan("sue", "100001", D("2026-05-01"), on=D("2026-04-20"))
    svc.visits.hold("sue", visit, D("2026-05-01"), "Attendance", "Registers", "limited", "Calls")
    meeting = svc.meetings.schedule("sam", "100001", D("2026-06-10"), ["headteacher"],
                                    on=D("2026-05-20"))["reference"]
    deadlines = DeadlineService(svc.ctx)
    listed = {(d["case"], d["kind"], d["due"], d["school"]) for d in deadlines.deadlines("sam")}
    # Ten working days after 1 May 2026, skipping the early May bank holiday.
    assert {(visit, f"visit-report-{visit}", "2026-05-18", "Oak Primary School"),
            (meeting, f"meeting-documents-{meeting}", "2026-06-03", "Oak Primary School")} <= listed

    # Today is 2026-06-01: the report (due 18 May) has passed; the documents are not yet due.
    assert deadlines.fire_due(parse_moment("2026-06-01T09:00:00+01:00")) == 1
    assert deadlines.fire_due(parse_moment("2026-06-01T09:05:00+01:00")) == 0
    history = [type(e).__qualname__ for e in svc.ctx.store.events.get(Visit.create_id(visit))]
    assert history[-1] == "Visit.ReportOverdue"
    # Sending it afterwards is still possible, and recorded as late.
    assert svc.visits.send_report("sue", visit, D("2026-06-01"))["late"] is True
