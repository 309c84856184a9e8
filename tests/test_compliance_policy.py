"""The authority's `compliance_period_working_days` (issue 10, item 4): the compliance period of a
warning notice given without --compliance-days or --compliance-end, where the law lets the notice
specify it (EIA 2006 s60(1)(b) as amended by EAA 2016 s2). The deadline's rule says where the
number came from; the notice, its preview and the planner give the same number; where the law
fixes the period (a notice given before 18 April 2016, old s60(10)) the law's 15 stands."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from scc.application.notices import NoticeService
from scc.application.planner import planner_of
from scc.bootstrap import Services
from scc.calendar import WorkingDayCalendar
from scc.web import create_app
from tests.conftest import add_people, make_services
from tests.notice_cases import S60
from tests.test_policy_packs import packs, spoil  # noqa: F401
from tests.web_helpers import signed_in

D = date.fromisoformat
OAK = "100001"
CALENDAR = WorkingDayCalendar("england-and-wales")


@pytest.fixture
def twenty_days(packs: Path, database_url: str) -> Iterator[Services]:  # noqa: F811
    """Calderdale's pack giving 20 working days to comply; Oak Primary, a Calderdale school."""
    spoil(packs, "calderdale", "compliance_period_working_days: 15",
          "compliance_period_working_days: 20")
    svc = make_services(database_url)
    add_people(svc)
    svc.schools.add("sam", OAK, "Oak Primary School", "community", "Primary")
    yield svc
    svc.close()


def compliance_period(svc: Services, ref: str) -> dict[str, str]:
    shown = svc.cases.show("sam", ref)["deadlines"]
    return next(d for d in shown if d["kind"] == "compliance-period")


def test_a_notice_naming_no_period_gives_the_authoritys_and_says_so(twenty_days) -> None:
    svc = twenty_days
    ref = svc.cases.open("sam", OAK, "Attainment falling for three years", D("2025-11-03"))
    due = CALENDAR.working_days_after(D("2025-12-19"), 20)
    assert due == D("2026-01-21")  # 15 would be 14 January
    plan = planner_of(svc).warning_notice("sam", OAK, D("2025-12-19"), "s60")
    assert {r["kind"]: r["due"] for r in plan["dates"]}["compliance-period"] == due.isoformat()
    draft = NoticeService(svc.ctx, svc.cases).preview("sam", ref, "s60", S60, D("2025-12-19"))
    assert "the 20th working day after the date of this notice" in draft.html
    assert "Wednesday 21 January 2026" in draft.html

    svc.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-19"))
    period = compliance_period(svc, ref)
    assert period["due"] == due.isoformat()
    assert period["rule"].startswith(
        "20 working days after 2025-12-19, the period the authority's policy pack calderdale "
        "sets: the period the warning notice specifies (EIA 2006 s60(1)(b)")


def test_a_period_the_notice_gives_is_the_notices(twenty_days) -> None:
    svc = twenty_days
    ref = svc.cases.open("sam", OAK, "Attainment falling for three years", D("2025-11-03"))
    svc.cases.warning_notice("sam", ref, "s60", ["standards"], D("2025-12-19"),
                             compliance_days=10)
    period = compliance_period(svc, ref)
    assert period["due"] == CALENDAR.working_days_after(D("2025-12-19"), 10).isoformat()
    assert period["rule"].startswith("10 working days after 2025-12-19: the period the warning")
    assert "policy pack" not in period["rule"]


def test_where_the_law_fixes_the_period_the_authoritys_setting_does_not_apply(
        twenty_days) -> None:
    """Old s60(10): a notice given before 18 April 2016 had 15 working days, whatever the
    authority's policy says now."""
    svc = twenty_days
    ref = svc.cases.open("sam", OAK, "Attainment falling for three years", D("2015-06-01"))
    svc.cases.warning_notice("sam", ref, "s60", ["standards"], D("2015-06-08"))
    period = compliance_period(svc, ref)
    assert period["due"] == CALENDAR.working_days_after(D("2015-06-08"), 15).isoformat()
    assert period["rule"].startswith("15 working days after 2015-06-08: 15 working days, fixed "
                                     "by the Act")


def test_the_web_form_and_plan_page_left_empty_give_the_authoritys_period(twenty_days) -> None:
    svc = twenty_days
    ref = svc.cases.open("sam", OAK, "Attainment falling for three years", D("2025-11-03"))
    app = create_app(svc)
    app.state.web.credentials.set_password("sam", "a long service manager password")
    sam = signed_in(app, "sam", "a long service manager password")
    form = unescape(sam.get(f"/cases/{ref}/warning-notice").text)
    assert ("Leave it and the last day empty for the period the law or the authority's policy "
            "sets.") in form
    preview = sam.post(f"/cases/{ref}/warning-notice", {
        "kind": "s60", "grounds": ["standards"], "evidence": "Results in the lowest 5%.",
        "action_required": "Commission an external review.", "minded_to": "Appoint governors.",
        "on": "2025-12-19", "compliance_days": ""})
    assert preview.status_code == 200, preview.text
    assert "ends on Wednesday 21 January 2026 (21/01/2026), the 20th working day" in re.sub(
        "<[^>]+>", "", unescape(preview.text))  # the date set is marked up in the notice
    plan = unescape(sam.get(f"/plan?urn={OAK}&on=2025-12-19&kind=s60").text)
    assert "21 January 2026" in plan and "the authority's policy pack calderdale sets" in plan


def test_a_welsh_authoritys_period_is_counted_on_the_welsh_calendar(
        packs: Path, database_url: str) -> None:  # noqa: F811
    """The Vale of Glamorgan's pack giving 20 working days: an s3 warning notice naming no period
    (SSO(W)A 2013 s3(2)(d): the notice specifies it) runs 20 Welsh working days, across
    Christmas Eve, which Wales does not count (S.I. 2008/1848 reg 14)."""
    spoil(packs, "vale-of-glamorgan", "compliance_period_working_days: 15",
          "compliance_period_working_days: 20")
    svc = make_services(database_url)
    add_people(svc)
    svc.authorities.add("ada", "vale-of-glamorgan")
    svc.admin.add_user("ada", "wyn", "service-manager", authority="673")
    svc.schools.add("wyn", "400001", "Ysgol Gynradd Sain Tathan", "community", "Primary",
                    authority="673")
    ref = svc.cases.open("wyn", "400001", "Standards have declined", D("2025-12-01"))
    svc.cases.warning_notice("wyn", ref, "s3", ["standards"], D("2025-12-15"))
    (period,) = svc.cases.show("wyn", ref)["deadlines"]
    assert period["due"] == "2026-01-16"  # 15 days would end on 9 January
    assert WorkingDayCalendar("wales-strict").working_days_after(D("2025-12-15"), 20) == D(
        "2026-01-16")
    assert period["rule"].startswith(
        "20 working days after 2025-12-15, the period the authority's policy pack "
        "vale-of-glamorgan sets")
    svc.close()


def test_a_running_process_follows_the_authoritys_new_pack(packs: Path,  # noqa: F811
                                                            database_url: str) -> None:
    """A long-lived process (the web server) that has used Calderdale's pack gives the new
    pack's period as soon as an administrator moves the authority to it."""
    spoil(packs, "calderdale", "compliance_period_working_days: 15",
          "compliance_period_working_days: 20", as_name="calderdale-2027")
    svc = make_services(database_url)
    add_people(svc)
    svc.schools.add("sam", OAK, "Oak Primary School", "community", "Primary")
    svc.schools.add("sam", "100002", "Ash Primary School", "community", "Primary")
    first = svc.cases.open("sam", OAK, "Attainment falling", D("2025-11-03"))
    svc.cases.warning_notice("sam", first, "s60", ["standards"], D("2025-12-19"))
    assert compliance_period(svc, first)["due"] == "2026-01-14"  # 15 days
    svc.authorities.set_policy("ada", "381", "calderdale-2027")
    second = svc.cases.open("sam", "100002", "Attainment falling", D("2025-11-03"))
    svc.cases.warning_notice("sam", second, "s60", ["standards"], D("2025-12-19"))
    assert compliance_period(svc, second)["due"] == "2026-01-21"  # 20 days
    svc.close()
