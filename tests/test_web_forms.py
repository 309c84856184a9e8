"""The categorisation, progress meeting and correction forms: each records through its service,
says what to fix in plain words, and a refused role gets 403 with nothing written."""

from __future__ import annotations

from typing import Any

from tests.test_web_security import events, people, site  # noqa: F401  (shared fixtures)
from tests.web_helpers import Browser

ON = "2026-05-30"


def test_categorisation_from_proposal_to_notification_and_allocation(
        site: Any, people: dict[str, Browser]) -> None:  # noqa: F811
    services = site[1]
    sue, sam = people["sue"], people["sam"]
    unexplained = sue.post("/schools/900004/propose-category", {"category": "RED", "on": ON})
    assert unexplained.status_code == 400
    assert "Select at least one: criteria that apply." in unexplained.text
    assert "Enter evidence." in unexplained.text
    proposed = sue.post("/schools/900004/propose-category", {
        "category": "RED", "criteria": ["attainment-well-below"],
        "evidence": "KS4 results well below national averages in maths.", "on": ON})
    assert proposed.status_code == 303
    assert sue.post("/schools/900004/discuss-category",
                    {"notes": "Head accepts the data.", "on": ON}).status_code == 303

    before = events(site)
    confirm = {"category": "RED", "reason": "Results well below average.", "on": ON}
    assert sue.post("/schools/900004/confirm-category", confirm).status_code == 403
    assert events(site) == before

    assert sam.post("/schools/900004/confirm-category", confirm).status_code == 303
    notified = sam.post("/schools/900004/notify-category", {"on": ON})
    assert notified.status_code == 303
    assert "Written notification of the category recorded" in sam.get("/schools/900004").text
    assert sam.post("/schools/900004/allocate-officer",
                    {"officer": "tim", "on": ON}).status_code == 303
    shown = services.categorisation.categories("sam", "900004")
    assert (shown["category"], shown["officer"]) == ("RED", "tim")
    assert [h["step"] for h in shown["history"]][-4:] == ["proposed", "discussed", "confirmed",
                                                          "notified"]
    # Back to sue, so the other tests see the demo's allocation.
    assert sam.post("/schools/900004/allocate-officer",
                    {"officer": "sue", "on": ON}).status_code == 303


def test_a_progress_meeting_from_documents_to_outcome(
        site: Any, people: dict[str, Browser]) -> None:  # noqa: F811 (pytest fixtures)
    services = site[1]
    sam, sue = people["sam"], people["sue"]
    no_attendees = sam.post("/schools/900002/schedule-meeting", {"meets_on": "2026-06-20"})
    assert no_attendees.status_code == 400 and "Enter attendees." in no_attendees.text

    before = events(site)
    # tim (an SEO without 900004): the meeting is outside his scope, so not found.
    assert people["tim"].post("/meetings/900004-M1/documents",
                              {"received": ["sdp"], "on": ON}).status_code == 404
    assert people["lee"].post("/meetings/900004-M1/hold",
                              {"on": ON, "present": ["headteacher"]}).status_code == 403
    assert sue.post("/meetings/900004-M1/hold",
                    {"on": ON, "present": ["headteacher"]}).status_code == 403
    assert events(site) == before

    assert sue.post("/meetings/900004-M1/documents",
                    {"received": ["sdp", "sef"], "on": ON}).status_code == 303
    before = events(site)
    early = sam.post("/meetings/900004-M1/documents-missing", {"on": ON})
    assert early.status_code == 409 and "they are not missing until that day has passed" in \
        early.text.replace("&#39;", "'")
    assert events(site) == before
    assert sam.post("/meetings/900004-M1/hold",
                    {"on": ON, "present": ["headteacher", "chair of governors"],
                     "notes": "Reviewed the plan."}).status_code == 303
    assert sam.post("/meetings/900004-M1/outcome",
                    {"outcome": "continue", "reason": "Progress is steady.", "on": ON}
                    ).status_code == 303
    shown = services.meetings.show("sam", "900004-M1")
    assert (shown["state"], shown["outcome"]) == ("concluded", "continue")
    assert set(shown["received"]) == {"sdp", "sef"}


def test_a_legal_officer_cannot_correct_a_case_and_the_service_manager_can(
        site: Any, people: dict[str, Browser]) -> None:  # noqa: F811
    services = site[1]
    history = services.cases.history("sam", "900002-1")
    opened = next(e for e in history if e["data"].get("reason"))
    form = {"version": str(opened["version"]), "text": "Attainment below floor for two years.",
            "reason": "The first reason named the wrong years."}
    before = events(site)
    assert people["lee"].post("/cases/900002-1/correct", form).status_code == 403
    wrong = people["sam"].post("/cases/900002-1/correct", {**form, "version": "999"})
    assert wrong.status_code == 400 and "has no event 999" in wrong.text
    assert events(site) == before

    assert people["sam"].post("/cases/900002-1/correct", form).status_code == 303
    corrections = services.cases.show("sam", "900002-1")["corrections"]
    assert corrections[-1]["event"] == opened["version"], corrections
    assert events(site) == before + 1


def test_the_ofsted_form_refuses_an_overall_grade_after_august_2024_and_takes_the_eras_grades(
        site: Any, people: dict[str, Browser]) -> None:  # noqa: F811 (pytest fixtures)
    sam, before = people["sam"], events(site)
    refused = sam.post("/schools/900007/ofsted", {"outcome": "good", "on": ON})
    assert refused.status_code == 400
    assert "falls in the report-card era (from 10 November 2025)" in refused.text
    assert "--grade AREA=GRADE" in refused.text
    assert events(site) == before
    recorded = sam.post("/schools/900007/ofsted", {
        "on": ON, "grades": "achievement=expected-standard\nsafeguarding=met"})
    assert recorded.status_code == 303
    latest = site[1].schools.show("sam", "900007")["ofsted"][-1]
    assert (latest["inspected_on"], latest["era"], latest["grades"]) == (
        ON, "report-card", {"achievement": "expected-standard", "safeguarding": "met"})
    malformed = sam.post("/schools/900007/ofsted", {"on": "2026-05-29", "grades": "achievement"})
    assert malformed.status_code == 400 and "AREA=GRADE" in malformed.text
