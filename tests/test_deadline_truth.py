"""Deadlines that tell the truth (issue 11): a deadline's status comes from its case through one
derivation (application/deadline_view), the same on the case, in `scc deadlines` and the API,
on the dashboard and in reminders."""

from __future__ import annotations

from datetime import date

import pytest

from scc.bootstrap import Services
from tests.conftest import add_people, make_services, moment
from tests.reads import reads_of

D = date.fromisoformat


def oak(url: str) -> str:
    """Oak's s60 warning notice of 19 December 2025 (compliance period ends 14 January 2026,
    each power's window on 14 March 2026), after a notice of concern whose action plan was due on
    5 December 2025 and never came; sue is Oak's officer."""
    svc = make_services(url, now="2026-02-23")
    add_people(svc)
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.categorisation.allocate("sam", "100001", "sue", D("2025-11-01"))
    ref = svc.cases.open("sam", "100001", "Attainment falling", D("2025-11-03"))
    svc.cases.notice_of_concern("sam", ref, D("2025-11-17"), plan_due=D("2025-12-05"))
    svc.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-19"))
    svc.close()
    return ref


@pytest.fixture
def at(database_url: str):
    """Services with the clock on a given day, closed afterwards."""
    opened: list[Services] = []

    def on(day: str) -> Services:
        opened.append(make_services(database_url, now=day))
        return opened[-1]

    yield on
    for svc in opened:
        svc.close()


def by_kind(rows):
    return {row["kind"]: row for row in rows}


def test_a_compliance_period_decided_on_15_january_2026_shows_as_met_not_overdue(database_url, at):
    ref = oak(database_url)
    svc = at("2026-02-23")
    svc.cases.compliance("sam", ref, "not-complied", D("2026-01-15"), "No credible plan.")
    shown = by_kind(svc.cases.show("sam", ref)["deadlines"])
    assert shown["compliance-period"]["status"] == "met"
    assert shown["compliance-period"]["days_left"] is None
    listed = by_kind(svc.deadlines.deadlines("sam"))
    assert "compliance-period" not in listed  # neither "overdue by 39 days" nor listed at all
    assert not [r for r in svc.deadlines.deadlines("sam", overdue=True)
                if r["kind"] == "compliance-period"]


def test_an_action_plan_never_received_is_superseded_by_the_warning_notice(database_url, at):
    ref = oak(database_url)
    svc = at("2026-01-05")
    assert by_kind(svc.cases.show("sam", ref)["deadlines"])["action-plan"]["status"] == "superseded"
    assert "action-plan" not in by_kind(svc.deadlines.deadlines("sam", overdue=True))


def test_the_days_left_of_a_working_day_rule_are_working_days(database_url, at):
    ref = oak(database_url)
    svc = at("2026-01-05")
    period = by_kind(svc.deadlines.deadlines("sam"))["compliance-period"]
    # 6, 7, 8, 9, 12, 13 and 14 January: seven working days, though nine calendar days.
    assert (period["status"], period["days_left"], period["unit"]) == ("open", 7, "working days")
    assert by_kind(svc.cases.show("sam", ref)["deadlines"])["compliance-period"]["days_left"] == 7


def test_an_intervention_window_shows_from_the_end_of_the_compliance_period(database_url, at):
    ref = oak(database_url)
    during = by_kind(at("2026-01-05").deadlines.deadlines("sam"))
    assert during["intervention-window-s64"]["status"] == "not-started"
    svc = at("2026-02-23")
    svc.cases.compliance("sam", ref, "not-complied", D("2026-01-15"), "No credible plan.")
    window = by_kind(svc.deadlines.deadlines("sam"))["intervention-window-s64"]
    # Two calendar months (s64(2)): counted in days, 19 of them to 14 March, weeks before the last ten.
    assert (window["status"], window["due"], window["days_left"], window["unit"]) == (
        "open", "2026-03-14", 19, "days")


def test_a_complied_decision_supersedes_the_windows_and_meets_the_period(database_url, at):
    ref = oak(database_url)
    svc = at("2026-02-23")
    svc.cases.compliance("sam", ref, "complied", D("2026-01-15"), "The plan is working.")
    shown = by_kind(svc.cases.show("sam", ref)["deadlines"])
    assert shown["compliance-period"]["status"] == "met"
    assert {shown[f"intervention-window-{p}"]["status"] for p in ("s63", "s64", "s65", "s66")} \
        == {"superseded"}


def test_every_open_case_shows_its_next_statutory_deadline(database_url, at):
    ref = oak(database_url)
    during = at("2026-01-05").cases.show("sam", ref)["next_statutory_deadline"]
    assert (during["kind"], during["due"]) == ("compliance-period", "2026-01-14")
    svc = at("2026-02-23")
    svc.cases.compliance("sam", ref, "not-complied", D("2026-01-15"), "No credible plan.")
    after = svc.cases.show("sam", ref)["next_statutory_deadline"]
    assert (after["kind"], after["due"], after["status"]) == (
        "intervention-window-s63", "2026-03-14", "open")


def test_reminders_go_to_the_allocated_officer_and_the_service_manager_never_for_a_met_deadline(
        database_url, at):
    ref = oak(database_url)
    svc = at("2026-02-23")
    svc.admin.add_user("ada", "sid", "seo")  # another officer: not Oak's
    svc.cases.compliance("sam", ref, "not-complied", D("2026-01-15"), "No credible plan.")
    svc.deadlines.queue_reminders(moment("2026-03-10T08:00"))
    queued = svc.deadlines.reminders("sam")
    assert {r["recipient"] for r in queued} == {"sam", "sue"}
    assert {r["kind"] for r in queued} == {f"intervention-window-{p}"
                                           for p in ("s63", "s64", "s65", "s66")}
    assert "19 days" not in queued[0]["text"] and "4 days left" in queued[0]["text"]
    assert svc.deadlines.reminders("sid") == []  # outside his scope


def test_the_deadline_list_gives_each_deadline_the_status_the_case_gives_it_at_every_step(
        database_url, at):
    """The lists read a case's facts from the read models its commands write from it (no
    replay), and a long-lived process keeps them while the case does not move: after each act,
    recorded by another process, every running deadline of the reader's list is the case
    page's, with the same status, and the met and overtaken ones are gone."""
    ref = oak(database_url)
    acts = [
        lambda svc: None,
        lambda svc: svc.cases.compliance("sam", ref, "not-complied", D("2026-01-15"),
                                         "No credible plan."),
        lambda svc: svc.cases.intention_to_intervene("sam", ref, ["s64", "s65"], D("2026-01-20")),
        lambda svc: svc.cases.rd_notification("sam", ref, ["s64", "s65"], D("2026-01-20")),
        lambda svc: svc.cases.exercise_power("sam", ref, "s64", D("2026-02-02")),
    ]
    writer, reader = at("2026-02-23"), at("2026-02-23")
    for step, act in enumerate(acts):
        act(writer)
        listed = {row["kind"]: row["status"] for row in reader.deadlines.deadlines("sam")
                  if row["case"] == ref}
        running = {row["kind"]: row["status"] for row in reader.cases.show("sam", ref)["deadlines"]
                   if row["status"] not in ("met", "superseded")}
        assert listed == running, f"after act {step}"
    # s64 was used on 2 February: its window is met, s65's still runs.
    assert "intervention-window-s64" not in listed
    assert listed["intervention-window-s65"] == "open"


def test_a_process_reads_a_cases_deadline_facts_once_for_all_its_lists(database_url, at):
    """The dashboard's list and the deadlines page's list of one web process share what they
    read of a case: the second reads no case or deadline rows while the case has not moved."""
    ref = oak(database_url)
    svc = at("2026-01-05")
    first = svc.deadline_list.deadlines("sam")
    with reads_of(svc) as reads:
        second = svc.deadlines.deadlines("sam")
    assert second == first and any(row["case"] == ref for row in second)
    facts = [s for s in reads.statements if "FROM cases LEFT OUTER JOIN deadlines" in " ".join(
        s.split())]
    assert facts == []


def test_the_dashboard_reads_only_the_reminders_sent_to_its_user(database_url, at):
    """Sam's dashboard lists the reminders sent to Sam, not Sue's about the same school, and
    asks the outbox for Sam's alone (it grows with every reminder sent to anyone)."""
    ref = oak(database_url)
    svc = at("2026-02-23")
    svc.cases.compliance("sam", ref, "not-complied", D("2026-01-15"), "No credible plan.")
    svc.deadlines.queue_reminders(moment("2026-03-10T08:00"))
    assert {r["recipient"] for r in svc.deadlines.reminders("sam")} == {"sam", "sue"}
    with reads_of(svc) as reads:
        shown = svc.dashboard.of("sam")["reminders"]
    assert shown and {r["recipient"] for r in shown} == {"sam"}
    outbox = [" ".join(s.split()) for s in reads.statements if "FROM reminders" in s]
    assert len(outbox) == 1 and "WHERE reminders.recipient =" in outbox[0]
