"""Who sees what (issue 12): every read path, against every role, allocated and unallocated.

The demo authority: sue is the SEO allocated to 900001, 900002 and 900004; tim is an SEO with no
school; hana is 900001's headteacher. Each row names a read path (a web page, an API endpoint, a
document link, an export, a CLI command that reads), how to reach it, and what each person gets:
200/0 with the marked school's data ("with"), 200/0 without it ("without"), 403/6 (refused) or
404/4 (not found: a case, document, visit or progress meeting outside the user's scope is
reported as one that does not exist). The last tests fail when a route or a command is added
without a row here (or, for one that only writes, without a place in WRITES)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from scc.bootstrap import Services
from scc.cli.main import cli
from scc.demo import load
from scc.web import create_app
from scc.web.routes import ROUTERS
from tests.conftest import CliRunnerFn, cli_against, make_services
from tests.web_helpers import Browser, signed_in

PEOPLE = ("ada", "sam", "lee", "sue", "tim", "hana")
TIM_PASSWORD = "tim's long password"

WITH, WITHOUT, REFUSED, HIDDEN, OK = "with", "without", 403, 404, "ok"


def expect(default: Any = REFUSED, **each: Any) -> dict[str, Any]:
    return {name: each.get(name, default) for name in PEOPLE}


# Lists: everyone who reads sees the marked school, except tim (an SEO without it).
LIST = expect(ada=WITH, sam=WITH, lee=WITH, sue=WITH, tim=WITHOUT)
# One case of sue's school: tim is told it does not exist.
CASE = expect(ada=OK, sam=OK, lee=OK, sue=OK, tim=HIDDEN)
SCHOOL = expect(ada=OK, sam=OK, lee=OK, sue=OK)  # a school (public in GIAS): tim refused
# A visit or progress meeting of sue's school: like a case, tim is told it does not exist (hana's
# role reads no visit or meeting outside the portal).
RECORD = expect(ada=OK, sam=OK, lee=OK, sue=OK, tim=HIDDEN)
AUDIT = expect(ada=OK, sam=OK, lee=OK)
ADMIN = expect(ada=OK)
PORTAL = expect(hana=OK)

# (method, route) -> (concrete path, who gets what, the marked school)
WEB: dict[tuple[str, str], tuple[str, dict[str, Any], str | None]] = {
    ("GET", "/dashboard"): ("/dashboard", LIST, "900002"),
    ("GET", "/schools"): ("/schools", LIST, "900002"),
    ("GET", "/schools/{urn}"): ("/schools/900002", SCHOOL, None),
    ("GET", "/schools/{urn}/plan-visit"): ("/schools/900004/plan-visit",
                                           expect(sam=OK, sue=OK), None),
    ("GET", "/schools/{urn}/{form}"): ("/schools/900004/self-assessment",
                                       expect(sam=OK, sue=OK), None),
    ("GET", "/schools/new"): ("/schools/new", expect(ada=OK, sam=OK), None),
    ("GET", "/visits"): ("/visits", LIST, "900004"),
    ("GET", "/visits.csv"): ("/visits.csv", LIST, "900004"),
    ("GET", "/deadlines"): ("/deadlines", LIST, "900001"),
    ("GET", "/deadlines.csv"): ("/deadlines.csv", LIST, "900001"),
    ("GET", "/meetings"): ("/meetings", LIST, "900004"),
    ("GET", "/meetings.csv"): ("/meetings.csv", LIST, "900004"),
    ("GET", "/schools.csv"): ("/schools.csv", LIST, "900002"),
    ("GET", "/visits/{reference}"): ("/visits/900004-V1", RECORD, None),
    ("GET", "/visits/{reference}/reports/{sha256}"): ("{visit_report}", RECORD, None),
    ("GET", "/visits/{reference}/{form}"): ("/visits/900004-V1/hold",
                                            expect(sam=OK, sue=OK, tim=HIDDEN), None),
    ("GET", "/meetings/{reference}"): ("/meetings/900004-M1", RECORD, None),
    ("GET", "/meetings/{reference}/letters/{sha256}"): ("{meeting_letter}", RECORD, None),
    ("GET", "/meetings/{reference}/{form}"): ("/meetings/900004-M1/documents",
                                              expect(sam=OK, sue=OK, tim=HIDDEN), None),
    ("GET", "/plans/{reference}"): ("/plans/900004-P1", RECORD, None),
    ("GET", "/plans/{reference}/{form}"): ("/plans/900004-P1/review",
                                           expect(sam=OK, sue=OK, tim=HIDDEN), None),
    ("GET", "/schools/{urn}/receive-plan"): ("/schools/900004/receive-plan",
                                             expect(sam=OK, sue=OK), None),
    # Estyn's forms are a Welsh school's (tests/test_estyn.py): an English school has none.
    ("GET", "/schools/{urn}/estyn/{form}"): ("/schools/900004/estyn/inspection",
                                             expect(ada=HIDDEN, sam=HIDDEN, lee=HIDDEN,
                                                    sue=HIDDEN), None),
    ("GET", "/schools/{urn}/contacts/add"): ("/schools/900002/contacts/add", expect(sam=OK),
                                             None),
    ("GET", "/schools/{urn}/contacts/{number}/end"): ("/schools/900002/contacts/C1/end",
                                                      expect(sam=OK), None),
    ("GET", "/evidence/{kind}/{reference}"): ("/evidence/meeting/900004-M1", RECORD, None),
    ("GET", "/evidence/{kind}/{reference}/upload"): ("/evidence/meeting/900004-M1/upload",
                                                     expect(sam=OK, sue=OK, tim=HIDDEN), None),
    ("GET", "/evidence/{kind}/{reference}/files/{sha256}"): ("{evidence_file}", RECORD, None),
    ("GET", "/search"): ("/search?q=Brighouse", LIST, "900004"),
    # Support and funding: the bid 900004-B1 awaits the board; the plan 900004-S1 is a draft;
    # each is issued as a letter, and the Secondary Cluster's Form A3 (the `site` fixture).
    ("GET", "/support/board"): ("/support/board", LIST, "900004-B1"),
    ("GET", "/support/board.csv"): ("/support/board.csv", LIST, None),
    ("GET", "/support/board/cluster-report"): ("/support/board/cluster-report",
                                               expect(sam=OK, sue=OK, tim=OK), None),
    ("GET", "/support/clusters/{authority}/documents/{sha256}"): (
        "{cluster_report}", expect(ada=OK, sam=OK, lee=OK), None),
    ("GET", "/support/bids/{reference}"): ("/support/bids/900004-B1", RECORD, None),
    ("GET", "/support/bids/{reference}/documents/{sha256}"): ("{bid_form}", RECORD, None),
    ("GET", "/support/bids/{reference}/{form}"): ("/support/bids/900004-B1/board",
                                                  expect(sam=OK, sue=OK, tim=HIDDEN), None),
    ("GET", "/support/plans/{reference}"): ("/support/plans/900004-S1", RECORD, None),
    ("GET", "/support/plans/{reference}/documents/{sha256}"): ("{plan_form}", RECORD, None),
    ("GET", "/support/plans/{reference}/{form}"): ("/support/plans/900004-S1/submit",
                                                   expect(sam=OK, sue=OK, tim=HIDDEN), None),
    ("GET", "/schools/{urn}/support/{form}"): ("/schools/900004/support/bid",
                                               expect(sam=OK, sue=OK), None),
    ("GET", "/cases"): ("/cases", LIST, "900002"),
    ("GET", "/cases.csv"): ("/cases.csv", LIST, "900002"),
    ("GET", "/cases/{reference}"): ("/cases/900002-1", CASE, None),
    ("GET", "/cases/{reference}/documents/{sha256}"): ("{document}", CASE, None),
    ("GET", "/cases/{reference}/{form}"): ("/cases/900002-1/step-down",
                                           expect(sam=OK, tim=HIDDEN), None),
    ("GET", "/audit"): ("/audit", AUDIT, None),
    ("GET", "/cases/{reference}/audit"): ("/cases/900002-1/audit", AUDIT, None),
    ("POST", "/cases/{reference}/audit/export"): ("/cases/900002-1/audit/export", AUDIT, None),
    ("GET", "/register"): ("/register", LIST, "900004"),
    ("GET", "/register.csv"): ("/register.csv", LIST, "900004"),
    ("GET", "/admin"): ("/admin", ADMIN, None),
    ("GET", "/admin/add-user"): ("/admin/add-user", ADMIN, None),
    ("GET", "/admin/closure"): ("/admin/closure", ADMIN, None),
    ("GET", "/admin/users/{name}"): ("/admin/users/sue", ADMIN, None),
    ("GET", "/admin/users/{name}/deactivate"): ("/admin/users/sue/deactivate", ADMIN, None),
    ("GET", "/admin/users/{name}/{form}"): ("/admin/users/sue/role", ADMIN, None),
    ("GET", "/portal/{urn}"): ("/portal/900001", PORTAL, None),
    ("GET", "/portal/{urn}/visits/{reference}"): (
        "/portal/900001/visits/900001-V1", PORTAL, None),
    ("GET", "/portal/{urn}/letters/{sha256}"): ("{letter}", PORTAL, None),
    ("GET", "/api/cases"): ("/api/cases", LIST, "900002"),
    ("GET", "/api/cases/{reference}"): ("/api/cases/900002-1", CASE, None),
    ("GET", "/api/cases/{reference}/history"): ("/api/cases/900002-1/history", CASE, None),
    ("GET", "/api/deadlines"): ("/api/deadlines", LIST, "900001"),
    ("GET", "/api/register"): ("/api/register", LIST, "900004"),
    ("GET", "/plan"): ("/plan?urn=900002&on=2026-06-15", CASE, None),
    ("GET", "/calendar"): ("/calendar", expect(ada=OK, sam=OK, lee=OK, sue=OK, tim=OK), None),
}
# Routes that read nothing of any school (sign-in, a redirect to one's own portal).
PUBLIC = {("GET", "/"), ("GET", "/sign-in"), ("POST", "/sign-in"), ("POST", "/sign-out"),
          ("GET", "/portal"),
          # Choosing one's own password after a temporary one: only the session that signed in
          # with it reaches the page (tests/test_user_admin.py).
          ("GET", "/change-password"), ("POST", "/change-password"),
          # A calendar feed: no session, but not public. Its address's token decides the user and
          # the feed holds what that user may see, through the one scope rule (tests/test_feeds.py:
          # sue's feed has no school outside her allocation; a revoked or unknown token is 404).
          ("GET", "/feeds/{token}.ics")}
WEB_WRITES = {("POST", "/schools/{urn}/plan-visit"), ("POST", "/visits/{reference}/{form}"),
              ("POST", "/schools/new"), ("POST", "/schools/{urn}/{form}"),
              ("POST", "/cases/{reference}/{form}"), ("POST", "/meetings/{reference}/{form}"),
              ("POST", "/portal/{urn}/visits/{reference}"),
              ("POST", "/admin/add-user"), ("POST", "/admin/closure"),
              ("POST", "/admin/users/{name}/deactivate"), ("POST", "/admin/users/{name}/reactivate"),
              ("POST", "/admin/users/{name}/{form}"),
              ("POST", "/schools/{urn}/receive-plan"), ("POST", "/plans/{reference}/{form}"),
              ("POST", "/schools/{urn}/contacts/add"),
              ("POST", "/schools/{urn}/contacts/{number}/end"),
              ("POST", "/evidence/{kind}/{reference}/upload"),
              ("POST", "/calendar/feed"), ("POST", "/calendar/feed/revoke"),
              ("POST", "/schools/{urn}/support/{form}"), ("POST", "/support/bids/{reference}/{form}"),
              ("POST", "/support/plans/{reference}/{form}"),
              ("POST", "/support/board/cluster-report"),
              ("POST", "/schools/{urn}/estyn/{form}")}

# CLI read commands -> (arguments, who gets what, the marked school). "{document}" is the SHA-256
# of a document issued on 900001-1.
CLI: dict[str, tuple[tuple[str, ...], dict[str, Any], str | None]] = {
    "case show": (("case", "show", "900002-1", "--json"), CASE, None),
    "case history": (("case", "history", "900002-1", "--json"), CASE, None),
    "case list": (("case", "list", "--json"), LIST, "900002"),
    "school show": (("school", "show", "900002", "--json"), SCHOOL, None),
    "school list": (("school", "list", "--json"), LIST, "900002"),
    "school categories": (("school", "categories", "900004", "--json"), SCHOOL, None),
    "school contact list": (("school", "contact", "list", "900002", "--json"), SCHOOL, None),
    "evidence list": (("evidence", "list", "meeting", "900004-M1", "--json"), RECORD, None),
    "evidence get": (("evidence", "get", "meeting", "900004-M1", "{evidence_sha}", "-o", "{out}"),
                     RECORD, None),
    "school review-due": (("school", "review-due", "--json"), LIST, None),  # sue's are reviewed
    "register": (("register", "--csv"), LIST, "900004"),
    "visit show": (("visit", "show", "900004-V1", "--json"), RECORD, None),
    "visit list": (("visit", "list", "--json"), LIST, "900004"),
    "meeting show": (("meeting", "show", "900004-M1", "--json"), RECORD, None),
    "meeting list": (("meeting", "list", "--json"), LIST, "900004"),
    "notice list": (("notice", "list", "900001-1", "--json"), CASE, None),
    "notice get": (("notice", "get", "{document}", "-o", "{out}"), CASE, None),
    "deadlines": (("deadlines", "--json"), LIST, "900001"),
    "reminders list": (("reminders", "list", "--json"), LIST, "900001"),
    "audit verify": (("audit", "verify", "--case", "900002-1", "--json"), AUDIT, None),
    "audit head": (("audit", "head", "--json"), AUDIT, None),
    "audit export": (("audit", "export", "900002-1", "-o", "{out}"), AUDIT, None),
    "user list": (("user", "list", "--json"), ADMIN, None),
    "visit mine": (("visit", "mine", "--json"), LIST, "900004"),
    "search": (("search", "Brighouse", "--json"), LIST, "900004"),
    "improvement-plan show": (("improvement-plan", "show", "900004-P1", "--json"), RECORD, None),
    "improvement-plan list": (("improvement-plan", "list", "--json"), LIST, "900004"),
    # Support and funding: the bid and the support plan the `site` fixture adds for 900004.
    "support bid show": (("support", "bid", "show", "900004-B1", "--json"), RECORD, None),
    "support bid list": (("support", "bid", "list", "--json"), LIST, "900004"),
    "support plan show": (("support", "plan", "show", "900004-S1", "--json"), RECORD, None),
    "support plan list": (("support", "plan", "list", "--json"), LIST, "900004"),
    "support log list": (("support", "log", "list", "900004-S1", "--json"), RECORD, None),
    "support entitlement": (("support", "entitlement", "900004", "--json"), SCHOOL, None),
    "support board": (("support", "board", "--json"), LIST, "900004-B1"),
    # Counts every school of the authority: only those who see them all (Calderdale's pack funds
    # no consortia, so they read that it does not).
    "support consortium-funding": (("support", "consortium-funding", "--json"),
                                   expect(ada=OK, sam=OK, lee=OK), None),
    "plan warning-notice": (("plan", "warning-notice", "900002", "--on", "2026-06-15", "--json"),
                            CASE, None),
    "calendar feed show": (("calendar", "feed", "show", "--json"), LIST, "900002"),
    # The demo's authorities: hana (a headteacher) reads none; everyone else their own.
    "authority list": (("authority", "list", "--json"), expect(
        ada=OK, sam=OK, lee=OK, sue=OK, tim=OK), None),
    "authority show": (("authority", "show", "381", "--json"), expect(
        ada=OK, sam=OK, lee=OK, sue=OK, tim=OK), None),
}
# A visit's report: whoever may see the visit (900001-V1's report is sent in the demo).
CLI["visit report"] = (("visit", "report", "900001-V1", "-o", "{out}"), CLI["visit show"][1], None)
# Commands that read nothing of any school, or only write (each write is checked by its service).
CLI_OTHERS = {
    "audit verify-bundle", "calendar working-days-after", "calendar is-working-day",
    "calendar closures", "calendar feed create", "calendar feed revoke", "policy show", "policy check", "notice types", "scheduler run", "scheduler run-due",
    "serve", "demo load", "projections rebuild", "user add", "user grant", "authority add", "authority set-policy", "user role", "user bind-school",
    "user set-password", "user contact", "user deactivate", "user reactivate", "calendar add-closure", "school add", "school import-gias",
    "school import-links", "school import-ofsted", "school welsh", "school import-wales-categories",
    "school clp form", "school clp join", "school clp leave", "school clp convene",
    "school ofsted", "school estyn", "school estyn-follow-up", "school allocate",
    "school contact add", "school contact end",
    "school categorise self-assessment",
    "school categorise propose", "school categorise discuss", "school categorise confirm",
    "school categorise notify", "notice preview", "notice issue",
    *(f"case {c}" for c in (
        "open", "concerns-shared", "notice-of-concern", "action-plan-received", "warning-notice",
        "compliance", "representations", "ofsted-decision", "authority-representations",
        "authority-decision", "intention-to-intervene", "rd-consent", "rd-notification",
        "rd-warning-notice", "rd-allows-warning-notice", "exercise-power", "academy-order",
        "coasting-notified", "coasting-ended", "rd-power",
        "step-down", "close", "correct", "urgent-risk", "ministers-wait")),
    *(f"visit {c}" for c in ("plan", "hold", "record", "send-report", "report-agreed",
                             "to-manager", "qa", "finalise", "cancel")),
    *(f"meeting {c}" for c in ("schedule", "documents", "hold", "outcome", "arrange", "invite",
                               "minutes", "letter")),
    "evidence upload",
    *(f"improvement-plan {c}" for c in ("receive", "review", "close")),
    *(f"support bid {c}" for c in ("submit", "board", "decide", "impact-report", "commit",
                                   "close")),
    *(f"support plan {c}" for c in ("draft", "submit", "decide", "commit", "review")),
    "support log add", "support bid letter", "support plan letter", "support cluster-report",
    "support roll",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, Services, dict, str]]:
    folder: Path = tmp_path_factory.mktemp("scope")
    url = f"sqlite:///{folder / 'scc.sqlite3'}"
    services = make_services(url)
    demo = load(services)
    _support(services)
    services.admin.add_user("ada", "tim", "seo")
    services.deadlines.queue_reminders(services.ctx.clock.now())
    app = create_app(services)
    app.state.web.credentials.set_password("tim", TIM_PASSWORD)
    yield app, services, {**demo.passwords, "tim": TIM_PASSWORD}, url
    services.close()


def _support(services: Services) -> None:
    """A bid (900004-B1) and a support plan (900004-S1) for sue's school 900004."""
    on = services.ctx.clock.today()
    texts = dict.fromkeys(("summary", "reason", "budget_position", "brokering", "impact",
                           "monitoring"), "Reading")
    services.support.submit_bid("sam", "900004", {"literacy": "1000"}, "one-term", texts, on)
    services.support.draft_plan("sam", "900004", ["Reading"], [
        {"activity": "Coaching", "priority": 1, "impact": "Reading", "role": "sle",
         "who": "SLE", "when": "Summer", "days": "1"}], on)
    services.support.issue_bid_form("sam", "900004-B1", "A1", on)
    services.support.issue_plan_form("sam", "900004-S1", on)
    services.support.issue_cluster_report("sam", "Secondary Cluster", "progress", "A. Head",
                                          "S. Officer", {"pupils": {"impact": "Reading"}}, "", on)


@pytest.fixture(scope="module")
def people(site: Any) -> dict[str, Browser]:
    app, _services, passwords, _url = site
    return {name: signed_in(app, name, passwords[name]) for name in PEOPLE}


@pytest.fixture(scope="module")
def links(site: Any) -> dict[str, str]:
    """A document issued on 900001-1 (sue's school), hana's letter in the portal, the PDF of
    the report sent of 900001-V1 and a file uploaded to the meeting 900004-M1."""
    services = site[1]
    document = next(d for d in services.notices.list("sam", "900001-1") if d.part == "pdf")
    report = services.visits.show("sam", "900001-V1")["reports"][-1]["pdf"]["sha256"]
    paper = services.evidence.upload("sam", "meeting", "900004-M1", "sdp.pdf", b"%PDF-1.4 sdp")
    letter = _meeting_letter(services)
    bid_form = services.support.show_bid("sam", "900004-B1")["forms"][0]["pdf_sha256"]
    plan_form = services.support.show_plan("sam", "900004-S1")["forms"][0]["pdf_sha256"]
    cluster_report = services.support.cluster_reports("sam")[0]["pdf_sha256"]
    return {"{document}": f"/cases/900001-1/documents/{document.sha256}",
            "{bid_form}": f"/support/bids/900004-B1/documents/{bid_form}",
            "{plan_form}": f"/support/plans/900004-S1/documents/{plan_form}",
            "{cluster_report}": f"/support/clusters/381/documents/{cluster_report}",
            "{evidence_file}": f"/evidence/meeting/900004-M1/files/{paper['sha256']}",
            "{evidence_sha}": paper["sha256"],
            "{meeting_letter}": f"/meetings/{letter['reference']}/letters/{letter['pdf_sha256']}",
            "{visit_report}": f"/visits/900001-V1/reports/{report}",
            "{sha}": document.sha256, "{letter}": f"/portal/900001/letters/{document.sha256}"}


def _meeting_letter(services: Services) -> dict[str, Any]:
    """A progress meeting of sue's school 900004, held and concluded, with its outcome letter."""
    on = services.ctx.clock.today()
    reference = services.meetings.schedule("sam", "900004", on, ["Service Manager"])["reference"]
    services.meetings.hold("sam", reference, on, [])
    services.meetings.outcome("sam", reference, "continue", "Progress not yet secure", on)
    return {**services.meetings.send_letter("sam", reference, on), "reference": reference}


def _registered() -> set[tuple[str, str]]:
    """Every route of the web application's routers (the app includes exactly these)."""
    return {(method, route.path) for router in ROUTERS for route in router.routes
            if isinstance(route, APIRoute) for method in route.methods}


def _commands(group: click.Group, prefix: str = "") -> set[str]:
    found = set()
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        found |= _commands(command, f"{path} ") if isinstance(command, click.Group) else {path}
    return found


def _check(who: str, expected: Any, status: int, ok: int, body: str, mark: str | None,
           path: str) -> None:
    if expected in (WITH, WITHOUT, OK):
        assert status == ok, f"{who} got {status} for {path}: {body[:300]}"
        if mark and expected == WITH:
            assert mark in body, f"{who} should see {mark} in {path}"
        if mark and expected == WITHOUT:
            assert mark not in body, f"{who} must not see {mark} in {path}"
    else:
        assert status == expected, f"{who} got {status}, not {expected}, for {path}"


@pytest.mark.parametrize("route", sorted(WEB))
def test_every_web_read_path_shows_each_role_only_its_scope(people, links, route) -> None:
    method, _ = route
    path, table, mark = WEB[route]
    path = links.get(path, path)
    for name in PEOPLE:
        browser = people[name]
        answer = browser.post(path) if method == "POST" else browser.get(path)
        _check(name, table[name], answer.status_code, 200, answer.text if "zip" not in
               answer.headers.get("content-type", "") else "", mark, path)


@pytest.mark.parametrize("command", sorted(CLI))
def test_every_cli_read_command_shows_each_role_only_its_scope(site, links, tmp_path,
                                                               command) -> None:
    scc: CliRunnerFn = cli_against(site[3])
    args, table, mark = CLI[command]
    args = tuple(links["{sha}"] if a == "{document}" else str(tmp_path / "out") if a == "{out}"
                 else links.get(a, a) for a in args)
    codes = {OK: 0, WITH: 0, WITHOUT: 0, REFUSED: 6, HIDDEN: 4}
    for name in PEOPLE:
        result = scc(*args, user=name)
        expected = table[name]
        status = {0: 0, 6: REFUSED, 4: HIDDEN}.get(result.code, result.code)
        _check(name, expected if expected in (WITH, WITHOUT, OK) else codes[expected],
               status if expected in (WITH, WITHOUT, OK) else result.code, 0,
               result.out + result.err, mark, " ".join(args))


def test_every_web_route_has_a_row() -> None:
    """A route added without a row here fails: say who may read what through it."""
    missing = _registered() - set(WEB) - PUBLIC - WEB_WRITES
    assert not missing, f"add these routes to the table of read paths: {sorted(missing)}"
    assert not (set(WEB) | PUBLIC | WEB_WRITES) - _registered()


def test_every_cli_command_has_a_row() -> None:
    missing = _commands(cli) - set(CLI) - CLI_OTHERS
    assert not missing, f"add these commands to the table of read paths: {sorted(missing)}"
    assert not (set(CLI) | CLI_OTHERS) - _commands(cli)


def test_a_document_of_an_unallocated_school_is_not_found(people, links) -> None:
    """Today's bug: GET /cases/REF/documents/SHA gave 200 for a school not allocated."""
    assert people["tim"].get(links["{document}"]).status_code == 404
    assert people["sue"].get(links["{document}"]).status_code == 200
