"""An existing single-authority deployment upgrades without losing anything (issue 12, item 3).

The fixture is a store written by scc at commit c5b5b64, before authorities existed: an admin, a
Service Manager, an SEO and a legal officer; two schools; a closure day (5 January 2026); a
category and an allocation; a case with a warning notice given on 19 December 2025 whose
compliance period, with that closure day, ended on 15 January 2026. Opened by this version, the
deployment's authority (SCC_POLICY, Calderdale) becomes its original authority; every stored
event is read as belonging to it by upcasting, and no stored row is changed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from scc.bootstrap import Services
from tests.conftest import cli_against, make_services

FIXTURE = Path(__file__).parent / "fixtures" / "single-authority-c5b5b64.sqlite3"


def _stored_events(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT * FROM stored_events ORDER BY rowid").fetchall()


@pytest.fixture
def upgraded(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "scc.sqlite3"
    shutil.copy(FIXTURE, path)
    return path, f"sqlite:///{path}"


@pytest.fixture
def services(upgraded: tuple[Path, str]) -> Services:
    svc = make_services(upgraded[1])
    yield svc
    svc.close()


def test_the_stored_events_are_kept_byte_for_byte_and_the_audit_chain_verifies(upgraded):
    path, url = upgraded
    before = _stored_events(path)
    svc = make_services(url)
    try:
        audit = svc.audit.verify("lee")
    finally:
        svc.close()
    after = _stored_events(path)
    assert after[:len(before)] == before  # nothing edited; the original authority is appended
    assert len(after) == len(before) + 1
    assert audit["ok"], audit


def test_the_deployment_authority_becomes_the_original_one_and_holds_every_record(services):
    assert services.authorities.served("ada") == [
        {"code": "381", "id": services.authorities.served("ada")[0]["id"], "name": "Calderdale",
         "council": "Calderdale Metropolitan Borough Council", "policy": "calderdale",
         "jurisdiction": "england", "original": True}]
    assert {s["urn"]: s["authority"] for s in services.schools.list("sam")} == {
        "900001": "381", "900002": "381"}
    assert [c["id"] for c in services.cases.list("sam")] == ["900001-1"]
    assert [s["urn"] for s in services.schools.list("sue")] == ["900001"]  # still allocated
    users = {u["name"]: u["authority"] for u in services.admin.users("ada")}
    assert users == {"ada": "381", "lee": "381", "sam": "381", "sue": "381"}


def test_the_closure_day_recorded_before_authorities_still_moves_deadlines(services):
    case = services.cases.show("sam", "900001-1")
    compliance = next(d for d in case["deadlines"] if d["kind"] == "compliance-period")
    assert compliance["due"] == "2026-01-15"  # 5 January 2026 was a closure day
    assert services.admin.closures("ada") == [
        {"day": "2026-01-05", "reason": "Staff training day", "authority": "381"}]
    calendar = services.authorities.calendar("sam", "england-and-wales")
    assert not calendar.is_working_day(__import__("datetime").date(2026, 1, 5))


def test_a_second_authority_added_after_the_upgrade_sees_nothing_of_the_first(upgraded):
    _path, url = upgraded
    scc = cli_against(url)
    assert scc("authority", "add", "--policy", "leeds", user="ada").code == 0
    assert scc("user", "add", "lou", "--role", "service-manager", "--authority", "383",
               user="ada").code == 0
    assert scc("case", "list", "--json", user="lou").json() == []
    assert scc("case", "show", "900001-1", user="lou").code == 4
    assert scc("school", "show", "900001", user="lou").code == 6
    assert scc("case", "list", "--json", user="sam").json()[0]["authority"] == "381"
