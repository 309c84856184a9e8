"""Two authorities in one database: nothing of one reaches a user of the other (issue 12, items 2
and 5), on SQLite and on PostgreSQL.

The demo serves Calderdale (381, the original authority) and Leeds (383). Here Leeds also has a
warning notice (a document), a visit with a sent report and a progress meeting, so every kind of
record exists in both. Every read path of tests/test_read_scope.py (each web route, API endpoint,
document link, export and CLI read command) is tried by each person against the records of each
authority: a person of one authority gets a refusal (403, 404; exit 6, 4) or a page and output that
names no school, case, visit or meeting of the other. rita (a regional officer granted Leeds) and
ada (the administrator who added Leeds) read both."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from scc.application.accounts import AccountService
from scc.bootstrap import Services
from scc.demo import load
from scc.web import create_app
from tests.conftest import cli_against, make_services
from tests.pg import create_database, drop_database, postgres_admin_url, postgres_required
from tests.test_read_scope import CLI, WEB
from tests.web_helpers import Browser, signed_in

CALDERDALE_ONLY, LEEDS_ONLY, BOTH = ("sam", "lee", "sue"), ("lou", "mo"), ("rita", "ada")
URN = re.compile(r"(?<![0-9a-f])([0-9]{6})(?![0-9a-f])")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                               marks=pytest.mark.postgres)])
def deployment(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[tuple[FastAPI, Services, dict[str, str], str]]:
    admin = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('two') / 'scc.sqlite3'}"
    else:
        admin = postgres_admin_url()
        if admin is None:
            if postgres_required():
                pytest.fail("SCC_REQUIRE_POSTGRES=1 but SCC_TEST_POSTGRES_URL is not set")
            pytest.skip("no PostgreSQL server (set SCC_TEST_POSTGRES_URL)")
        url = create_database(admin)
    services = make_services(url)
    demo = load(services)
    _leeds_records(services)
    yield create_app(services), services, demo.passwords, url
    services.close()
    if admin is not None:
        drop_database(admin, url)


def _leeds_records(services: Services) -> None:
    """A Leeds notice, visit (report sent) and progress meeting, like Calderdale's."""
    today = services.ctx.clock.today()
    ref = services.cases.open("lou", "910002", "Governance concerns.", today - timedelta(days=10))
    services.notices.issue("lou", ref, "s60", {
        "grounds": ["governance"], "evidence": "Governors have not met since March.",
        "action_required": "Reconstitute the governing body.",
        "minded_to": "Appoint additional governors under s64."}, today - timedelta(days=3),
        reason="Governance (EIA 2006 s60(2)(b)).")
    visit = services.visits.plan("mo", "910001", today - timedelta(days=12),
                                 on=today - timedelta(days=20))
    services.visits.hold("mo", visit, today - timedelta(days=12), "Attendance", "Registers",
                         "limited", "An attendance plan")
    services.visits.send_report("mo", visit, today - timedelta(days=5))
    services.meetings.schedule("lou", "910001", today + timedelta(days=21), ["headteacher"],
                               on=today)


@pytest.fixture(scope="module")
def people(deployment: Any) -> dict[str, Browser]:
    app, _services, passwords, _url = deployment
    return {name: signed_in(app, name, passwords[name])
            for name in CALDERDALE_ONLY + LEEDS_ONLY + BOTH}


@pytest.fixture(scope="module")
def urns(deployment: Any) -> dict[str, set[str]]:
    """Every URN (and so every case, visit and meeting reference) of each authority."""
    services = deployment[1]
    found: dict[str, set[str]] = {"381": set(), "383": set()}
    for school in services.schools.list("ada"):
        found[school["authority"]].add(school["urn"])
    return found


@pytest.fixture(scope="module")
def links(deployment: Any) -> dict[str, dict[str, str]]:
    """The document, letter and visit report links of each authority's records."""
    services = deployment[1]
    made = {}
    for code, case, visit, urn in (("381", "900001-1", "900001-V1", "900001"),
                                   ("383", "910002-1", "910001-V1", "910001")):
        document = next(d for d in services.notices.list("ada", case) if d.part == "pdf")
        report = services.visits.show("ada", visit)["reports"][-1]["pdf"]["sha256"]
        made[code] = {"{document}": f"/cases/{case}/documents/{document.sha256}",
                      "{visit_report}": f"/visits/{visit}/reports/{report}",
                      "{letter}": f"/portal/{urn}/letters/{document.sha256}",
                      "{sha}": document.sha256}
    return made


def _leeds(text: str) -> str:
    """The same path or argument for the Leeds record of the same kind: its case 910002-1, its
    school, visit and meeting 910001."""
    text = re.sub(r"90000[124]-1\b", "910002-1", text)
    return re.sub(r"90000[124]", "910001", text)


def _crossed(body: str, foreign: set[str]) -> set[str]:
    return {urn for urn in URN.findall(body) if urn in foreign}


def _other(code: str) -> str:
    return "383" if code == "381" else "381"


@pytest.mark.parametrize("route", sorted(WEB))
@pytest.mark.parametrize("records", ["381", "383"])
def test_no_web_read_path_shows_one_authority_anything_of_the_other(people, links, urns, route,
                                                                    records) -> None:
    method, _ = route
    path = WEB[route][0]
    path = links[records].get(path, path if records == "381" else _leeds(path))
    outsiders = LEEDS_ONLY if records == "381" else CALDERDALE_ONLY
    for name in outsiders:
        answer = people[name].post(path) if method == "POST" else people[name].get(path)
        assert answer.status_code in (200, 303, 403, 404), (name, path, answer.status_code)
        if answer.status_code == 200 and "zip" not in answer.headers.get("content-type", ""):
            crossed = _crossed(answer.text, urns[records])
            assert not crossed, f"{name} of {_other(records)} saw {crossed} at {path}"


@pytest.mark.parametrize("command", sorted(CLI))
@pytest.mark.parametrize("records", ["381", "383"])
def test_no_cli_read_command_shows_one_authority_anything_of_the_other(deployment, links, urns,
                                                                       tmp_path, command,
                                                                       records) -> None:
    scc = cli_against(deployment[3])
    args = tuple(links[records]["{sha}"] if a == "{document}" else str(tmp_path / "out")
                 if a == "{out}" else a if records == "381" else _leeds(a)
                 for a in CLI[command][0])
    outsiders = LEEDS_ONLY if records == "381" else CALDERDALE_ONLY
    for name in outsiders:
        result = scc(*args, user=name)
        assert result.code in (0, 4, 6), (name, args, result.code, result.err)
        if result.code == 0:
            shown = result.out + result.err
            if "{out}" in CLI[command][0] and Path(tmp_path / "out").exists():
                shown += Path(tmp_path / "out").read_bytes().decode("latin-1")
            crossed = _crossed(shown, urns[records])
            assert not crossed, f"{name} of {_other(records)} saw {crossed}: scc {' '.join(args)}"


# The register's entries for an authority's own concern are confidential: a regional officer is
# told they are withheld, so the administrator of both reads it here.
@pytest.mark.parametrize(("who", "path"), [("rita", "/cases"), ("ada", "/register"),
                                           ("rita", "/api/cases"), ("rita", "/dashboard")])
def test_a_reader_of_both_authorities_sees_both_and_can_filter_to_one(people, who, path):
    page = people[who].get(path)
    assert page.status_code == 200
    assert "900002" in page.text or "900004" in page.text or "900001" in page.text
    assert "910001" in page.text
    if path == "/dashboard":  # one dashboard across the user's authorities, no filter
        return
    only_leeds = people[who].get(f"{path}?authority=383")
    assert only_leeds.status_code == 200 and "910001" in only_leeds.text
    assert "900002" not in only_leeds.text and "900004" not in only_leeds.text


def test_a_filter_on_an_authority_the_user_does_not_act_for_is_refused(people, deployment):
    assert people["lou"].get("/cases?authority=381").status_code == 403
    assert people["lou"].get("/cases?authority=38").status_code == 400
    scc = cli_against(deployment[3])
    assert scc("case", "list", "--authority", "381", user="mo").code == 6
    assert scc("register", "--authority", "3810", user="mo").code == 2


def test_the_consortium_adviser_sees_exactly_their_school_in_each_authority(deployment):
    scc = cli_against(deployment[3])
    seen = {row["urn"] for row in scc("school", "list", "--json", user="cal").json()}
    assert seen == {"900008", "910002"}


def test_each_authority_writes_its_own_letters_and_counts_its_own_working_days(deployment):
    services = deployment[1]
    leeds = next(d for d in services.notices.list("lou", "910002-1") if d.part == "html")
    html = services.notices.get("lou", leeds.sha256)[1].decode()
    assert "Leeds City Council" in html and "Calderdale" not in html
    services.admin.add_closure("ada", services.ctx.clock.today() + timedelta(days=400),
                               "Leeds civic day", authority="383")
    assert [c["authority"] for c in services.admin.closures("lou")] == ["383"]
    assert all(c["authority"] == "381" for c in services.admin.closures("sam"))


# Writes are scoped by the same rule: each refused with nothing written.
CROSSING_WRITES = [
    (("case", "open", "--urn", "900004", "--reason", "x", "--on", "2026-05-01"), "lou", 6),
    (("case", "concerns-shared", "900002-1", "--on", "2026-05-01"), "lou", 4),
    (("case", "close", "910001-1", "--on", "2026-05-01", "--reason", "x"), "sam", 4),
    (("school", "ofsted", "910001", "--on", "2026-05-01", "--outcome", "good"), "sam", 6),
    (("school", "allocate", "900004", "--officer", "mo"), "sam", 3),
    (("school", "allocate", "910001", "--officer", "sue"), "lou", 3),
    (("school", "allocate", "910003", "--officer", "sue"), "sam", 6),
    (("visit", "plan", "900004", "--date", "2026-06-10", "--officer", "mo"), "sam", 3),
    (("meeting", "schedule", "910001", "--date", "2026-07-01", "--attendee", "head"),
     "sam", 6),
    (("calendar", "add-closure", "2026-12-01", "--reason", "x", "--authority", "381"),
     "ada", None),
    (("user", "role", "lou", "--role", "seo"), None, 4),
    (("user", "add", "zed", "--role", "seo", "--authority", "383"), None, 6),
    (("case", "correct", "910001-1", "--event", "1", "--text", "x", "--reason", "x"), "sam", 4),
    (("audit", "verify", "--case", "910001-1"), "lee", 4),
    (("audit", "export", "900002-1", "-o", "/dev/null"), "lou", 4),
]


@pytest.mark.parametrize(("args", "who", "code"), CROSSING_WRITES)
def test_no_command_acts_across_authorities(deployment, args, who, code) -> None:
    scc = cli_against(deployment[3])
    who = who or _calderdale_admin(deployment)
    before = deployment[1].ctx.store.event_count()
    result = scc(*args, user=who)
    if code is None:  # the control: ada acts for both authorities, so this one is recorded
        assert result.code == 0, (args, result.err)
        assert deployment[1].ctx.store.event_count() == before + 1
        return
    assert result.code == code, (args, result.code, result.err)
    assert deployment[1].ctx.store.event_count() == before


def _calderdale_admin(deployment: Any) -> str:
    """An administrator of Calderdale only, to try managing Leeds' users."""
    services = deployment[1]
    if not services.ctx.user_exists("cleo"):
        services.admin.add_user("ada", "cleo", "admin", authority="381")
    return "cleo"


def test_a_headteacher_added_on_the_web_belongs_to_their_schools_authority(people, deployment):
    done = people["ada"].post("/admin/add-user", {"name": "kim", "role": "headteacher",
                                                  "school": "910001", "authority": ""})
    assert done.status_code == 303, done.text[:500]
    users = {u["name"]: u for u in deployment[1].admin.users("ada")}
    assert users["kim"]["authority"] == "383"
    assert AccountService(deployment[1].ctx).whois("kim")["school"] == "910001"
    refused = people["ada"].post("/admin/add-user", {"name": "kit", "role": "seo",
                                                     "authority": "999"})
    assert refused.status_code == 403 and "kit" not in {
        u["name"] for u in deployment[1].admin.users("ada")}


@pytest.mark.parametrize("path", ["/cases", "/register", "/dashboard"])
def test_the_authority_is_a_column_and_a_filter_only_for_someone_acting_for_several(people, path):
    several = people["ada"].get(path).text
    assert re.search(r">Authority(</a>)?</th>", several) and ">Leeds</td>" in several
    if path != "/dashboard":  # the dashboard has no filter: it is the user's whole caseload
        assert "All your authorities" in several and "Leeds (383)" in several
    one = people["sam"].get(path).text
    assert not re.search(r">Authority(</a>)?</th>", one) and "All your authorities" not in one


def test_the_register_is_asked_for_a_date_in_three_boxes(people):
    page = people["sam"].get("/register?as_of-day=1&as_of-month=1&as_of-year=2020")
    assert page.status_code == 200 and "As of 1 January 2020" in page.text
    assert 'name="as_of-day" type="text" inputmode="numeric" value="1"' in page.text
    assert people["sam"].get("/register?as_of-day=31&as_of-month=2&as_of-year=2020"
                             ).status_code == 400


def test_search_finds_only_the_schools_and_cases_of_the_users_authorities(deployment, people):
    scc = cli_against(deployment[3])
    found = scc("search", "School", "--json", user="lou").json()
    assert {s["urn"] for s in found["schools"]} == {"910001", "910002"}
    assert {c["id"] for c in found["cases"]} == {"910001-1", "910002-1"}
    both = scc("search", "School", "--json", user="ada").json()
    assert {"900001", "910001"} <= {s["urn"] for s in both["schools"]}
    assert scc("search", "9000", "--json", user="lou").json()["schools"] == []
    page = people["lou"].get("/search?q=Brighouse").text
    assert "No school matches." in page and "900004" not in page
    assert scc("search", "x", user="lou").code == 2  # at least two characters
