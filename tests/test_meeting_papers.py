"""Progress meetings with papers (issue 15, item 3), on SQLite and PostgreSQL: a time and place;
attendees chosen from the school's contacts; the papers due a week before uploaded as evidence
files, each recorded as received (the deadline met once all are in); notes, decisions and actions
with owners and dates; and the outcome letter, addressed to the recorded headteacher, copied to
the chair, rendered as HTML and PDF and kept by SHA-256."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scc.domain.errors import InvalidInput, RuleViolation
from tests.test_wales_letters import pdf_text

D = date.fromisoformat


@pytest.fixture
def meeting(services, tmp_path: Path):
    services.ctx.files = tmp_path / "files"  # this test's own, before the first upload
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.categorisation.allocate("sam", "100001", "sue", D("2025-09-01"))
    services.contacts.add("sam", "100001", "headteacher", "Mrs Ann Patel",
                          ["Oak Primary School", "Oak Lane", "Halifax HX1 1AA"],
                          "head@oak.sch.uk", D("2025-09-01"))
    services.contacts.add("sam", "100001", "chair-of-governors", "Mr Ben Okafor", [], None,
                          D("2025-09-01"))
    reference = services.meetings.schedule(
        "sam", "100001", D("2026-03-04"), ["Service Manager", "sue"], on=D("2026-02-02"),
        starts_at="16:00", place="Oak Primary School, the staff room")["reference"]
    return services, reference


def test_attendees_are_chosen_from_the_schools_contacts(meeting):
    services, reference = meeting
    assert [c["number"] for c in services.meetings.show("sam", reference)["contacts"]] == [
        "C1", "C2"]
    attendees = services.meetings.invite("sam", reference, ["C1", "C2"], D("2026-02-02"))
    assert attendees[-2:] == ["Mrs Ann Patel (headteacher)", "Mr Ben Okafor (chair of governors)"]
    with pytest.raises(InvalidInput, match="Choose from the school's contacts in post"):
        services.meetings.invite("sam", reference, ["C9"], D("2026-02-02"))
    shown = services.meetings.show("sue", reference)
    assert (shown["starts_at"], shown["place"]) == ("16:00", "Oak Primary School, the staff room")
    assert shown["contacts"] == []  # everyone in post is invited


def test_papers_uploaded_a_week_before_meet_their_deadline(meeting):
    services, reference = meeting
    for paper in ("sdp", "sef", "gb-minutes-1", "gb-minutes-2"):
        services.evidence.upload("sue", "meeting", reference, f"{paper}.pdf",
                                 b"%PDF-1.4 " + paper.encode(), paper=paper, on=D("2026-02-20"))
    shown = services.meetings.show("sam", reference)
    assert shown["outstanding"] == [] and shown["documents_due"] == "2026-02-25"
    row = services.meetings.list("sam")[0]
    assert row["documents_complete_on"] == "2026-02-20"
    files = services.evidence.list("sam", "meeting", reference)
    assert sorted(f["paper"] for f in files) == ["gb-minutes-1", "gb-minutes-2", "sdp", "sef"]


def test_the_outcome_letter_says_what_was_decided_and_is_kept(meeting, tmp_path: Path):
    services, reference = meeting
    services.meetings.invite("sam", reference, ["C1", "C2"], D("2026-02-02"))
    for paper in ("sdp", "sef", "gb-minutes-1"):
        services.evidence.upload("sue", "meeting", reference, f"{paper}.pdf",
                                 b"%PDF-1.4 " + paper.encode(), paper=paper, on=D("2026-02-20"))
    with pytest.raises(RuleViolation, match="as held before its notes"):
        services.meetings.minutes("sam", reference, "Too early", [], [], D("2026-02-20"))
    services.meetings.hold("sam", reference, D("2026-03-04"), [])
    with pytest.raises(InvalidInput, match="Action 1 is due on 2026-03-01, before the meeting"):
        services.meetings.minutes("sam", reference, "Notes", [], [
            {"action": "Phonics", "owner": "Head", "due": D("2026-03-01")}], D("2026-03-04"))
    services.meetings.minutes(
        "sam", reference, "Reading in Year 2 is improving.",
        ["Pupil premium review to be commissioned"],
        [{"action": "Phonics training for all staff", "owner": "Headteacher",
          "due": D("2026-04-01")}], D("2026-03-04"))
    with pytest.raises(RuleViolation, match="Record the outcome"):
        services.meetings.send_letter("sam", reference, D("2026-03-05"))
    services.meetings.outcome("sam", reference, "continue", "Progress is not yet secure",
                              D("2026-03-05"))
    sent = services.meetings.send_letter("sam", reference, D("2026-03-06"))
    assert sent["reference"] == f"{reference}/PMO/1"
    addressee, copy = sent["recipients"]
    assert (addressee["name"], addressee["salutation"]) == ("Mrs Ann Patel", "Dear Mrs Patel")
    assert copy["name"] == "Mr Ben Okafor"
    document, pdf = services.meetings.letter("sue", reference, sent["pdf_sha256"])
    assert document.media_type == "application/pdf"
    text = pdf_text(pdf, tmp_path)
    for said in ("Phonics training for all staff", "Pupil premium review to be commissioned",
                 "Progress is not yet secure", "School development plan", "Not received",
                 "16:00", "Mr Ben Okafor"):
        assert said in text, said


def test_a_meeting_with_papers_through_the_cli(scc, tmp_path: Path):
    for args in (("user", "add", "ada", "--role", "admin"),
                 ("user", "add", "sam", "--role", "service-manager")):
        assert scc(*args, user="ada").code == 0
    assert scc("school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type",
               "community", "--phase", "Primary", user="sam").code == 0
    assert scc("school", "contact", "add", "100001", "--role", "headteacher", "--name",
               "Mrs Ann Patel", "--on", "2026-05-01", user="sam").code == 0
    reference = scc("meeting", "schedule", "100001", "--date", "2026-06-01", "--attendee",
                    "Service Manager", "--on", "2026-05-01", user="sam").out.strip()
    assert scc("meeting", "arrange", reference, "--time", "16:00", "--place", "Staff room",
               "--on", "2026-05-01", user="sam").code == 0
    assert scc("meeting", "invite", reference, "--contact", "C1", "--on", "2026-05-01",
               user="sam").code == 0
    paper = tmp_path / "sef.pdf"
    paper.write_bytes(b"%PDF-1.4 self-evaluation")
    uploaded = scc("evidence", "upload", "meeting", reference, str(paper), "--paper", "sef",
                   "--json", user="sam")
    assert uploaded.code == 0 and uploaded.json()["paper"] == "sef"
    renamed = tmp_path / "sdp.pdf"
    renamed.write_bytes(b"MZ not a pdf")
    assert scc("evidence", "upload", "meeting", reference, str(renamed), user="sam").code == 2
    listed = scc("evidence", "list", "meeting", reference, "--json", user="sam").json()
    assert [f["name"] for f in listed] == ["sef.pdf"]
    out = tmp_path / "copy.pdf"
    assert scc("evidence", "get", "meeting", reference, listed[0]["sha256"], "-o", str(out),
               user="sam").code == 0
    assert out.read_bytes() == paper.read_bytes()
    assert scc("meeting", "hold", reference, "--on", "2026-06-01", user="sam").code == 0
    assert scc("meeting", "minutes", reference, "--decision", "Continue", "--action",
               "Phonics | Headteacher | 2026-07-01", "--on", "2026-06-01", user="sam").code == 0
    assert scc("meeting", "outcome", reference, "--outcome", "continue", "--reason",
               "Not yet secure", "--on", "2026-06-01", user="sam").code == 0
    sent = scc("meeting", "letter", reference, "--on", "2026-06-01", "--json", user="sam")
    assert sent.code == 0, sent.err
    assert sent.json()["recipients"][0]["name"] == "Mrs Ann Patel"
    shown = scc("meeting", "show", reference, "--json", user="sam").json()
    assert shown["received"] == {"sef": "2026-06-01"} and shown["starts_at"] == "16:00"
