"""Termly progress meetings: documents a week before, held, and the outcome (SQLite and
PostgreSQL), and the same through `scc meeting`."""

from __future__ import annotations

from datetime import date

import pytest

from scc.domain.errors import InvalidInput, NotPermitted, RuleViolation

D = date.fromisoformat
ALL_DOCUMENTS = ["sdp", "sef", "gb-minutes-1", "gb-minutes-2"]


@pytest.fixture
def red(services):
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.schools.record_ofsted("sam", "100001", D("2025-03-01"), None,
                                   {"leadership-and-management": "requires-improvement"})
    services.categorisation.allocate("sam", "100001", "sue", D("2025-09-01"))
    return services


def schedule(svc, on="2026-02-02", meets_on="2026-03-04"):
    return svc.meetings.schedule("sam", "100001", D(meets_on),
                                 ["Service Manager", "headteacher", "chair of governors", "sue"],
                                 on=D(on))


def test_the_schools_documents_are_due_one_week_before_the_meeting(red):
    scheduled = schedule(red)
    assert scheduled == {"reference": "100001-M1", "documents_due": "2026-02-25"}
    shown = red.meetings.show("sue", "100001-M1")
    assert shown["outstanding"] == ALL_DOCUMENTS
    assert red.categorisation.categories("sam", "100001")["in_progress_meeting_cycle"] is True


def test_the_documents_deadline_is_met_only_when_every_document_is_in(red):
    reference = schedule(red)["reference"]
    assert red.meetings.documents("sue", reference, ["sdp", "sef"], D("2026-02-20")) == [
        "gb-minutes-1", "gb-minutes-2"]
    assert red.meetings.list("sam")[0]["documents_complete_on"] is None
    assert red.meetings.documents("sue", reference, ["gb-minutes-1", "gb-minutes-2"],
                                  D("2026-02-24")) == []
    assert red.meetings.list("sam")[0]["documents_complete_on"] == "2026-02-24"


def test_documents_are_recorded_as_not_received_only_after_their_due_date(red):
    reference = schedule(red)["reference"]
    red.meetings.documents("sue", reference, ["sdp"], D("2026-02-20"))
    before = red.ctx.store.event_count()
    with pytest.raises(RuleViolation, match="due by 2026-02-25"):
        red.meetings.documents_missing("sue", reference, D("2026-02-25"))
    with pytest.raises(InvalidInput, match="Name the documents received from"):
        red.meetings.documents("sue", reference, ["budget"], D("2026-02-20"))
    assert red.ctx.store.event_count() == before
    assert red.meetings.documents_missing("sue", reference, D("2026-02-26")) == [
        "sef", "gb-minutes-1", "gb-minutes-2"]


def test_a_school_making_good_progress_leaves_the_cycle(red):
    reference = schedule(red)["reference"]
    with pytest.raises(NotPermitted):
        red.meetings.hold("sue", reference, D("2026-03-04"), [])
    red.meetings.hold("sam", reference, D("2026-03-04"), [], "Strong impact in KS2 reading")
    red.meetings.outcome("sam", reference, "leave-the-cycle", "Good progress, clear impact",
                         D("2026-03-04"))

    assert red.meetings.show("sam", reference)["outcome"] == "leave-the-cycle"
    categories = red.categorisation.categories("sam", "100001")
    assert categories["in_progress_meeting_cycle"] is False
    assert categories["history"][-1]["step"] == "meeting-cycle-left"


def test_the_outcome_waits_for_the_meeting_to_be_held(red):
    reference = schedule(red)["reference"]
    with pytest.raises(RuleViolation, match="record the meeting as held"):
        red.meetings.outcome("sam", reference, "continue", "Too early", D("2026-03-04"))


def test_scc_meeting_commands(scc):
    scc("user", "add", "ada", "--role", "admin")
    scc("user", "add", "sam", "--role", "service-manager", user="ada")
    scc("school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type", "community",
        "--phase", "Primary", user="sam")
    made = scc("meeting", "schedule", "100001", "--date", "2026-03-04", "--attendee", "headteacher",
               "--on", "2026-02-02", user="sam")
    assert (made.code, made.out.strip()) == (0, "100001-M1")
    assert "documents due by 2026-02-25" in made.err
    assert scc("meeting", "documents", "100001-M1", "--received", "sdp", "--on", "2026-02-20",
               user="sam").code == 0
    assert scc("meeting", "hold", "100001-M1", "--on", "2026-03-04", user="sam").code == 0
    bad = scc("meeting", "outcome", "100001-M1", "--outcome", "escalate", "--reason", "x",
              "--on", "2026-03-04", user="sam")
    assert bad.code == 2
    assert scc("meeting", "outcome", "100001-M1", "--outcome", "recommend-escalation", "--reason",
               "No impact from support", "--on", "2026-03-04", user="sam").code == 0
    shown = scc("meeting", "show", "100001-M1", "--json", user="sam").json()
    assert (shown["state"], shown["outcome"]) == ("concluded", "recommend-escalation")
