"""The improvement plan pages (issue 15, item 2): a Service Manager records a plan from the school
page, an officer reviews it termly from the plan page, and the page shows each objective's
rating; a review that leaves an objective unrated is refused and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from scc.demo import load
from scc.web import create_app
from tests.conftest import make_services
from tests.web_helpers import signed_in


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any, dict[str, str]]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('plans') / 'scc.sqlite3'}"
    services = make_services(url)
    demo = load(services)
    yield create_app(services), services, demo.passwords
    services.close()


def test_a_plan_recorded_on_the_web_is_reviewed_and_shows_its_ratings(site) -> None:
    app, services, passwords = site
    sam, sue = signed_in(app, "sam", passwords["sam"]), signed_in(app, "sue", passwords["sue"])
    assert "Record a plan received" in sam.get("/schools/900001").text
    done = sam.post("/schools/900001/receive-plan", {
        "kind": "improvement-plan", "title": "Safeguarding improvement plan", "case": "",
        "on": "2026-05-20",
        "objective_1": "Safeguarding records complete", "criteria_1": "SCR audited\nDSL trained",
        "owner_1": "Headteacher", "due_1": "2026-07-17",
        "objective_2": "Attendance above 94%", "criteria_2": "Weekly attendance meetings",
        "owner_2": "Deputy head", "due_2": "2026-07-17"})
    assert done.status_code == 303, done.text[:800]
    reference = next(p["reference"] for p in services.plans.list("sam", "900001"))
    page = sue.get(f"/plans/{reference}").text
    assert "Safeguarding records complete" in page and "DSL trained" in page
    refused = sue.post(f"/plans/{reference}/review", {
        "term": "Summer 2026", "on": "2026-05-28", "rating_1": "on-track",
        "evidence_1": "SCR audited on 27 May.", "evidence_2": ""})
    assert refused.status_code == 400
    assert services.plans.show("sam", reference)["reviews"] == []
    reviewed = sue.post(f"/plans/{reference}/review", {
        "term": "Summer 2026", "on": "2026-05-28", "rating_1": "on-track",
        "evidence_1": "SCR audited on 27 May.", "rating_2": "off-track",
        "evidence_2": "Attendance 91% this half term."})
    assert reviewed.status_code == 303, reviewed.text[:800]
    page = sam.get(f"/plans/{reference}").text
    assert "govuk-tag--green" in page and "govuk-tag--red" in page
    assert "Attendance 91% this half term." in page


def test_an_officer_may_not_close_a_plan_and_another_officer_does_not_find_it(site) -> None:
    app, _services, passwords = site
    sue = signed_in(app, "sue", passwords["sue"])
    assert sue.get("/plans/900004-P1/close").status_code == 403
    mo = signed_in(app, "mo", passwords["mo"])
    assert mo.get("/plans/900004-P1").status_code == 404
