"""The evidence bundle holds the whole evidence issue 15 lists (SQLite and PostgreSQL): the school's
Ofsted and category history, visit reports, improvement plans with their reviews, progress
meetings (papers, notes, decisions, actions, outcome letters as sent), support forms sent as
letters and uploaded files with the
case events, each listed with its SHA-256 and checked by `scc audit verify-bundle`; a file of
another case of the school is kept and said to be that case's; the timeline says both as-of
answers in words and prints UK time, never UTC."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from scc.audit.bundle import check_bundle
from tests.test_visit_record import RECORD, pdf_text

D = date.fromisoformat
PDF = b"%PDF-1.4 "


@pytest.fixture
def bundle(services, tmp_path: Path):
    """Oak's second case exported by the legal officer, after a first case closed with a file of
    its own; a visit report sent, an action plan with two termly reviews, and a progress meeting
    with two papers, its minutes and outcome letter; a support bid's Form A1 sent."""
    svc = services
    svc.ctx.files = tmp_path / "files"
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    svc.schools.record_ofsted("sam", "100001", D("2024-06-10"), "requires-improvement")
    svc.categorisation.allocate("sam", "100001", "sue", D("2025-09-01"))
    first = svc.cases.open("sam", "100001", "Falling standards", D("2025-09-10"))
    svc.evidence.upload("sue", "case", first, "log.pdf", PDF + b"first case log")
    svc.cases.close("sam", first, D("2025-10-01"), "Concerns resolved")
    case = svc.cases.open("sam", "100001", "Attendance falling", D("2026-01-05"))
    svc.cases.notice_of_concern("sam", case, D("2026-01-12"), D("2026-02-27"),
                                "Governance of attendance.")
    svc.evidence.upload("sue", "case", case, "register.pdf", PDF + b"attendance register")

    visit = svc.visits.plan("sue", "100001", D("2026-01-27"), on=D("2026-01-20"))
    svc.visits.hold("sue", visit, D("2026-01-27"), "Reading", "Lessons", "secure",
                    "Audit the books", record=RECORD)
    svc.visits.send_report("sue", visit, D("2026-02-02"))

    plan = svc.plans.receive("sam", "100001", "action-plan", "Governing body action plan", [
        {"objective": "Raise attendance to 95%", "success_criteria": ["Weekly attendance 95%"],
         "owner": "Headteacher", "due": D("2026-07-17")}], D("2026-02-20"), case)
    svc.plans.review("sue", plan, D("2026-03-20"), "Spring 2026",
                     {1: {"rating": "at-risk", "evidence": "Attendance 91% in March."}})
    svc.plans.review("sue", plan, D("2026-05-20"), "Summer 2026",
                     {1: {"rating": "on-track", "evidence": "Attendance 94% in May."}})

    meeting = svc.meetings.schedule("sam", "100001", D("2026-03-04"), ["Service Manager"],
                                    on=D("2026-02-02"), starts_at="16:00",
                                    place="Oak Primary School")["reference"]
    for paper in ("sdp", "sef"):
        svc.evidence.upload("sue", "meeting", meeting, f"{paper}.pdf", PDF + paper.encode(),
                            paper=paper, on=D("2026-02-20"))
    svc.meetings.hold("sam", meeting, D("2026-03-04"), [])
    svc.meetings.minutes("sam", meeting, "Reading in Year 2 is improving.",
                         ["Pupil premium review to be commissioned"],
                         [{"action": "Phonics training for all staff", "owner": "Headteacher",
                           "due": D("2026-04-01")}], D("2026-03-04"))
    svc.meetings.outcome("sam", meeting, "continue", "Progress is not yet secure", D("2026-03-05"))
    svc.meetings.send_letter("sam", meeting, D("2026-03-06"))

    today = svc.ctx.clock.today()
    texts = dict.fromkeys(("summary", "reason", "budget_position", "brokering", "impact",
                           "monitoring"), "Reading")
    svc.support.submit_bid("sam", "100001", {"literacy": "1000"}, "one-term", texts, today)
    svc.support.issue_bid_form("sam", "100001-B1", "A1", today)

    path = tmp_path / "bundle.zip"
    path.write_bytes(svc.audit.export("lee", case)[0])
    return path, {"first": first, "case": case, "visit": visit, "plan": plan,
                  "meeting": meeting}


def test_the_bundle_holds_the_schools_history_reports_plans_meetings_and_files(bundle):
    path, ref = bundle
    assert check_bundle(path).ok, check_bundle(path).problems
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        records = json.loads(archive.read("records.json"))
    assert names - {"manifest.json"} == set(manifest["files"])  # every document hashed

    assert [j["outcome"] for j in records["ofsted"]] == ["requires-improvement"]
    assert records["category_history"], "the school's category history is in the bundle"
    (visit,) = records["visits"]
    assert visit["record"]["strengths"] == RECORD["strengths"]
    assert visit["reports"][0]["documents"] == [
        f"records/{ref['visit']}/report-1.{ext}" for ext in ("html", "pdf", "json")]
    (plan,) = records["plans"]
    assert [r["term"] for r in plan["reviews"]] == ["Spring 2026", "Summer 2026"]
    assert plan["case"] == ref["case"]
    (meeting,) = records["meetings"]
    assert meeting["minutes"]["decisions"] == ["Pupil premium review to be commissioned"]
    assert meeting["minutes"]["actions"][0]["owner"] == "Headteacher"
    assert (meeting["outcome"], meeting["starts_at"]) == ("continue", "16:00")
    assert sorted(meeting["papers_received"]) == ["sdp", "sef"]
    letter = meeting["letters"][0]["documents"][1]
    assert letter in names and letter.endswith(".pdf")
    (form,) = records["support_forms"]
    assert (form["record"], form["form"]) == ("100001-B1", "A1")
    assert "records/100001-B1/form-A1-1.pdf" in form["documents"]
    for document in records["documents"]:
        assert manifest["files"][document["path"]] == document["sha256"]

    said = manifest["uploaded_files"]
    assert sorted(said.values()) == [
        f"case {ref['first']} (another case of this school)",
        f"progress meeting {ref['meeting']}", f"progress meeting {ref['meeting']}", "this case"]
    assert all(name in names for name in said)


def test_a_changed_or_missing_report_in_the_bundle_is_reported_by_the_check(bundle, tmp_path):
    path, ref = bundle
    report = f"records/{ref['visit']}/report-1.pdf"
    letter = f"records/{ref['meeting']}/outcome-letter-1.html"
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(altered, "w") as target:
        for item in source.infolist():
            if item.filename == report:
                target.writestr(item, source.read(item) + b"altered")
            elif item.filename != letter:
                target.writestr(item, source.read(item))
    problems = check_bundle(altered).problems
    assert f"{letter}: listed in the manifest but missing" in problems
    assert f"{report}: its bytes changed (SHA-256 differs from the manifest)" in problems
    assert f"{report}: its bytes do not match the SHA-256 recorded when it was sent" in problems
    assert (f"{letter}: recorded as sent but not in the bundle (missing or changed in the "
            "document store at export)") in problems


def test_the_timeline_prints_uk_time_and_says_both_as_of_answers(bundle):
    path, ref = bundle
    with zipfile.ZipFile(path) as archive:
        html = " ".join(archive.read("timeline.html").decode().split())
    assert "UTC" not in html
    assert "Exported by lee (legal) at midnight on 1 June 2026 (UK time)" in html
    assert ("What the authority had recorded by midnight on 1 June 2026:</strong> Notice of "
            "concern issued") in html
    assert ("The case&#39;s position on 1 June 2026, by the dates of the acts, including acts "
            "recorded later:</strong> Notice of concern issued") in html
    for said in ("<td>10 June 2024</td><td>requires-improvement</td>", "<td>AMBER</td>",
                 "1 objective, 2 termly reviews", "1 outcome letter sent",
                 f"({ref['visit']}/PIV/1, 2 February 2026)",
                 f"case {ref['first']} (another case of this school)",
                 "<td>12 January 2026</td>", "Support form A1 of 100001-B1"):
        assert said in html, said


def test_the_timeline_pdf_prints_uk_time_too(bundle, tmp_path):
    path, _ref = bundle
    with zipfile.ZipFile(path) as archive:
        if "timeline.pdf" not in archive.namelist():
            pytest.skip("WeasyPrint is not installed")
        text = pdf_text(archive.read("timeline.pdf"), tmp_path)
    assert "UTC" not in text
    assert "at midnight on 1 June 2026 (UK time)" in text
    assert "What the authority had recorded by midnight on 1 June 2026" in text
