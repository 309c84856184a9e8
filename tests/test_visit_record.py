"""The visit record as a document (issue 15): everything recorded at a visit kept as drafts on the
Visit, sent as a report through the notices pipeline (HTML and PDF, hashed and kept), every sent
version kept, and an officer's "my visits" (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from typing import Any

import pytest

from scc.application.documents import sha256
from scc.domain.errors import InvalidInput, NotFound, RuleViolation
from scc.notices import MissingFields

D = date.fromisoformat

RECORD: dict[str, Any] = {
    "focus": ["Reading in Key Stage 1", "Governors' monitoring of the improvement plan"],
    "met_with": ["Headteacher", "Chair of governors", "English lead"],
    "evidence": ["Phonics lessons in Year 1 and Year 2", "Scrutiny of reading records"],
    "strengths": ["Phonics is taught daily to a consistent routine"],
    "development": ["Books do not yet match the sounds pupils know"],
    "judgements": [{"area": "Phonics and early reading", "judgement": "secure"},
                   {"area": "Governance", "judgement": "limited"}],
    "actions": [{"action": "Audit the decodable book stock", "owner": "English lead",
                 "due": D("2026-02-27")},
                {"action": "Governors visit a phonics lesson", "owner": "Chair of governors",
                 "due": D("2026-03-13")}],
    "next_visit": D("2026-03-18"),
}


@pytest.fixture
def oak(services):
    """Oak (AMBER, allocated to sue) and Elm (AMBER, allocated to nobody), each with a
    headteacher; a visit to Oak held on 27 January 2026 with its full record."""
    svc = services
    for urn, name in (("100001", "Oak Primary School"), ("100002", "Elm Primary School")):
        svc.schools.add("sam", urn, name, "community", "Primary")
        svc.schools.record_ofsted("sam", urn, D("2024-06-10"), "requires-improvement")
    svc.categorisation.allocate("sam", "100001", "sue", D("2025-09-01"))
    visit = svc.visits.plan("sue", "100001", D("2026-01-27"), on=D("2026-01-20"))
    svc.visits.hold("sue", visit, D("2026-01-27"), "Reading", "Lessons", "secure",
                    "Audit the books", record=RECORD)
    return svc, visit


def pdf_text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True)
    return " ".join(done.stdout.split())


def test_the_record_written_at_the_visit_is_shown_and_sent_in_the_reports_html_and_pdf(
        oak, tmp_path):
    svc, visit = oak
    shown = svc.visits.show("sam", visit)
    assert shown["record"]["focus"] == RECORD["focus"]
    assert shown["record"]["actions"][0] == {"action": "Audit the decodable book stock",
                                             "owner": "English lead", "due": "2026-02-27"}
    assert (shown["drafts"], shown["editable"], shown["reports"]) == (1, True, [])

    sent = svc.visits.send_report("sue", visit, D("2026-02-02"))
    assert sent["version"] == 1
    html = svc.visits.report("sue", visit, "html")
    pdf = svc.visits.report("sue", visit, "pdf")
    assert pdf["content"].startswith(b"%PDF")
    assert pdf["reference"] == f"{visit}/PIV/1"
    text = pdf_text(pdf["content"], tmp_path)
    for said in ("Reading in Key Stage 1", "Chair of governors", "Scrutiny of reading records",
                 "Phonics is taught daily", "Books do not yet match", "Phonics and early reading",
                 "Limited", "Audit the decodable book stock", "English lead",
                 "Friday 27 February 2026", "Wednesday 18 March 2026 (18/03/2026)",
                 "Tuesday 27 January 2026 (27/01/2026)", "within 5 working days"):
        assert said in html["content"].decode(), said
        assert said in text, said
    # Kept like an issued notice: the event names the documents by SHA-256.
    report = svc.visits.show("sam", visit)["reports"][0]
    assert report["pdf"]["sha256"] == sha256(pdf["content"])
    assert svc.visits.document("sam", visit, report["pdf"]["sha256"])["content"] == pdf["content"]


def test_a_draft_can_be_edited_but_a_sent_version_cannot_and_every_sent_version_is_kept(oak):
    svc, visit = oak
    amended = {**RECORD, "strengths": ["Phonics is taught daily", "Staff model sounds well"]}
    assert svc.visits.record("sue", visit, D("2026-01-29"), amended) == 2
    assert svc.visits.show("sue", visit)["record"]["strengths"][1] == "Staff model sounds well"
    assert "Staff model sounds well" in svc.visits.preview_report("sue", visit)

    svc.visits.send_report("sue", visit, D("2026-02-02"))
    first = svc.visits.report("sue", visit)
    before = svc.ctx.store.event_count()
    with pytest.raises(RuleViolation, match="cannot write or amend the visit record while the "
                                            "visit is 'Report sent to the headteacher"):
        svc.visits.record("sue", visit, D("2026-02-03"), {**amended, "strengths": ["Changed"]})
    assert svc.ctx.store.event_count() == before

    # The headteacher's comments reopen the record; the amended version is sent on as version 2
    # and version 1 stays exactly as it was sent.
    svc.admin.add_user("ada", "hana", "headteacher")
    from scc.application.accounts import AccountService
    AccountService(svc.ctx).bind_headteacher("ada", "hana", "100001")
    svc.visits.return_comments("hana", visit, D("2026-02-04"), "The chair was not there.")
    corrected = {**amended, "met_with": ["Headteacher", "English lead"]}
    assert svc.visits.record("sue", visit, D("2026-02-05"), corrected) == 3
    svc.visits.to_service_manager("sue", visit, D("2026-02-05"))
    reports = svc.visits.show("sam", visit)["reports"]
    assert [(r["version"], r["draft"]) for r in reports] == [(1, 2), (2, 3)]
    assert svc.visits.report("sam", visit, version=1)["content"] == first["content"]
    second = svc.visits.report("sam", visit, "html")["content"].decode()
    assert "Chair of governors</li>" not in second.split("Who we met")[1].split("</section>")[0]
    assert "amended after the school's comments" in second
    with pytest.raises(NotFound):
        svc.visits.report("sam", visit, version=3)


def test_a_report_is_not_sent_without_actions_and_nothing_is_kept(oak):
    svc, visit = oak
    svc.visits.record("sue", visit, D("2026-01-28"), {**RECORD, "actions": []})
    before = svc.ctx.store.event_count()
    with pytest.raises(MissingFields, match="actions"):
        svc.visits.send_report("sue", visit, D("2026-02-02"))
    assert svc.ctx.store.event_count() == before
    assert svc.visits.show("sue", visit)["state"] == "held"


@pytest.mark.parametrize("bad, message", [
    ({"focus": []}, "Give the focus of the visit"),
    ({"actions": [{"action": "Audit", "owner": "", "due": D("2026-02-27")}]}, "owner"),
    ({"actions": [{"action": "Audit", "owner": "Head", "due": D("2026-01-02")}]},
     "before the visit"),
    ({"judgements": [{"area": "Maths", "judgement": "excellent"}]}, "progress judgement"),
    ({"next_visit": D("2026-01-20")}, "must be after this one"),
    ({"evidence": ["Books\x00"]}, "control character"),
])
def test_a_record_that_breaks_the_rules_is_refused_and_nothing_is_written(oak, bad, message):
    svc, visit = oak
    before = svc.ctx.store.event_count()
    with pytest.raises(InvalidInput, match=message):
        svc.visits.record("sue", visit, D("2026-01-28"), {**RECORD, **bad})
    assert svc.ctx.store.event_count() == before


def test_a_visit_held_without_a_record_reports_what_the_hold_took(oak, tmp_path):
    svc, _ = oak
    visit = svc.visits.plan("sue", "100001", D("2026-02-03"), on=D("2026-01-20"))
    svc.visits.hold("sue", visit, D("2026-02-03"), "Maths", "Book scrutiny", "limited",
                    "Fluency practice daily")
    svc.visits.send_report("sue", visit, D("2026-02-04"))
    text = pdf_text(svc.visits.report("sue", visit)["content"], tmp_path)
    for said in ("Maths", "Book scrutiny", "Overall progress since the last visit", "Limited",
                 "Fluency practice daily"):
        assert said in text


def test_my_visits_groups_an_seos_visits_and_shows_only_their_schools(oak):
    svc, old = oak  # held on 27 January 2026, its report never sent; today is 1 June 2026
    svc.admin.add_user("ada", "tia", "seo")
    svc.categorisation.allocate("sam", "100002", "tia", D("2025-09-01"))
    elm = svc.visits.plan("tia", "100002", D("2026-06-10"), on=D("2026-05-20"))
    planned = svc.visits.plan("sue", "100001", D("2026-06-15"), on=D("2026-05-20"))
    missed = svc.visits.plan("sue", "100001", D("2026-05-26"), on=D("2026-05-20"))
    extra = "Extra support agreed at the progress meeting"  # beyond AMBER's three visits
    held = svc.visits.plan("sam", "100001", D("2026-05-28"), on=D("2026-05-20"),
                           override_reason=extra)
    due = svc.visits.hold("sue", held, D("2026-05-28"), "Maths", "Books", "secure", "Fluency")
    sent = svc.visits.plan("sam", "100001", D("2026-05-21"), on=D("2026-05-20"),
                           override_reason=extra)
    svc.visits.hold("sue", sent, D("2026-05-21"), "Attendance", "Registers", "secure", "Calls")
    returned_by = svc.visits.send_report("sue", sent, D("2026-05-27"))["return_due"]

    mine = svc.record_lists.visits_needing("sue")
    refs = {group: [v["reference"] for v in rows] for group, rows in mine.items()}
    assert refs == {"overdue": [old, missed], "report_due": [held], "awaiting_school": [sent],
                    "planned": [planned]}
    assert [v["due"] for v in mine["overdue"]] == ["2026-02-10", "2026-05-26"]
    assert (mine["report_due"][0]["due"], mine["awaiting_school"][0]["due"]) == (due, returned_by)
    assert elm not in json.dumps(mine)
    assert [v["reference"] for v in svc.record_lists.visits_needing("tia")["planned"]] == [elm]
    assert [v["reference"] for v in svc.record_lists.visits_needing("sam")["planned"]] == [elm, planned]
