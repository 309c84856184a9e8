"""The statutory planner: the dates it plans for a warning notice are the dates the commands then
record, over Christmas, in England (s60, Calderdale's calendar) and in Wales (s3, wales-strict)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from scc.application.planner import planner_of
from scc.bootstrap import Services
from scc.domain.errors import NotFound, NotPermitted
from tests.conftest import CliRunnerFn, add_people, make_services
from tests.test_wales import OAK, VALE, YSGOL, D


@pytest.fixture
def schools(database_url: str) -> Iterator[str]:
    """Calderdale (England) with Oak Primary and the Vale of Glamorgan (Wales) with Ysgol Sain
    Tathan, the clock on 1 December 2025: a notice on 15 December runs over Christmas."""
    svc = make_services(database_url, now="2025-12-01")
    add_people(svc)
    svc.authorities.add("ada", "vale-of-glamorgan")
    svc.admin.add_user("ada", "wyn", "service-manager", authority=VALE)
    svc.schools.add("wyn", YSGOL, "Ysgol Gynradd Sain Tathan", "community", "Primary",
                    authority=VALE)
    svc.schools.add("sam", OAK, "Oak Primary School", "community", "Primary")
    svc.close()
    yield database_url


def later(url: str, now: str) -> Services:
    return make_services(url, now=now)


def planned(plan: dict[str, Any]) -> dict[str, str]:
    return {row["kind"]: row["due"] for row in plan["dates"]}


def recorded(svc: Services, user: str, ref: str) -> dict[str, str]:
    return {row["kind"]: row["due"] for row in svc.cases.show(user, ref)["deadlines"]}


def test_an_s60_notice_planned_ahead_gets_the_dates_the_commands_record(schools):
    before = later(schools, "2025-12-01")
    events = before.ctx.store.event_count()
    plan = planner_of(before).warning_notice("sam", OAK, D("2025-12-15"))
    assert before.ctx.store.event_count() == events  # a plan records nothing
    before.close()
    assert plan["case_is_new"] and plan["kind"] == "s60" and plan["refusal"] is None
    dates = planned(plan)
    # 15 working days from Monday 15 December: Christmas Day, Boxing Day, New Year's Day skipped.
    assert dates["compliance-period"] == "2026-01-08"
    assert dates["intervention-window-s65"] == "2026-03-08"
    # Notice of intention on Friday the 9th; a power from the next working day.
    assert dates["earliest-intervention"] == "2026-01-12"

    svc = later(schools, "2026-02-01")
    ref = svc.cases.open("sam", OAK, "Standards have declined", D("2025-12-01"))
    svc.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-15"))
    assert recorded(svc, "sam", ref) == {k: v for k, v in dates.items()
                                         if k != "earliest-intervention"}
    svc.cases.compliance("sam", ref, "not-complied", D("2026-01-09"))
    svc.cases.intention_to_intervene("sam", ref, ["s64"], D("2026-01-09"))
    assert svc.cases.show("sam", ref)["powers_may_be_used_from"] == dates["earliest-intervention"]
    # Planned again now the notice is on record: the same dates, from the case itself.
    assert planned(planner_of(svc).warning_notice("sam", OAK, D("2025-12-15")))[
        "compliance-period"] == "2026-01-08"
    svc.close()


def test_an_s3_notice_in_wales_is_planned_on_the_wales_strict_calendar(schools):
    before = later(schools, "2025-12-01")
    plan = planner_of(before).warning_notice("wyn", YSGOL, D("2025-12-15"))
    before.close()
    assert (plan["kind"], plan["rule_set"], plan["calendar"]) == ("s3", "wales-2014",
                                                                  "wales-strict")
    dates = planned(plan)
    # Christmas Eve is no working day in Wales: the period ends a day later than in England.
    assert dates["compliance-period"] == "2026-01-09"
    assert not any(k.startswith("intervention-window-") for k in dates)  # powers do not lapse
    assert dates["earliest-intervention"] == "2026-01-10"  # no notice of intention in Wales
    assert any("do not lapse" in note for note in plan["notes"])

    svc = later(schools, "2026-02-01")
    ref = svc.cases.open("wyn", YSGOL, "Standards have declined", D("2025-12-01"))
    svc.cases.warning_notice("wyn", ref, "s3", ["standards"], D("2025-12-15"))
    assert recorded(svc, "wyn", ref) == {"compliance-period": dates["compliance-period"]}
    svc.cases.compliance("wyn", ref, "not-complied", D(dates["earliest-intervention"]))
    svc.cases.exercise_power("wyn", ref, "s5", D(dates["earliest-intervention"]))
    assert svc.cases.show("wyn", ref)["powers_exercised"] == {"s5": "2026-01-10"}
    svc.close()


def test_a_notice_the_case_cannot_take_is_planned_with_the_refusal(schools):
    svc = later(schools, "2026-02-01")
    ref = svc.cases.open("sam", OAK, "Standards have declined", D("2025-12-01"))
    svc.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-15"))
    plan = planner_of(svc).warning_notice("sam", OAK, D("2026-01-05"))
    assert "cannot issue a warning notice" in plan["refusal"]
    assert "earliest-intervention" not in planned(plan)
    svc.close()


def test_the_planner_reads_through_the_scope_rule(schools):
    svc = later(schools, "2025-12-01")
    with pytest.raises(NotPermitted):  # a Welsh school is not Calderdale's
        planner_of(svc).warning_notice("sam", YSGOL, D("2025-12-15"))
    with pytest.raises(NotFound):
        planner_of(svc).warning_notice("sam", "999999", D("2025-12-15"))
    svc.close()


def test_scc_plan_warning_notice_then_the_command(scc: CliRunnerFn):
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    assert scc("user", "add", "sam", "--role", "service-manager", user="ada").code == 0
    added = scc("school", "add", "--urn", OAK, "--name", "Oak Primary School", "--type",
                "community", "--phase", "Primary", user="sam")
    assert added.code == 0, added.err
    shown = scc("plan", "warning-notice", OAK, "--on", "2025-12-15", "--json", user="sam",
                now="2025-12-01")
    assert shown.code == 0, shown.err
    dates = planned(shown.json())
    text = scc("plan", "warning-notice", OAK, "--on", "2025-12-15", user="sam", now="2025-12-01")
    assert "2026-01-08  compliance period of the warning notice ends" in text.out
    assert scc("case", "open", "--urn", OAK, "--reason", "Standards", "--on", "2025-12-01",
               user="sam", now="2026-02-01").out == f"{OAK}-1\n"
    assert scc("case", "warning-notice", f"{OAK}-1", "--kind", "s60", "--ground", "standards",
               "--on", "2025-12-15", user="sam", now="2026-02-01").code == 0
    case = scc("case", "show", f"{OAK}-1", "--json", user="sam", now="2026-02-01").json()
    assert {d["kind"]: d["due"] for d in case["deadlines"]} == {
        k: v for k, v in dates.items() if k != "earliest-intervention"}


def test_the_plan_page_shows_the_dates_and_what_was_typed_wrong(sqlite_url):
    from scc.demo import load
    from scc.web import create_app
    from tests.web_helpers import signed_in

    svc = make_services(sqlite_url)
    passwords = load(svc).passwords
    sam = signed_in(create_app(svc), "sam", passwords["sam"])
    empty = sam.get("/plan")
    assert empty.status_code == 200 and "Plan the dates" in empty.text
    shown = sam.get("/plan?urn=900002&on=2026-12-14")
    assert shown.status_code == 200
    plan = planner_of(svc).warning_notice("sam", "900002", D("2026-12-14"))
    compliance = next(r for r in plan["dates"] if r["kind"] == "compliance-period")
    assert compliance["due"] == "2027-01-07"  # Christmas, Boxing Day (substitute Monday) skipped
    assert "7 January 2027" in shown.text and "Compliance period of the warning notice ends" \
        in shown.text
    wrong = sam.get("/plan?urn=90000x&on=2026-12-14")
    assert wrong.status_code == 200 and "There is a problem" in wrong.text
    assert "is not a URN" in wrong.text
    assert sam.get("/plan?urn=999999&on=2026-12-14").status_code == 404
    svc.close()


def test_a_planned_visits_report_deadline_is_the_one_holding_it_records(sqlite_url):
    from scc.demo import load

    svc = make_services(sqlite_url)
    load(svc)
    visit = next(v for v in svc.visits.list("sam", "900004") if v["state"] == "planned")
    visit_on = D(str(visit["visit_on"]))
    plan = planner_of(svc).warning_notice("sam", "900004", visit_on)
    svc.close()
    report = next(r for r in plan["school_dates"] if r["title"].startswith("visit report"))
    assert report["reference"] == visit["reference"]
    later_on = make_services(sqlite_url, now="2027-06-01")
    due = later_on.visits.hold("sue", visit["reference"], visit_on, "Reading", "Lessons",
                               "secure", "Phonics")
    assert str(due) == report["due"]
    later_on.close()


def test_a_notice_under_the_2007_rule_set_is_planned_with_its_initial_period(schools):
    svc = later(schools, "2016-01-04")
    plan = planner_of(svc).warning_notice("sam", OAK, D("2015-12-14"))
    dates = planned(plan)
    assert plan["rule_set"] == "england-2007" and "representations-period" in dates
    ref = svc.cases.open("sam", OAK, "Standards have declined", D("2015-12-01"))
    svc.cases.warning_notice("sam", ref, "s60", ["standards"], D("2015-12-14"))
    assert recorded(svc, "sam", ref) == {k: v for k, v in dates.items()
                                         if k != "earliest-intervention"}
    svc.close()
    after = later(schools, "2016-03-01")
    day = D(max(dates["compliance-period"], dates["representations-period"])) + timedelta(days=1)
    after.cases.compliance("sam", ref, "not-complied", day)
    after.cases.intention_to_intervene("sam", ref, ["s64"], day)
    assert after.cases.show("sam", ref)["powers_may_be_used_from"] == \
        dates["earliest-intervention"]
    after.close()
